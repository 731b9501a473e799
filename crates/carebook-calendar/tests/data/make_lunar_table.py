#!/usr/bin/env python3
"""Independent reference table of the Vietnamese lunar calendar, 1900-2100.

Computed from first principles with astronomy-engine (PyPI `astronomy-engine`,
MIT), not from Ho Ngoc Duc's formulas that the crate implements:

- every new moon (Moon-Sun ecliptic elongation 0) from 1899 to 2101;
- every major solar term (trung khi: apparent solar longitude a multiple of
  30 degrees);
- the civil date of each instant at a fixed offset from UTC (UTC+7 for
  Vietnam; UTC+8 for the Chinese comparison column).

Rules (the same as the crate's, applied to these independent instants):

- a month runs from the date of one new moon to the day before the next;
- month 11 is the month that contains the December solstice;
- when 13 months lie between two months 11, the first month after month 11
  that contains no major term is the leap month and takes the number of the
  month before it;
- month 1 starts the lunar year (Tet).

Output (stdout), one row per lunar year:
    lunar_year,tet,leap_month,cn_new_year,cn_leap_month
where tet / leap_month are at UTC+7 and cn_* at UTC+8; leap_month 0 = none.

Usage: pip install astronomy-engine   (the committed table: version 2.1.19)
       python3 make_lunar_table.py > vn_lunar_1900_2100.csv
"""

import math
import sys

import astronomy

FIRST, LAST = 1900, 2100


def jdn(t, tz_hours):
    """Julian day number of the civil date of instant `t` at UTC+tz_hours."""
    return math.floor(t.ut + 2451545.0 + 0.5 + tz_hours / 24.0)


def jdn_to_iso(j):
    """Gregorian date of a Julian day number (Fliegel & Van Flandern)."""
    a = j + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = 100 * b + d - 4800 + m // 10
    return f"{year:04d}-{month:02d}-{day:02d}"


def instants():
    """New moons and major solar terms from mid-1898 to mid-2102 (UT)."""
    start = astronomy.Time.Make(1898, 6, 1, 0, 0, 0)
    end = astronomy.Time.Make(2102, 6, 1, 0, 0, 0)
    moons = []
    t = start
    while t.ut < end.ut:
        nm = astronomy.SearchMoonPhase(0.0, t, 40.0)
        moons.append(nm)
        t = nm.AddDays(20.0)
    terms = []  # (instant, longitude)
    t = start
    lon = 0
    # first major term after `start`
    while True:
        found = astronomy.SearchSunLongitude(float(lon), t, 400.0)
        if found is not None and found.ut - t.ut < 32:
            break
        lon = (lon + 30) % 360
    while t.ut < end.ut:
        found = astronomy.SearchSunLongitude(float(lon), t, 40.0)
        terms.append((found, lon))
        t = found.AddDays(20.0)
        lon = (lon + 30) % 360
    return moons, terms


def calendar(moons, terms, tz):
    """{lunar_year: (tet_jdn, leap_month)} at UTC+tz."""
    starts = [jdn(m, tz) for m in moons]
    term_days = [jdn(t, tz) for t, _ in terms]
    solstices = [jdn(t, tz) for t, lon in terms if lon == 270]

    def month_index(day):
        # last month starting on or before `day`
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= day:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def has_term(i):
        return any(starts[i] <= d < starts[i + 1] for d in term_days)

    elevens = [month_index(s) for s in solstices]
    months = []  # (lunar_year, month, leap, start_jdn)
    for a, b in zip(elevens, elevens[1:]):
        # the solar year of the December solstice that starts this span
        solar_year = int(jdn_to_iso(starts[a])[:4])
        leap_at = None
        if b - a == 13:
            leap_at = next(i for i in range(a + 1, b) if not has_term(i))
        number, year = 11, solar_year
        for i in range(a, b):
            leap = i == leap_at
            if i > a and not leap:
                number += 1
                if number == 13:
                    number = 1
                if number == 1:
                    year += 1
            months.append((year, number, leap, starts[i]))
    out = {}
    for year, number, leap, start in months:
        entry = out.setdefault(year, [None, 0])
        if number == 1 and not leap:
            entry[0] = start
        if leap:
            entry[1] = number
    return out


def main():
    moons, terms = instants()
    vn = calendar(moons, terms, 7)
    cn = calendar(moons, terms, 8)
    w = sys.stdout.write
    w("lunar_year,tet,leap_month,cn_new_year,cn_leap_month\n")
    for y in range(FIRST, LAST + 1):
        w(f"{y},{jdn_to_iso(vn[y][0])},{vn[y][1]},{jdn_to_iso(cn[y][0])},{cn[y][1]}\n")


if __name__ == "__main__":
    main()
