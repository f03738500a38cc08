"""
Run the benchmark: `.venv/bin/python -m bench` (or `make bench`).

1. Recreates the benchmark database (DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/arrears_bench) and migrates it.
2. Seeds ARREARS_BENCH_ACCOUNTS accounts (default 1,000,000) with `seeding.services.seed_data`,
   timing the whole load; the goal is under ten minutes for a million.
3. Times `accounts.selectors.search_parties` for names, postcodes, references and dates of
   birth (median and p95 of ARREARS_BENCH_QUERIES each, default 50), as an officer who sees
   both councils.
4. Times the party page, GET /parties/<id>/, through django.test.Client for random parties.
5. Writes the figures into docs/benchmarks.md, between the bench markers.
6. Times `arrears recovery-run` on the seeded data against a bare count(*) of the accounts
   (`bench/recovery.py`) and writes its own table, between the recovery markers.
Last, `bench/letters.py` prints 10,000 letters to PDF (no database) and writes its own section.
"""

import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/arrears_bench"
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"
SEED_GOAL_S = 600


def _recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _memory_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
    except OSError:
        pass
    return "unknown"


def _search_queries(rng: random.Random, count: int) -> dict[str, list[str]]:
    from arrears.accounts.models import Address, DebtAccount, Party

    top = Party.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def sample_ids(n: int) -> list[int]:
        return [rng.randint(1, top) for _ in range(n)]

    people = list(
        Party.objects.filter(id__in=sample_ids(count * 3), kind="PERSON").values_list(
            "forenames", "surname", "date_of_birth"
        )
    )[:count]
    postcodes = list(
        Address.objects.filter(party_id__in=sample_ids(count * 2)).values_list(
            "postcode", flat=True
        )[:count]
    )
    top_account = DebtAccount.objects.order_by("-id").values_list("id", flat=True).first() or 0
    references = list(
        DebtAccount.objects.filter(
            id__in=[rng.randint(1, top_account) for _ in range(count * 2)]
        ).values_list("reference", flat=True)[:count]
    )
    return {
        "name": [f"{forenames} {surname}" for forenames, surname, _ in people],
        "surname": [surname for _, surname, _ in people],
        "postcode": postcodes,
        "reference": references,
        "date of birth": [dob.strftime("%d/%m/%Y") for _, _, dob in people if dob],
    }


def _time_search(officer, queries: dict[str, list[str]]) -> dict[str, tuple[float, float, int]]:
    from arrears.accounts.selectors import search_parties

    results = {}
    for kind, texts in queries.items():
        samples = []
        for text in texts:
            started = time.perf_counter()
            search_parties(officer=officer, text=text)
            samples.append(time.perf_counter() - started)
        results[kind] = (*_percentiles(samples), len(samples))
    return results


def _time_party_page(officer, rng: random.Random, count: int) -> str:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from arrears.accounts.models import Party

    try:
        reverse("web:party", kwargs={"party_id": 1})
    except NoReverseMatch:
        return "not measured: page missing"
    top = Party.objects.order_by("-id").values_list("id", flat=True).first() or 0
    client = Client()
    client.force_login(officer)
    samples, statuses = [], set()
    for party_id in [rng.randint(1, top) for _ in range(count)]:
        started = time.perf_counter()
        response = client.get(f"/parties/{party_id}/")
        samples.append(time.perf_counter() - started)
        statuses.add(response.status_code)
    if statuses != {200}:
        return f"not measured: page answered {sorted(statuses)}"
    median, p95 = _percentiles(samples)
    return f"median {median:.0f} ms, p95 {p95:.0f} ms ({count} parties)"


def _write_docs(row: str) -> None:
    text = DOCS.read_text() if DOCS.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    body, tail = rest.split(END, 1)
    lines = [line for line in body.strip().splitlines() if line.strip()]
    if not lines:
        lines = [
            "| date | machine | database | accounts | parties | seed | search median / p95 "
            "(ms) | party page | seed goal |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
    lines.append(row)
    DOCS.write_text(f"{head}{START}\n" + "\n".join(lines) + f"\n{END}{tail}")


def main() -> int:
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        print("make bench needs PostgreSQL: set DATABASE_URL=postgres://...", file=sys.stderr)
        return 2
    accounts = int(os.environ.get("ARREARS_BENCH_ACCOUNTS", "1000000"))
    queries = int(os.environ.get("ARREARS_BENCH_QUERIES", "50"))
    _recreate_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from tqdm import tqdm

    from arrears.audit.services import Actor
    from arrears.kernel import clock
    from arrears.seeding import services
    from arrears.staff import services as staff_services
    from arrears.staff.domain.policy import Role

    print(f"Migrating {connection.settings_dict['NAME']} ...", file=sys.stderr)
    call_command("migrate", verbosity=0)
    authorities = services.ensure_seeded_authorities(count=2)
    with tqdm(total=accounts, unit="account", unit_scale=True, desc="Seeding") as bar:
        summary = services.seed_data(
            accounts=accounts,
            authorities=authorities,
            seed=2026,
            as_of=clock.today(),
            generated_at=clock.now(),
            actor=Actor(officer_id=None, channel="cli"),
            progress=bar.update,
        )
    print(f"Seeded {summary.accounts} accounts in {summary.elapsed_s:.0f} s", file=sys.stderr)
    officer = staff_services.create_officer(
        username="bench.manager",
        password="bench-only-password-2026",
        role=Role.MANAGER,
        authorities=authorities,
    )
    rng = random.Random(2026)
    search = _time_search(officer, _search_queries(rng, queries))
    for kind, (median, p95, n) in search.items():
        print(f"search {kind}: median {median:.1f} ms, p95 {p95:.1f} ms ({n})", file=sys.stderr)
    page = _time_party_page(officer, rng, queries)
    print(f"party page: {page}", file=sys.stderr)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0].split()[0]
    machine = f"{os.cpu_count()} CPU, {_memory_gb()}, {platform.machine()}"
    search_cell = "; ".join(f"{k} {m:.1f} / {p:.1f}" for k, (m, p, _) in search.items())
    goal = "met" if summary.elapsed_s < SEED_GOAL_S * accounts / 1_000_000 else "MISSED"
    _write_docs(
        f"| {clock.today().isoformat()} | {machine} | PostgreSQL {version} | "
        f"{summary.accounts:,} | {summary.parties:,} | {summary.elapsed_s:.0f} s | "
        f"{search_cell} | {page} | < 10 min per 1M: {goal} |"
    )
    print(f"Wrote {DOCS}", file=sys.stderr)
    from bench import recovery

    recovery.write_docs(recovery.row(recovery.measure(), today=clock.today()))
    print(f"Wrote the recovery run to {DOCS}", file=sys.stderr)
    from bench import letters

    letters.main()  # letters to PDF, in its own section of DOCS
    return 0


if __name__ == "__main__":
    sys.exit(main())
