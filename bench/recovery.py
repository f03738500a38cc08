"""
The recovery-run benchmark (issue 3): `.venv/bin/python -m bench.recovery`, or from `make bench`.

Against a database already seeded with `arrears.seeding` (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/arrears_bench), in one process and one sitting:

1. Takes the run date D: the first working day after the date the data was seeded as of (the
   latest `seeding.data.generated` audit event), the day after the seeded councils' last run.
2. Times a bare `SELECT count(*) FROM accounts_debtaccount`: once to warm the cache, then the
   median of five.
3. Runs the real command `arrears recovery-run --date D --quiet` as a child process, wall
   time: a dry run, then the real run, then the real run again (which must create nothing).
4. Writes the wall times, the real run's ratio to the count(*) scan, the counts and the machine
   into docs/benchmarks.md, between the recovery markers.

The real run changes the data, so this measures once per seeded database: it refuses to run if
a real run for D is already recorded. The goal (issue 3): the real run under 10 s and under
5 times the scan on a 2-core machine.
"""

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/arrears_bench"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
START, END = "<!-- bench:recovery:start -->", "<!-- bench:recovery:end -->"
GOAL_S = 10.0
GOAL_RATIO = 5.0
SCAN_SAMPLES = 5
HEADER = (
    "| date | machine | accounts | cases | run date | count(*) median | dry run | real run "
    "| real / count(*) | evaluated | actions | held | skipped | second real run | goal |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
)


@dataclass
class Run:
    """One `arrears recovery-run` child process: its wall time and its JSON answer."""

    wall_s: float
    answer: dict[str, Any]

    def total(self, key: str) -> int:
        return sum(self.answer.get(key, {}).values())


@dataclass
class Result:
    run_date: dt.date
    accounts: int
    cases: int
    scan_s: float
    dry: Run
    real: Run
    again: Run
    rows_created_again: dict[str, int] = field(default_factory=dict)
    load_before: str = ""


class AlreadyRun(Exception):
    """A real recovery run for the benchmark date is already recorded: reseed first."""


def _seeded_as_of() -> dt.date:
    from arrears.audit.models import AuditEvent

    event = (
        AuditEvent.objects.filter(action="seeding.data.generated").order_by("-occurred_at").first()
    )
    if event is None:
        raise SystemExit("No seeded data here: run `arrears seed` or `make bench` first.")
    return dt.date.fromisoformat(event.detail["as_of"])


def run_date_after(as_of: dt.date) -> dt.date:
    """Return the first working day (England) after `as_of`."""
    from arrears.kernel.calendars import bank_holidays
    from arrears.recovery.domain.periods import next_working_day

    holidays = frozenset(bank_holidays(years=[as_of.year, as_of.year + 1]))
    return next_working_day(as_of + dt.timedelta(days=1), holidays=holidays)


def _scan_s() -> float:
    """Return the median wall time of a bare count(*) of the accounts table, after one warm-up."""
    from django.db import connection

    samples = []
    with connection.cursor() as cursor:
        for attempt in range(SCAN_SAMPLES + 1):
            started = time.perf_counter()
            cursor.execute("SELECT count(*) FROM accounts_debtaccount")
            cursor.fetchone()
            if attempt:
                samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def _recovery_run(run_date: dt.date, *, dry_run: bool) -> Run:
    command = [
        str(Path(sys.executable).with_name("arrears")),
        "recovery-run",
        "--date",
        run_date.isoformat(),
        "--quiet",
    ]
    if dry_run:
        command.append("--dry-run")
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return Run(wall_s=wall, answer=json.loads(done.stdout))


def _row_counts() -> dict[str, int]:
    """Count the rows a run creates (actions, letters, ledger entries, enforcement cases)."""
    from django.db import connection

    tables = {
        "actions": "recovery_recoveryaction",
        "letters": "letters_letter",
        "ledger entries": "ledger_entry",
        "enforcement cases": "enforcement_enforcementcase",
    }
    found = {}
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        for label, table in tables.items():
            if table in existing:
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608
                found[label] = int(cursor.fetchone()[0])
    return found


def measure() -> Result:
    """Measure the run on the seeded database Django is connected to (see the module docstring)."""
    from django.db import connection

    from arrears.accounts.models import DebtAccount
    from arrears.recovery.models import RecoveryCase, RecoveryRun

    as_of = _seeded_as_of()
    run_date = run_date_after(as_of)
    if RecoveryRun.objects.filter(run_date=run_date, is_dry_run=False).exists():
        raise AlreadyRun(f"A real recovery run for {run_date} is already recorded: reseed first.")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    scan = _scan_s()
    accounts = DebtAccount.objects.count()
    cases = RecoveryCase.objects.count()
    connection.close()  # the child processes work alone
    print(f"recovery-run for {run_date} (data as of {as_of})", file=sys.stderr)
    dry = _recovery_run(run_date, dry_run=True)
    print(f"  dry run {dry.wall_s:.1f} s, {dry.answer['evaluated']:,} evaluated", file=sys.stderr)
    real = _recovery_run(run_date, dry_run=False)
    print(f"  real run {real.wall_s:.1f} s, {real.total('actions'):,} actions", file=sys.stderr)
    before = _row_counts()
    connection.close()
    again = _recovery_run(run_date, dry_run=False)
    after = _row_counts()
    created = {label: after[label] - before.get(label, 0) for label in after}
    print(f"  second real run {again.wall_s:.1f} s, created {created}", file=sys.stderr)
    return Result(
        run_date=run_date,
        accounts=accounts,
        cases=cases,
        scan_s=scan,
        dry=dry,
        real=real,
        again=again,
        rows_created_again=created,
        load_before=load,
    )


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    return "unknown"


def _counts(values: dict[str, int]) -> str:
    total = sum(values.values())
    if not total:
        return "0"
    parts = ", ".join(f"{k} {v:,}" for k, v in sorted(values.items(), key=lambda kv: -kv[1]))
    return f"{total:,} ({parts})"


def row(result: Result, *, today: dt.date) -> str:
    """Return the table row for `result`."""
    machine = (
        f"{os.cpu_count()} cores, {_memory_gb()}, {platform.machine()}; "
        f"load {result.load_before} before"
    )
    real_s = result.real.wall_s
    ratio = real_s / result.scan_s if result.scan_s else float("inf")
    goal = "met" if real_s < GOAL_S and ratio < GOAL_RATIO else "MISSED"
    again = result.again.answer
    second = (
        f"{result.again.wall_s:.1f} s: {again['evaluated']:,} evaluated, "
        f"actions {_counts(again['actions'])}; rows created: "
        + ", ".join(f"{k} {v}" for k, v in result.rows_created_again.items())
    )
    real = result.real.answer
    keys = ("evaluated", "actions", "held", "skipped")
    agree = all(result.dry.answer.get(k) == real.get(k) for k in keys)
    dry = f"{result.dry.wall_s:.1f} s ({'same counts' if agree else 'COUNTS DIFFER'})"
    return (
        f"| {today.isoformat()} | {machine} | {result.accounts:,} | {result.cases:,} "
        f"| {result.run_date.isoformat()} | {result.scan_s * 1000:.0f} ms "
        f"| {dry} | {real_s:.1f} s (command {real['elapsed_s']:.1f} s) "
        f"| {ratio:.0f}x | {real['evaluated']:,} | {_counts(real['actions'])} "
        f"| {_counts(real['held'])} | {_counts(real.get('skipped', {}))} | {second} "
        f"| < {GOAL_S:.0f} s and < {GOAL_RATIO:.0f}x: {goal} |"
    )


def write_docs(line: str) -> None:
    """Add `line` to the recovery table in docs/benchmarks.md, leaving the rest as it is."""
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    body, tail = rest.split(END, 1)
    lines = [x for x in body.strip().splitlines() if x.strip()] or list(HEADER)
    lines.append(line)
    DOCS.write_text(f"{head}{START}\n" + "\n".join(lines) + f"\n{END}{tail}")


def main() -> int:
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        print("The recovery benchmark needs PostgreSQL: set DATABASE_URL.", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.config.settings")
    import django

    django.setup()
    from arrears.kernel import clock

    try:
        result = measure()
    except AlreadyRun as error:
        print(error, file=sys.stderr)
        return 2
    write_docs(row(result, today=clock.today()))
    print(f"Wrote {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
