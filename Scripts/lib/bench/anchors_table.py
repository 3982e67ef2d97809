#!/usr/bin/env python3
"""Prints `Scripts/bench anchors` results as a Markdown table: medians with min-max and airtrend/CLI ratios.
usage: anchors_table.py RESULTS.tsv DATE MACHINE   (rows: name, pair, wall_s, peak_kB, written_bytes, cpu_s)"""
import statistics
import sys

path, date, machine = sys.argv[1:4]
rows = {}
for line in open(path):
    name, pair, wall, rss, written, cpu = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append((float(wall), int(rss), int(float(written)), float(cpu)))


def col(name, i):
    return [r[i] for r in rows.get(name, [])]


def summary(values, unit="s", scale=1.0, digits=3):
    if not values:
        return "–"
    v = [x * scale for x in values]
    med = statistics.median(v)
    if len(v) == 1:
        return "%.*f %s" % (digits, med, unit)
    return "%.*f %s (%.*f–%.*f)" % (digits, med, unit, digits, min(v), digits, max(v))


def ratio(a, b):
    if not col(a, 0) or not col(b, 0):
        return "–"
    return "%.2f" % (statistics.median(col(a, 0)) / statistics.median(col(b, 0)))


print("Measured %s on %s; medians with min–max over the pairs." % (date, machine))
print()
print("| job | airtrend | sqlite3 CLI by hand | airtrend / CLI |")
print("|---|---|---|---|")
print("| import 10 M rows (feed order) with every aggregate; CLI: sorted `.import` + aggregate pass (%d pairs) | %s | %s | %s |"
      % (len(col("import_at", 0)), summary(col("import_at", 0), digits=1), summary(col("import_cli", 0), digits=1),
         ratio("import_at", "import_cli")))
print("| CPU time of the import (user + system) | %s | %s | %s |" % (summary(col("import_at", 3), digits=1), summary(col("import_cli", 3), digits=1),
      "%.2f" % (statistics.median(col("import_at", 3)) / statistics.median(col("import_cli", 3))) if col("import_cli", 3) else "–"))
print("| peak memory of the import | %s | %s | |" % (summary(col("import_at", 1), "MB", 1 / 1024, 1), summary(col("import_cli", 1), "MB", 1 / 1024, 1)))
print("| tick: one new hour, 1,000 stations, CLI touched buckets (%d pairs) | %s | %s | %s |"
      % (len(col("tick_at", 0)), summary(col("tick_at", 0)), summary(col("tick_cli", 0)), ratio("tick_at", "tick_cli")))
print("| written per tick (file system outputs) | %s | %s | |"
      % (summary(col("tick_at", 2), "MB", 1 / 1e6, 1), summary(col("tick_cli", 2), "MB", 1 / 1e6, 1)))
if col("wal_at", 2) and col("wal_cli", 2):
    def written(who):
        wal, db = col("wal_" + who, 2)[0], col("dbfile_" + who, 2)[0]
        return "%.1f MB (WAL %.1f + file %.1f)" % ((wal + db) / 1e6, wal / 1e6, db / 1e6)
    print("| bytes SQLite writes in one more tick (strace: the WAL, then the checkpoint into the file) | %s | %s | |"
          % (written("at"), written("cli")))
print("| the same tick inside the running daemon (no process start; cycle time) | %s | | %s |"
      % (summary(col("tick_daemon", 0)), ratio("tick_daemon", "tick_cli")))
print("| 1,000 late revised hours (%d pairs) | %s | %s | %s |"
      % (len(col("late_at", 0)), summary(col("late_at", 0)), summary(col("late_cli", 0)), ratio("late_at", "late_cli")))
if col("late_at", 0) and col("tick_at", 0):
    print("| late revisions / tick (airtrend) | %.2f | | |" % (statistics.median(col("late_at", 0)) / statistics.median(col("tick_at", 0))))
size_at, size_cli = col("size_at", 2), col("size_cli", 2)
if size_at and size_cli:
    print("| store size | %.0f MB | %.0f MB | %.2f |" % (size_at[0] / 1e6, size_cli[0] / 1e6, size_at[0] / size_cli[0]))
print("| `query rolling --window 24h`, one station, one year | %s | | |" % summary(col("query_rolling", 0)))
tables = [(n[6:], r[0][2]) for n, r in rows.items() if n.startswith("table_")]
if tables:
    print()
    print("airtrend store by table: " + ", ".join("%s %.0f MB" % (n, b / 1e6) for n, b in tables))
