#!/usr/bin/env python3
"""Sums the bytes a traced run wrote to a SQLite store's database file and its WAL.

usage: written_by_file.py STRACE_LOG DATABASE NAME
The log comes from `strace -f -y -e trace=write,pwrite64,pwritev ...` (paths beside descriptors); prints two
rows in the anchors TSV format: wal_NAME and dbfile_NAME with the bytes in the written column. A call that
strace split across threads (`<unfinished ...>` / `<... resumed>`) is joined by its thread id."""
import re
import sys

log, database, name = sys.argv[1:4]
call = re.compile(r"^(\d+)\s+(?:write|pwrite64|pwritev)\(\d+<([^>]*)>")
done = re.compile(r"\)\s+=\s+(\d+)\s*$")
resumed = re.compile(r"^(\d+)\s+<\.\.\. (?:write|pwrite64|pwritev) resumed>.*=\s+(\d+)\s*$")
totals = {database: 0, database + "-wal": 0}
pending = {}
for line in open(log, errors="replace"):
    m = resumed.match(line)
    if m:
        path = pending.pop(m.group(1), None)
        if path in totals:
            totals[path] += int(m.group(2))
        continue
    m = call.match(line)
    if not m:
        continue
    pid, path = m.group(1), m.group(2)
    if line.rstrip().endswith("<unfinished ...>"):
        pending[pid] = path
        continue
    d = done.search(line)
    if d and path in totals:
        totals[path] += int(d.group(1))
print("wal_%s\t1\t0\t0\t%d\t0" % (name, totals[database + "-wal"]))
print("dbfile_%s\t1\t0\t0\t%d\t0" % (name, totals[database]))
