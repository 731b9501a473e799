#!/usr/bin/env python3
"""First solar day of every lunar month, lunar years 1900-2100, by PyPI
`lunar-vn` (another port of Ho Ngoc Duc's algorithm at UTC+7).

Output (stdout): solar_date,lunar_year,month,leap  (leap: 1 or 0)

Usage: pip install lunar-vn==1.4.0
       python3 make_months_lunar_vn.py > vn_months_lunar_vn.csv
"""

import datetime as dt
import sys

from lunar_vn import core

w = sys.stdout.write
w("solar_date,lunar_year,month,leap\n")
day = dt.date(1900, 1, 31)
while day <= dt.date(2100, 12, 31):
    lunar = core.convert_solar_to_lunar(day.day, day.month, day.year, 7.0)
    if lunar.day == 1:
        w(f"{day.isoformat()},{lunar.year},{lunar.month},{int(lunar.leap)}\n")
    day += dt.timedelta(days=1)
