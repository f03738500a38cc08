"""
Letters benchmark: print a batch of letters to one PDF with Typst and with WeasyPrint.

Run alone with `.venv/bin/python -m bench.letters` (no database needed); `make bench` runs it
after the database benchmark. The goal (ADR 0005) is 10,000 letters in under 2 minutes on one
core. The process is pinned to one CPU (and Typst's worker pool to one thread) before anything
is printed.

1. Composes ARREARS_BENCH_LETTERS letters (default 10,000) the way `letters.services` does for a
   print batch: a mix of all seventeen templates, one in ten bilingual (Welsh and English), one
   in a hundred to a confidential address (after a cover sheet), names with Welsh letters and
   markup characters.
2. Prints them all with Typst, as one document, and times it.
3. Prints the first ARREARS_BENCH_WEASYPRINT_LETTERS (default 500) with WeasyPrint and
   extrapolates to the full batch (the extrapolation is stated in the results).
4. Times one letter on its own with Typst (what an officer waits for when downloading one).
5. Writes the figures into docs/benchmarks.md between the letters markers.
"""

import datetime as dt
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
START, END = "<!-- bench:letters:start -->", "<!-- bench:letters:end -->"
GOAL_S = 120
GOAL_LETTERS = 10_000
ISSUE_DATE = dt.date(2026, 12, 1)
STAMP = dt.datetime(2026, 12, 1, 6, 0, tzinfo=dt.UTC)

NAMES = [
    "Mr John Smith",
    "Mrs Siân Llewelyn-Ŵyn",
    "Ms Gwenllian ap Dafydd (Tŷ Ŷ)",
    "Mr Patrick O'Brien",
    'Dr A. "Sandy" McLeod',
    "Acme #1 Widgets [UK] Ltd",
    "Mx Jordan $mith_*",
    "Mrs Aisha Rahman",
]
FACTS = {
    "debt_label": "Council tax 2026/27",
    "balance": "1450.50",
    "amount_due": "312.00",
    "pay_by_date": "2027-01-05",
    "costs": "70.00",
    "hearing_date": "2027-01-20",
    "hearing_time": "10:00",
    "court_name": "Kingston Magistrates' Court",
    "penalty_amount": "70.00",
    "increased_amount": "105.00",
    "employer_name": "Surbiton Widgets Ltd",
    "employer_address": "1 Works Road\nSurbiton\nKT6 4AA",
    "contact_phone": "020 8547 5000",
    "contact_website": "www.kingsmead.gov.uk/pay",
}


def _pin_to_one_core() -> str:
    os.environ["RAYON_NUM_THREADS"] = "1"
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError):
        return "not pinned (no sched_setaffinity)"


def compose_batch(count: int) -> list:
    """Return `count` letters (and a cover sheet before the confidential ones), as a batch."""
    from arrears.letters.domain import composition
    from arrears.letters.domain.catalogue import LETTER_TEMPLATES
    from arrears.letters.domain.context import LetterContext
    from arrears.letters.domain.print_streams import batch_order

    codes = list(LETTER_TEMPLATES)
    documents = []
    for index in range(count):
        code = codes[index % len(codes)]
        allowed = LETTER_TEMPLATES[code].debt_types
        debt_type = "COUNCIL_TAX" if allowed is None else sorted(allowed)[0].value
        name = NAMES[index % len(NAMES)]
        checked = composition.check_request(
            code=code, facts=FACTS, issue_date=ISSUE_DATE, debt_type=debt_type
        )
        context = LetterContext(
            authority_name="Kingsmead Borough Council",
            account_reference=f"CT{index:08d}",
            debt_type=debt_type,
            nation="ENG",
            debtor_name=name,
            issue_date=ISSUE_DATE,
        )
        document = composition.compose_letter(
            code=code,
            facts=checked,
            language="CY" if index % 10 == 3 else "EN",
            context=context,
            letter_number=f"Letter {index + 1}",
            recipient_name=name,
            address_lines=(f"{index % 200 + 1} Heol y Bont", "Kingston upon Thames", "KT1 1EU"),
            is_confidential_address=index % 100 == 7,
        )
        documents.append(document)
    return batch_order(documents)


def _peak_memory_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_s() -> float:
    """Return the CPU time of this process and its finished children, in seconds."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run() -> dict:
    """Run the benchmark and return its figures (also printed to stderr)."""
    pinned = _pin_to_one_core()
    from arrears.letters import rendering
    from arrears.letters.domain.documents import CoverSheet
    from arrears.letters.domain.engines import Engine

    letters = int(os.environ.get("ARREARS_BENCH_LETTERS", str(GOAL_LETTERS)))
    sample = int(os.environ.get("ARREARS_BENCH_WEASYPRINT_LETTERS", "500"))
    print(f"Letters benchmark ({pinned}): composing {letters:,} letters", file=sys.stderr)

    started = time.perf_counter()
    batch = compose_batch(letters)
    compose_s = time.perf_counter() - started

    load_before = os.getloadavg()[0]
    # The print file is compiled in a child process (letters.print_worker): count its CPU time.
    cpu = _cpu_s()
    typst = rendering.render(items=batch, engine=Engine.TYPST, timestamp=STAMP, is_print=True)
    typst_cpu_s = _cpu_s() - cpu
    print(
        f"Typst: {letters:,} letters, {typst.page_count:,} pages, {typst.seconds:.1f} s, "
        f"{len(typst.content) / 1e6:.1f} MB",
        file=sys.stderr,
    )

    # Twenty different letters, so that no run reuses what Typst cached from the one before.
    singles = [
        rendering.render(items=[letter], timestamp=STAMP).seconds
        for letter in compose_batch(20)
        if not isinstance(letter, CoverSheet)
    ]

    weasy_items = compose_batch(sample)
    cpu = time.process_time()
    weasy = rendering.render(
        items=weasy_items, engine=Engine.WEASYPRINT, timestamp=STAMP, is_print=True
    )
    weasy_cpu_s = time.process_time() - cpu
    weasy_full_s = weasy.seconds * letters / sample
    weasy_full_cpu_s = weasy_cpu_s * letters / sample
    print(
        f"WeasyPrint: {sample:,} letters, {weasy.page_count:,} pages, {weasy.seconds:.1f} s "
        f"(about {weasy_full_s:.0f} s for {letters:,})",
        file=sys.stderr,
    )
    return {
        "letters": letters,
        "compose_s": compose_s,
        "typst_s": typst.seconds,
        "typst_cpu_s": typst_cpu_s,
        "typst_pages": typst.page_count,
        "typst_mb": len(typst.content) / 1e6,
        "single_ms": statistics.median(singles) * 1000,
        "weasy_letters": sample,
        "weasy_s": weasy.seconds,
        "weasy_pages": weasy.page_count,
        "weasy_full_s": weasy_full_s,
        "weasy_cpu_s": weasy_cpu_s,
        "weasy_full_cpu_s": weasy_full_cpu_s,
        "load": load_before,
        "typst_peak_mb": _peak_memory_mb(resource.RUSAGE_CHILDREN),
        "weasy_peak_mb": _peak_memory_mb(resource.RUSAGE_SELF),
        "pinned": pinned,
    }


def _row(figures: dict) -> str:
    from arrears.kernel import clock

    goal_s = GOAL_S * figures["letters"] / GOAL_LETTERS
    goal = "met" if figures["compose_s"] + figures["typst_s"] < goal_s else "MISSED"
    machine = (
        f"{os.cpu_count()} CPU ({figures['pinned']}), {platform.machine()}, "
        f"load {figures['load']:.1f}"
    )
    return (
        f"| {clock.today().isoformat()} | {machine} | {figures['letters']:,} | "
        f"{figures['compose_s']:.1f} s | {figures['typst_s']:.1f} s wall, "
        f"{figures['typst_cpu_s']:.1f} s CPU "
        f"({figures['typst_pages']:,} pages, {figures['typst_mb']:.0f} MB) | "
        f"{figures['single_ms']:.0f} ms | {figures['weasy_s']:.1f} s wall, "
        f"{figures['weasy_cpu_s']:.1f} s CPU for {figures['weasy_letters']:,} "
        f"({figures['weasy_pages']:,} pages): about {figures['weasy_full_s']:.0f} s wall, "
        f"{figures['weasy_full_cpu_s']:.0f} s CPU for {figures['letters']:,}, extrapolated | "
        f"Typst {figures['typst_peak_mb']:,.0f} MB, "
        f"WeasyPrint {figures['weasy_peak_mb']:,.0f} MB | "
        f"< 2 min per 10,000 with Typst: {goal} |"
    )


SECTION = f"""
## Letters

`.venv/bin/python -m bench.letters` (also run by `make bench`) composes a print batch of
`ARREARS_BENCH_LETTERS` letters (default 10,000: all seventeen templates in turn, one in ten
bilingual, one in a hundred to a confidential address) and prints it to one PDF with Typst, then
prints the first `ARREARS_BENCH_WEASYPRINT_LETTERS` (default 500) with WeasyPrint and
**extrapolates** that time to the whole batch. The process is pinned to one CPU. "One letter" is
the median of 20 single-letter PDFs (an officer's download). Goal: 10,000 letters in under
2 minutes on one core (ADR 0005). Wall time counts against the goal; CPU time (the process's
own, on its one core) is given too, since other work on the machine slows the wall clock, and
so is the load average when the run started.

{START}
{END}
"""

HEADER = [
    "| date | machine | letters | compose | Typst, whole batch | one letter (Typst) | "
    "WeasyPrint | peak memory (Typst's print child; WeasyPrint's process) | goal |",
    "|---|---|---|---|---|---|---|---|---|",
]


def write_docs(row: str) -> None:
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    if START not in text:
        text = text.rstrip("\n") + "\n" + SECTION
    head, rest = text.split(START, 1)
    body, tail = rest.split(END, 1)
    lines = [line for line in body.strip().splitlines() if line.strip()] or list(HEADER)
    lines.append(row)
    DOCS.write_text(f"{head}{START}\n" + "\n".join(lines) + f"\n{END}{tail}")


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    figures = run()
    write_docs(_row(figures))
    print(f"Wrote {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
