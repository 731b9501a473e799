#!/usr/bin/env python3
"""Reads an .ics file with an independent parser and compares its events.

Usage: pip install 'icalendar>=7'
       python3 check_ics.py FILE.ics EXPECTED.json

EXPECTED.json: {"name": "...", "events": [{"uid", "summary", "description"
(or null), "categories": [...], "start": "YYYY-MM-DD" or
"YYYY-MM-DDTHH:MM:SS", "end": same form}]}. All-day events must be DATE
values with the end the next day; timed ones floating (no time zone).
Exits 0 when everything matches, 1 with the differences otherwise.
"""

import datetime as dt
import json
import sys

import icalendar


def iso(value):
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise ValueError(f"{value} has a time zone; floating time expected")
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    return value.isoformat()


def categories(event):
    raw = event.get("CATEGORIES")
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else [raw]
    return [str(c) for item in items for c in item.cats]


def main(ics_path, expected_path):
    with open(ics_path, "rb") as f:
        data = f.read()
    with open(expected_path, encoding="utf-8") as f:
        expected = json.load(f)
    problems = []
    for number, line in enumerate(data.split(b"\r\n"), 1):
        if len(line) > 75:
            problems.append(f"line {number} has {len(line)} octets")
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number} has a bare CR or LF")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number} is not whole UTF-8")
    cal = icalendar.Calendar.from_ical(data)
    # calendar_name reads NAME (RFC 7986) or X-WR-CALNAME as unescaped text.
    if cal.calendar_name != expected["name"]:
        problems.append(f"name {cal.calendar_name!r} != {expected['name']!r}")
    if b"\r\nX-WR-CALNAME:" not in data:
        problems.append("no X-WR-CALNAME")
    if str(cal.get("PRODID")) != "-//CareBook//CareBook//VI":
        problems.append(f"PRODID {cal.get('PRODID')!r}")
    got = {str(e.get("UID")): e for e in cal.walk("VEVENT")}
    if sorted(got) != sorted(e["uid"] for e in expected["events"]):
        problems.append(f"uids {sorted(got)}")
    for want in expected["events"]:
        event = got.get(want["uid"])
        if event is None:
            continue
        found = {
            "uid": want["uid"],
            "summary": str(event.get("SUMMARY")),
            "description": str(event["DESCRIPTION"]) if "DESCRIPTION" in event else None,
            "categories": categories(event),
            "start": iso(event.decoded("DTSTART")),
            "end": iso(event.decoded("DTEND")),
        }
        if found != want:
            problems.append(f"{want['uid']}: got {found!r}, expected {want!r}")
        if event.get("DTSTAMP") is None:
            problems.append(f"{want['uid']}: no DTSTAMP")
    for p in problems:
        print(p)
    print(f"{len(expected['events'])} events checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
