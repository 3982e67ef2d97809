#!/usr/bin/env python3
"""Reference figures for airtrend's trend statistics, from SciPy and pymannkendall.

Writes reference.json beside this script. Run it from anywhere:

    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install scipy pymannkendall
    /tmp/ref/bin/python Tests/AirtrendDomainTests/Fixtures/trend/make_reference.py

The StateAir series are computed here from the bundled raw files, sharing nothing with
airtrend: GB 3095-2012 / HJ 663-2013 rules, Beijing local days (StateAir labels the start of
the hour in UTC+8, so a row's Year/Month/Day is its local day), `-999` / QC `Missing` left
out, negative values dropped (airtrend quarantines them), a day valid with >= 20 hours, a
month valid with >= 27 valid days (February >= 25), the annual mean = the mean of the year's
valid daily means, a year complete with >= 324 valid days and all 12 months valid.

Every figure is the package's own output, except two that no package offers, computed here
from package output and stated as such in the JSON (`derived`):
  * p_sf: 2 * scipy.stats.norm.sf(|z|), the two-sided p without pymannkendall's cancellation
    in 2 * (1 - norm.cdf(|z|)) (the two agree to ~1e-16 absolute; the script checks it);
  * the seasonal Sen slope's confidence bounds: the rank rule of Sen (1968) that
    scipy.stats.theilslopes applies, on the within-season slopes, with pymannkendall's
    seasonal Var(S). The script checks the rule reproduces theilslopes on the annual cases.
"""
import glob
import json
import math
import os
import platform
import sys
from collections import defaultdict

import numpy as np
import pymannkendall as mk
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
STATEAIR = os.path.join(ROOT, "Config", "data", "stateair-beijing")
CONFIDENCE = 0.95


def plain(value):
    """A JSON-ready number: numpy scalars to Python, NaN to None."""
    value = float(value)
    return None if math.isnan(value) else value


# StateAir, independently -------------------------------------------------------------

def stateair_days():
    hours = defaultdict(list)  # (year, month, day) -> values
    for path in sorted(glob.glob(os.path.join(STATEAIR, "Beijing_*.csv"))):
        with open(path, encoding="latin-1") as handle:
            for line in handle:
                fields = line.rstrip("\r\n").split(",")
                if len(fields) < 11 or fields[0] != "Beijing" or fields[1] != "PM2.5":
                    continue
                value = float(fields[7])
                if value == -999 or fields[10].startswith("Missing") or value < 0:
                    continue
                hours[(int(fields[3]), int(fields[4]), int(fields[5]))].append(value)
    return {key: sum(values) / len(values) for key, values in hours.items() if len(values) >= 20}


def stateair_series():
    days = stateair_days()
    by_month = defaultdict(list)
    by_year = defaultdict(list)
    for (year, month, _), mean in sorted(days.items()):
        by_month[(year, month)].append(mean)
        by_year[year].append(mean)
    months = {}
    for (year, month), means in by_month.items():
        needed = 25 if month == 2 else 27
        months[(year, month)] = {"mean": sum(means) / len(means), "valid_days": len(means), "valid": len(means) >= needed}
    years = []
    for year, means in sorted(by_year.items()):
        with_data = sum(1 for m in range(1, 13) if (year, m) in months)
        all_valid = all(months.get((year, m), {}).get("valid", False) for m in range(1, 13))
        years.append({"year": year, "mean": sum(means) / len(means), "valid_days": len(means),
                      "months_with_data": with_data, "complete": len(means) >= 324 and all_valid})
    return years, months


# The statistics ------------------------------------------------------------------------

def rank_bounds(sorted_slopes, var_s):
    """Sen's (1968) interval: ranks round((N + z*sigma)/2) - 1 and round((N - z*sigma)/2), z < 0."""
    if var_s < 0:
        return (float("nan"), float("nan"))
    alpha = 1 - CONFIDENCE
    z = stats.norm.ppf(alpha / 2)
    sigma = math.sqrt(var_s)
    count = len(sorted_slopes)
    upper = min(int(np.round((count - z * sigma) / 2)), count - 1)
    lower = max(int(np.round((count + z * sigma) / 2)) - 1, 0)
    return (sorted_slopes[lower], sorted_slopes[upper])


def p_checked(z, p_package):
    p_sf = 2 * stats.norm.sf(abs(z))
    assert abs(p_sf - p_package) <= 1e-15, (p_sf, p_package)
    return p_sf


def theil_sen(x, y):
    fit = stats.theilslopes(y, x, alpha=CONFIDENCE, method="joint")
    return {"slope": plain(fit.slope), "intercept": plain(fit.intercept), "slope_lower": plain(fit.low_slope),
            "slope_upper": plain(fit.high_slope), "n": len(y),
            "intercept_separate": plain(stats.theilslopes(y, x, alpha=CONFIDENCE).intercept)}


def mann_kendall(y):
    r = mk.original_test(np.asarray(y, dtype=float))
    return {"s": int(r.s), "var_s": plain(r.var_s), "z": plain(r.z), "p": plain(r.p), "p_sf": plain(p_checked(r.z, r.p)),
            "tau": plain(r.Tau), "n": int(np.sum(~np.isnan(np.asarray(y, dtype=float)))), "trend": r.trend}


def annual_case(name, x, y, note):
    case = {"name": name, "kind": "annual", "note": note, "x": x, "y": y,
            "theil_sen": theil_sen(np.asarray(x, dtype=float), np.asarray(y, dtype=float)),
            "mann_kendall": mann_kendall(y)}
    if len(set(x)) == len(x):
        # The rank rule written above must reproduce theilslopes where x has no ties
        # (then its Var(S) is Mann-Kendall's).
        slopes = sorted((y[j] - y[i]) / (x[j] - x[i]) for i in range(len(x)) for j in range(len(x)) if x[j] > x[i])
        lower, upper = rank_bounds(slopes, case["mann_kendall"]["var_s"])
        ts = case["theil_sen"]
        assert plain(lower) == ts["slope_lower"] and plain(upper) == ts["slope_upper"], (name, lower, upper, ts)
    return case


def seasonal_case(name, series, note, period=12):
    x = np.asarray([np.nan if v is None else v for v in series], dtype=float)
    test = mk.seasonal_test(x, period=period)
    sen = mk.seasonal_sens_slope(x, period=period)
    assert plain(test.slope) == plain(sen.slope) and plain(test.intercept) == plain(sen.intercept)
    slopes = []
    for season in range(period):
        present = [(k // period, x[k]) for k in range(season, len(x), period) if not np.isnan(x[k])]
        for i in range(len(present)):
            for j in range(i + 1, len(present)):
                slopes.append((present[j][1] - present[i][1]) / (present[j][0] - present[i][0]))
    slopes.sort()
    assert float(np.median(slopes)) == float(sen.slope)
    lower, upper = rank_bounds(slopes, float(test.var_s))
    return {"name": name, "kind": "seasonal", "note": note, "period": period, "series": series,
            "seasonal_kendall": {"s": int(test.s), "var_s": plain(test.var_s), "z": plain(test.z), "p": plain(test.p),
                                 "p_sf": plain(p_checked(test.z, test.p)), "tau": plain(test.Tau),
                                 "n": int(np.sum(~np.isnan(x))), "trend": test.trend},
            "seasonal_sen": {"slope": plain(sen.slope), "intercept": plain(sen.intercept), "slope_lower": plain(lower),
                             "slope_upper": plain(upper), "slopes": len(slopes)}}


def stateair_cases():
    years, months = stateair_series()
    cases = []
    complete = [y for y in years if y["complete"]]
    cases.append(annual_case("stateair-annual-complete", [y["year"] for y in complete], [y["mean"] for y in complete],
                             "StateAir annual means of the complete years"))
    cases[-1]["years"] = years
    with_provisional = [y for y in years if y["months_with_data"] == 12]
    cases.append(annual_case("stateair-annual-provisional", [y["year"] for y in with_provisional],
                             [y["mean"] for y in with_provisional],
                             "StateAir annual means of every year with data in all 12 months (--include-provisional)"))
    cases[-1]["provisional"] = [y["year"] for y in with_provisional if not y["complete"]]
    valid = sorted(key for key, m in months.items() if m["valid"])
    first, last = valid[0], valid[-1]
    keys = []
    year, month = first
    while (year, month) <= last:
        keys.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    series = [months[k]["mean"] if k in months and months[k]["valid"] else None for k in keys]
    case = seasonal_case("stateair-monthly", series,
                         "StateAir monthly means of valid months, from the first to the last valid month, missing months null")
    case["start"] = list(first)
    present = [(y + (m - 1) / 12, months[(y, m)]["mean"]) for (y, m) in keys if months.get((y, m), {}).get("valid")]
    # The line on decimal years (x = year + (month - 1)/12): pymannkendall's intercept is at the
    # first month, one cycle per year; at x = 0 it is intercept - slope * x_first.
    x0 = first[0] + (first[1] - 1) / 12
    case["seasonal_sen"]["intercept_at_year_zero"] = case["seasonal_sen"]["intercept"] - case["seasonal_sen"]["slope"] * x0
    case["theil_sen_decimal_years"] = theil_sen(np.asarray([p[0] for p in present]), np.asarray([p[1] for p in present]))
    cases.append(case)
    return cases


def synthetic_cases():
    cases = [
        annual_case("n3", [2014, 2015, 2016], [80.5, 72.25, 75.0],
                    "the smallest series airtrend accepts"),
        annual_case("ties-in-y", list(range(2010, 2022)), [50, 48, 48, 45, 47, 45, 45, 40, 41, 38, 38, 36],
                    "ties in y: two pairs and a triple"),
        annual_case("ties-in-x-and-y", [1, 2, 2, 3, 4, 4, 5, 6, 7, 7], [9, 7, 8, 8, 6, 5, 6, 6, 3, 4],
                    "tied x values (pairs with equal x give no slope) and tied y"),
        annual_case("negative-variance", [1, 1, 1, 1, 2], [1, 1, 1, 1, 2],
                    "ties in x and y leave Sen's variance negative: no confidence bounds (null)"),
        annual_case("constant", [2015, 2016, 2017, 2018, 2019], [40, 40, 40, 40, 40],
                    "no variation: S = 0, Var(S) = 0, Z = 0, p = 1"),
        annual_case("increasing-significant", list(range(2000, 2015)),
                    [10.2, 11.1, 10.8, 12.5, 13.0, 12.9, 14.4, 15.1, 14.8, 16.0, 17.3, 16.9, 18.2, 19.0, 19.4],
                    "a clear rise: p well below 0.05"),
        annual_case("noise", list(range(2005, 2016)), [61, 58, 66, 55, 63, 60, 57, 64, 59, 62, 56],
                    "no trend"),
    ]
    months = []
    for k in range(62):  # 5 years and 2 months, not a whole number of periods
        year, month = divmod(k, 12)
        seasonal = [30, 28, 22, 18, 15, 12, 11, 12, 15, 20, 26, 31][month]
        noise = ((k * 37) % 11 - 5) * 1.5  # deterministic, with repeats
        months.append(round(seasonal + 40 - 2.5 * year + noise, 1))
    with_gaps = list(months)
    for k in (3, 4, 15, 27, 28, 29, 40, 51, 60):
        with_gaps[k] = None
    cases.append(seasonal_case("seasonal-missing-months", with_gaps,
                               "62 months (pads to 72), nine missing, ties within seasons"))
    tied = [None if v is None else float(round(v / 5) * 5) for v in with_gaps]
    cases.append(seasonal_case("seasonal-heavy-ties", tied, "the same series rounded to 5: many ties within seasons"))
    cases.append(seasonal_case("seasonal-n3", [55.0] + [None] * 11 + [50.0] + [None] * 11 + [52.5],
                               "three Januaries only: the smallest seasonal series"))
    quarterly = [20 - 0.7 * (k // 4) + [3, -1, -2, 1][k % 4] + ((k * 5) % 3) * 0.25 for k in range(24)]
    cases.append(seasonal_case("seasonal-period-4", quarterly, "period 4 (quarters)", period=4))
    return cases


def normal_points():
    """scipy.stats.norm at points across the body and both tails, for the CDF and quantile."""
    xs = [-37.5, -20.0, -10.0, -8.0, -6.0, -4.5, -3.0, -1.959963984540054, -1.0, -0.3, 0.0, 0.7, 1.5, 2.5, 5.0, 9.0]
    ps = [1e-300, 1e-100, 1e-20, 1e-12, 1e-6, 0.001, 0.02425, 0.025, 0.025000000000000022, 0.1, 0.3, 0.5, 0.6,
          0.9, 0.975, 0.99, 0.999999]
    return {"cdf": [[x, plain(stats.norm.cdf(x)), plain(stats.norm.sf(x))] for x in xs],
            "quantile": [[p, plain(stats.norm.ppf(p))] for p in ps]}


def main():
    reference = {
        "generator": "Tests/AirtrendDomainTests/Fixtures/trend/make_reference.py",
        "versions": {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                     "pymannkendall": getattr(mk, "__version__", None) or package_version("pymannkendall")},
        "confidence": CONFIDENCE,
        "derived": ["mann_kendall.p_sf", "seasonal_kendall.p_sf", "seasonal_sen.slope_lower", "seasonal_sen.slope_upper",
                    "seasonal_sen.intercept_at_year_zero"],
        "cases": stateair_cases() + synthetic_cases(),
        "normal": normal_points(),
    }
    with open(os.path.join(HERE, "reference.json"), "w") as handle:
        json.dump(reference, handle, indent=1, allow_nan=False)
        handle.write("\n")
    print(f"wrote {len(reference['cases'])} cases with {reference['versions']}", file=sys.stderr)


def package_version(name):
    from importlib.metadata import version
    return version(name)


if __name__ == "__main__":
    main()
