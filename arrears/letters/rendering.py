"""
Printing letters to PDF with one of two engines (ADR 0005): Typst (the default) or WeasyPrint.

Both print the same `LetterDocument`s; `domain.typst_source` and `domain.html_source` turn them
into each engine's input. The font is DejaVu Sans, installed with the system package
`fonts-dejavu` (it has every Welsh letter: â ê î ô û ŵ ŷ and their capitals).
"""

import datetime as dt
import functools
import re
import subprocess
import sys
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import typst

from arrears.letters.domain import html_source, typst_source
from arrears.letters.domain.documents import CoverSheet, LetterDocument
from arrears.letters.domain.engines import DEFAULT_ENGINE, Engine

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]

_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


class FontMissing(RuntimeError):
    """DejaVu Sans, the letters' font, is not installed (install fonts-dejavu)."""


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    engine: Engine
    seconds: float


def count_pages(pdf: bytes) -> int:
    """Return the number of page objects in a PDF whose page dictionaries are not compressed
    (Typst's); tests use it to check a batch holds the pages it should."""
    return len(_PAGE.findall(pdf))


class PrintFailed(RuntimeError):
    """The child process that compiles a print file failed (its error output is the message)."""


def _font_folders() -> list[str]:
    folders = [str(folder) for folder in FONT_DIRS if folder.is_dir()]
    if not folders:
        raise FontMissing("DejaVu Sans is not installed: install the fonts-dejavu package")
    return folders


@functools.cache
def _typst_compiler() -> typst.Compiler:
    # Only the letters' font: no scan of every system font, and the same output on every machine.
    return typst.Compiler(font_paths=_font_folders(), ignore_system_fonts=True)


def _compile_print_file(source: bytes, *, moment: dt.datetime) -> bytes:
    """Compile a print file in a child process (`letters.print_worker`), which gives back the
    memory Typst keeps after laying out a big batch."""
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "arrears.letters.print_worker",
            moment.isoformat(),
            *_font_folders(),
        ],
        input=source,
        capture_output=True,
        check=False,
    )
    if child.returncode != 0:
        raise PrintFailed(child.stderr.decode(errors="replace")[-2000:])
    return child.stdout


def _render_typst(
    items: Sequence[LetterDocument | CoverSheet], *, timestamp: dt.datetime, is_print: bool
) -> bytes:
    source = typst_source.batch_source(items, page_numbers=not is_print).encode()
    # Typst takes a fixed-offset time to the second.
    moment = timestamp.astimezone(dt.UTC).replace(microsecond=0)
    if is_print:
        # A print file goes to a printer, so the child leaves out the PDF's accessibility tags,
        # which triple its size; a letter downloaded to read or send on keeps them (ADR 0005).
        return _compile_print_file(source, moment=moment)
    pdf = _typst_compiler().compile(input=source, format="pdf", timestamp=moment)
    assert isinstance(pdf, bytes)
    return pdf


def _render_weasyprint(items: Sequence[LetterDocument | CoverSheet]) -> tuple[bytes, int]:
    with warnings.catch_warnings():
        # WeasyPrint warns on import when the system lacks libharfbuzz-subset (it falls back to
        # its own font subsetting); the warning is about its future versions, not this output.
        warnings.simplefilter("ignore", DeprecationWarning)
        from weasyprint import HTML  # type: ignore[import-untyped]  # ships no type information

    document = HTML(string=html_source.batch_html(items)).render()
    pdf = document.write_pdf()
    assert isinstance(pdf, bytes)
    # WeasyPrint compresses its page objects into object streams, so ask it, not the bytes.
    return pdf, len(document.pages)


def render(
    *,
    items: Sequence[LetterDocument | CoverSheet],
    engine: Engine = DEFAULT_ENGINE,
    timestamp: dt.datetime,
    is_print: bool = False,
) -> RenderedPdf:
    """
    Return one PDF printing `items` in order, each from a new page.

    `is_print` makes a file for the printer (a print batch): no page numbers and no
    accessibility tags (Typst). Otherwise the PDF is for reading: numbered, tagged pages.

    `timestamp` is written as the PDF's creation date, so the same letters give the same bytes
    (and the same SHA-256) whenever they are printed again with Typst.

    :raises FontMissing: if DejaVu Sans is not installed.
    """
    started = time.perf_counter()
    if engine == Engine.WEASYPRINT:
        content, pages = _render_weasyprint(items)
    else:
        content = _render_typst(items, timestamp=timestamp, is_print=is_print)
        pages = count_pages(content)
    return RenderedPdf(
        content=content,
        page_count=pages,
        engine=engine,
        seconds=time.perf_counter() - started,
    )
