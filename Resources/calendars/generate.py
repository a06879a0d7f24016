#!/usr/bin/env python3
"""Generate cn-a-shares.yaml: weekday closures of the Shanghai and Shenzhen stock exchanges.

Two independently maintained sources are compared year by year:

  * exchange_calendars, calendar "XSHG" (a hard-coded list of closure dates);
  * pandas_market_calendars, calendar "SSE" (its own list in holidays/cn.py).

pandas_market_calendars also offers a calendar named "XSHG", but that one is a mirror of
exchange_calendars; it is not a second source, so it is not used here.

A year is kept only when BOTH sources
  1. really cover it: the year lies inside the library's recorded holiday data (not past the
     end of exchange_calendars' list, and not in the range where pandas_market_calendars
     falls back to rule-based guesses), and the closures look like a complete year (a Spring
     Festival closure in late January/February, every weekday of Oct 1-7 closed, Jan 1
     closed when it is a weekday);
  2. agree exactly on the set of weekday closures;
  3. are self-consistent: the weekdays each library treats as non-trading equal the weekday
     dates of its own holiday lists (adhoc + regular).
Sanity checks on well-known closures (2024 Spring Festival and National Day, the 2020 COVID
extension, the 2015 Victory Day closure) stop the script if they fail.
Years from FIRST_YEAR up to the last such year are written; any year in between that fails is
left out and reported. The script is deterministic: the output depends only on the two
library versions.

Usage (Python 3.10+):
    python3 -m venv /tmp/calvenv
    /tmp/calvenv/bin/pip install exchange_calendars pandas_market_calendars
    /tmp/calvenv/bin/python Resources/calendars/generate.py [--output PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from importlib.metadata import version
from pathlib import Path

import exchange_calendars as xcals
import pandas as pd
import pandas_market_calendars as mcal

FIRST_YEAR = 2015
LAST_YEAR_PROBED = 2035  # probe well past any published year; uncovered years are dropped
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "cn-a-shares.yaml"


# --------------------------------------------------------------------------- sources

def weekdays(year: int) -> list[dt.date]:
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    return [d.date() for d in days if d.weekday() < 5]


class ExchangeCalendarsSource:
    label = "exchange_calendars"
    calendar = "XSHG"

    def __init__(self) -> None:
        self.version = version("exchange_calendars")
        cls = type(xcals.get_calendar(self.calendar))
        self.data_first_year = cls.bound_min().year
        self.data_last_year = cls.bound_max().year  # end of the precomputed holiday list
        self._cal = xcals.get_calendar(
            self.calendar,
            start=pd.Timestamp(f"{max(FIRST_YEAR - 1, self.data_first_year)}-01-01"),
            end=cls.bound_max(),
        )

    def coverage_problem(self, year: int) -> str | None:
        if year > self.data_last_year:
            return f"past the end of its holiday list ({self.data_last_year})"
        return None

    def closures(self, year: int) -> list[dt.date]:
        if not self._cal.first_session.year <= year <= self._cal.last_session.year:
            raise ValueError(f"{year} is outside the calendar's sessions")
        # Filter the full session list instead of sessions_in_range, which raises when the
        # year starts or ends on a non-session at the calendar's bounds.
        open_days = {s.date() for s in self._cal.sessions if s.year == year}
        return [d for d in weekdays(year) if d not in open_days]

    def listed_closures(self, year: int) -> list[dt.date]:
        """Weekday dates in the library's own holiday lists (adhoc + regular rules)."""
        days = [pd.Timestamp(d) for d in self._cal.adhoc_holidays]
        if self._cal.regular_holidays is not None:
            days += list(self._cal.regular_holidays.holidays(f"{year}-01-01", f"{year}-12-31"))
        return sorted({d.date() for d in days if d.year == year and d.weekday() < 5})


class PandasMarketCalendarsSource:
    label = "pandas_market_calendars"
    calendar = "SSE"

    def __init__(self) -> None:
        self.version = version("pandas_market_calendars")
        self._cal = mcal.get_calendar(self.calendar)
        assert self._cal.name == "SSE" and "mirror" not in type(self._cal).__module__
        # Explicit (announced) closures end with the last year of its adhoc list; from the
        # first start_date of its regular-holiday rules on, dates are rule-based guesses.
        self.data_last_year = max(pd.Timestamp(d).year for d in self._cal.adhoc_holidays)
        rules = self._cal.regular_holidays.rules
        self.guess_first_year = min(pd.Timestamp(r.start_date).year for r in rules) if rules else None

    def coverage_problem(self, year: int) -> str | None:
        if self.guess_first_year is not None and year >= self.guess_first_year:
            return f"rule-based guesses from {self.guess_first_year} on, not announced data"
        if year > self.data_last_year:
            return f"past the end of its holiday list ({self.data_last_year})"
        return None

    def closures(self, year: int) -> list[dt.date]:
        valid = self._cal.valid_days(f"{year}-01-01", f"{year}-12-31")
        open_days = {pd.Timestamp(d).date() for d in valid}
        return [d for d in weekdays(year) if d not in open_days]

    def listed_closures(self, year: int) -> list[dt.date]:
        """Weekday dates in the library's own holiday lists (adhoc + regular rules)."""
        days = [pd.Timestamp(d) for d in self._cal.adhoc_holidays]
        days += list(self._cal.regular_holidays.holidays(f"{year}-01-01", f"{year}-12-31"))
        return sorted({d.date() for d in days if d.year == year and d.weekday() < 5})


def shape_problem(year: int, closures: list[dt.date]) -> str | None:
    """Catch a year that a library treats as (mostly) ordinary trading days."""
    closed = set(closures)
    if not any(dt.date(year, 1, 20) <= d <= dt.date(year, 2, 28) for d in closed):
        return "no Spring Festival closure in late Jan/Feb"
    missing = [d for d in (dt.date(year, 10, i) for i in range(1, 8)) if d.weekday() < 5 and d not in closed]
    if missing:
        return "National Day closure incomplete (open on " + ", ".join(map(str, missing)) + ")"
    if dt.date(year, 1, 1).weekday() < 5 and dt.date(year, 1, 1) not in closed:
        return "open on Jan 1"
    return None


# --------------------------------------------------------------------------- names

# Gregorian date of the Mid-Autumn Festival (lunar 8/15). Only used to tell whether an
# October closure also covers Mid-Autumn (e.g. 2017, 2020, 2025); it never decides a date.
MID_AUTUMN = {
    2015: "09-27", 2016: "09-15", 2017: "10-04", 2018: "09-24", 2019: "09-13",
    2020: "10-01", 2021: "09-21", 2022: "09-10", 2023: "09-29", 2024: "09-17",
    2025: "10-06", 2026: "09-25", 2027: "09-15", 2028: "10-03", 2029: "09-22",
    2030: "09-12",
}


def blocks(closures: list[dt.date]) -> list[list[dt.date]]:
    """Group closures into runs; a weekend between two closures does not break a run."""
    runs: list[list[dt.date]] = []
    for d in sorted(closures):
        if runs:
            gap = [runs[-1][-1] + dt.timedelta(days=i) for i in range(1, (d - runs[-1][-1]).days)]
            if all(g.weekday() >= 5 for g in gap):
                runs[-1].append(d)
                continue
        runs.append([d])
    return runs


def block_name(run: list[dt.date]) -> str:
    first, last = run[0], run[-1]
    md = lambda d: (d.month, d.day)  # noqa: E731
    if first == dt.date(2015, 9, 3):
        return "抗战胜利70周年纪念日"
    if md(first) >= (12, 28) or md(first) <= (1, 3):
        return "元旦"
    if (1, 18) <= md(first) <= (2, 28):
        return "春节"
    if (4, 1) <= md(first) <= (4, 7):
        return "清明节"
    if (4, 28) <= md(first) <= (5, 6):
        return "劳动节"
    if (5, 25) <= md(first) <= (6, 28):
        return "端午节"
    if md(last) >= (10, 1) and md(first) <= (10, 8):
        mid = MID_AUTUMN.get(first.year)
        if mid and (first - dt.timedelta(days=3)).isoformat()[5:] <= mid <= (last + dt.timedelta(days=3)).isoformat()[5:]:
            return "国庆节、中秋节"
        return "国庆节"
    if first.month == 9:
        return "中秋节"
    return ""


def names(closures: list[dt.date]) -> dict[dt.date, str]:
    out: dict[dt.date, str] = {}
    for run in blocks(closures):
        name = block_name(run)
        for d in run:  # a Dec 31 closure (e.g. 2018-12-31) is the next year's 元旦
            out[d] = name
    return out


# --------------------------------------------------------------------------- checks

def expect(kept: dict[int, list[dt.date]], year: int, expected: list[str], what: str) -> None:
    if year not in kept:
        print(f"  sanity  {what}: {year} not kept, skipped")
        return
    exp = {dt.date.fromisoformat(s) for s in expected}
    got = set(kept[year])
    ok = exp <= got
    print(f"  sanity  {what}: {'ok' if ok else 'FAILED'}")
    if not ok:
        sys.exit(f"sanity check failed: {what}: missing {sorted(exp - got)}")


def expect_open(kept: dict[int, list[dt.date]], day: str, what: str) -> None:
    d = dt.date.fromisoformat(day)
    if d.year not in kept:
        return
    ok = d not in kept[d.year]
    print(f"  sanity  {what}: {'ok' if ok else 'FAILED'}")
    if not ok:
        sys.exit(f"sanity check failed: {what}")


# --------------------------------------------------------------------------- main

def brief(days: list[dt.date], limit: int = 12) -> str:
    shown = ", ".join(map(str, days[:limit]))
    return f"[{shown}{f', ... ({len(days)} in all)' if len(days) > limit else ''}]"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args()

    a = ExchangeCalendarsSource()
    b = PandasMarketCalendarsSource()
    print(f"source A: {a.label} {a.version}, calendar {a.calendar}; holiday list ends {a.data_last_year}")
    print(f"source B: {b.label} {b.version}, calendar {b.calendar}; holiday list ends {b.data_last_year}, "
          f"rule-based guesses from {b.guess_first_year}")
    print(f"comparing weekday closures per year, {FIRST_YEAR}..{LAST_YEAR_PROBED}:")

    verdicts: dict[int, tuple[list[dt.date] | None, str]] = {}
    for year in range(FIRST_YEAR, LAST_YEAR_PROBED + 1):
        problems = []
        per_source = []
        for src in (a, b):
            cov = src.coverage_problem(year)
            try:
                closed = src.closures(year)
            except Exception as exc:  # e.g. exchange_calendars refuses dates past its bounds
                closed = None
                cov = cov or f"cannot compute ({type(exc).__name__})"
            per_source.append(closed)
            if closed is not None and closed != src.listed_closures(year):
                problems.append(f"{src.label}: its trading days and its holiday list differ")
            if closed is not None:
                shape = shape_problem(year, closed)
                if shape:
                    problems.append(f"{src.label}: {shape}")
            if cov:
                problems.append(f"{src.label}: {cov}")
        ca, cb = per_source
        if ca is not None and cb is not None and ca != cb:
            only_a = sorted(set(ca) - set(cb))
            only_b = sorted(set(cb) - set(ca))
            problems.append(f"sources disagree: only in {a.label}: {brief(only_a)}; "
                            f"only in {b.label}: {brief(only_b)}")
        counts = f"A={len(ca) if ca is not None else '-'} B={len(cb) if cb is not None else '-'}"
        if problems:
            verdicts[year] = (None, "; ".join(problems))
            print(f"  {year}: DROP ({counts}) {verdicts[year][1]}")
        else:
            verdicts[year] = (ca, "")
            print(f"  {year}: keep ({counts}) both agree")

    confirmed = [y for y, (c, _) in verdicts.items() if c is not None]
    if not confirmed:
        sys.exit("no year is confirmed by both sources")
    last = max(confirmed)
    kept = {y: verdicts[y][0] for y in confirmed}
    dropped_inside = [y for y in range(FIRST_YEAR, last + 1) if y not in kept]
    print(f"kept years: {', '.join(map(str, sorted(kept)))}")
    if dropped_inside:
        print(f"dropped years inside the range: {dropped_inside} (see reasons above)")
    print(f"years after {last} are not written (not covered by both sources)")

    print("sanity checks:")
    expect(kept, 2024, ["2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16"],
           "2024 Spring Festival closed Feb 9, 12-16")
    expect_open(kept, "2024-02-19", "2024 trading resumes Feb 19")
    expect(kept, 2024, ["2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-07"],
           "2024 National Day closed Oct 1-4, 7")
    expect(kept, 2020, ["2020-01-24", "2020-01-27", "2020-01-28", "2020-01-29", "2020-01-30", "2020-01-31"],
           "2020 Spring Festival extended through Jan 31 (COVID)")
    expect_open(kept, "2020-02-03", "2020 trading resumes Feb 3")
    expect(kept, 2015, ["2015-09-03", "2015-09-04"], "2015 Victory Day parade closure Sep 3-4")

    lines = [
        "# Shanghai and Shenzhen stock exchange closures on weekdays (weekends are always closed).",
        f"# Source: exchange_calendars {a.version} (XSHG) and pandas_market_calendars {b.version} (SSE), "
        "which agree on every year listed.",
        "# Generated by Resources/calendars/generate.py; operators add each new year when the exchanges publish it.",
        "market: cn-a-shares",
        "years:",
    ]
    for year in sorted(kept):
        closures = sorted(kept[year])
        label = names(closures)
        lines.append(f"  {year}:")
        for d in closures:
            comment = f"  # {label[d]}" if label.get(d) else ""
            lines.append(f"    - {d.isoformat()}{comment}")
        print(f"  {year}: {len(closures)} weekday closures")
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
