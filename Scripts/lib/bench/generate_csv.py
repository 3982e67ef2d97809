#!/usr/bin/env python3
"""Writes the benchmark's generated input: a generic CSV (station,time,pm25) with
STATIONS stations × HOURS hours, time-major, local time UTC+8, and the same rows
already in the hourly table's column order for the sqlite3 CLI's .import.

usage: generate_csv.py OUT_CSV OUT_TABLE_CSV STATIONS HOURS
"""
import datetime
import sys

out_csv, out_table, stations, hours = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
start = datetime.datetime(2013, 1, 1, 0, 0)
epoch_hour_of_start_utc = int((start - datetime.timedelta(hours=8) - datetime.datetime(1970, 1, 1)).total_seconds()) // 3600
names = ["ST%04d" % s for s in range(stations)]
with open(out_csv, "w", buffering=1 << 20) as a, open(out_table, "w", buffering=1 << 20) as b:
    a.write("station,time,pm25\n")
    b.write("station_id,pollutant,hour,value,import_id,line\n")
    line = 1
    for h in range(hours):
        stamp = (start + datetime.timedelta(hours=h)).strftime("%Y-%m-%d %H:%M")
        utc_hour = epoch_hour_of_start_utc + h
        rows_a = []
        rows_b = []
        for s in range(stations):
            line += 1
            value = (h * 31 + s * 17) % 400 + (s % 10) / 10
            rows_a.append("%s,%s,%.1f\n" % (names[s], stamp, value))
            rows_b.append("%d,1,%d,%.1f,1,%d\n" % (s + 1, utc_hour, value, line))
        a.write("".join(rows_a))
        b.write("".join(rows_b))
