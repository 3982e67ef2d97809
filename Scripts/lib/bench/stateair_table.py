#!/usr/bin/env python3
"""Converts StateAir files into the hourly table's columns (the rows airtrend stores:
Valid, value >= 0), for the sqlite3 CLI baseline. usage: stateair_table.py OUT FILE..."""
import datetime
import sys

out = sys.argv[1]
with open(out, "w") as b:
    b.write("station_id,pollutant,hour,value,import_id,line\n")
    for path in sys.argv[2:]:
        rows = []
        with open(path, encoding="latin-1") as f:
            for number, line in enumerate(f, 1):
                fields = line.rstrip("\n").split(",")
                if len(fields) < 11 or fields[0] != "Beijing" or fields[1] != "PM2.5" or not fields[10].startswith("Valid"):
                    continue
                value = float(fields[7])
                if value < 0:
                    continue
                local = datetime.datetime(int(fields[3]), int(fields[4]), int(fields[5]), int(fields[6]))
                hour = int((local - datetime.timedelta(hours=8) - datetime.datetime(1970, 1, 1)).total_seconds()) // 3600
                # The doubled "hour 3" of US daylight-saving days: the first is really 02:00.
                if rows and rows[-1][0] == hour:
                    rows[-1][0] -= 1
                rows.append([hour, value, number])
        for hour, value, number in rows:
            b.write("1,1,%d,%s,1,%d\n" % (hour, value, number))
