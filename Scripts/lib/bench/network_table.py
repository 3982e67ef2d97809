#!/usr/bin/env python3
"""Converts the UCI multi-site files or the China-network day files into the hourly
table's columns (station_id, pollutant, hour, value, import_id, line), for the sqlite3
CLI baseline of Scripts/bench. Labels mark the end of the hour in Beijing time, as
airtrend reads them. Prints the number of rows written.

usage: network_table.py uci|cnemc OUT FILE...
"""
import datetime
import gzip
import sys

kind, out, files = sys.argv[1], sys.argv[2], sys.argv[3:]
epoch = datetime.datetime(1970, 1, 1)


def utc_hour(y, m, d, h):
    # label h marks the end of the hour; Beijing is UTC+8
    local_start = datetime.datetime(y, m, d) + datetime.timedelta(hours=h - 1)
    return int((local_start - datetime.timedelta(hours=8) - epoch).total_seconds()) // 3600


ids = {}
rows = 0
with open(out, "w") as b:
    b.write("station_id,pollutant,hour,value,import_id,line\n")
    for path in files:
        if kind == "uci":
            with open(path) as f:
                next(f)
                for number, line in enumerate(f, 2):
                    x = line.rstrip("\r\n").replace('"', "").split(",")
                    if x[5] == "NA":
                        continue
                    sid = ids.setdefault(x[17], len(ids) + 1)
                    b.write("%d,1,%d,%s,1,%d\n" % (sid, utc_hour(int(x[1]), int(x[2]), int(x[3]), int(x[4])), x[5], number))
                    rows += 1
        else:
            with gzip.open(path, "rt") as f:
                header = f.readline().rstrip("\r\n").split(",")
                for number, line in enumerate(f, 2):
                    x = line.rstrip("\r\n").split(",")
                    if x[2] != "PM2.5":
                        continue
                    hour = utc_hour(int(x[0][:4]), int(x[0][4:6]), int(x[0][6:]), int(x[1]))
                    for code, value in zip(header[3:], x[3:]):
                        if value:
                            sid = ids.setdefault(code, len(ids) + 1)
                            b.write("%d,1,%d,%s,1,%d\n" % (sid, hour, value, number))
                            rows += 1
print(rows)
