"""
Letters as HTML and CSS for WeasyPrint: the same `LetterDocument`s as `typst_source`, laid out
alike, so the two engines can be compared on the same letters (bench/letters.py, ADR 0005).

Every piece of text is escaped with `html.escape` (quotes too), so a name can never become markup.
"""

from collections.abc import Sequence
from html import escape

from arrears.letters.domain.documents import Block, BlockKind, CoverSheet, LetterDocument

CSS = """
@page { size: A4; margin: 15mm 20mm 20mm 20mm;
  @bottom-right { content: "Page " counter(page); font-size: 8pt; color: #505050; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.35; }
.letter, .cover { break-before: page; }
.letter:first-child, .cover:first-child { break-before: auto; }
.number { font-size: 8pt; color: #505050; margin-top: 4pt; }
.top { position: relative; height: 68mm; }
.sender { font-size: 14pt; font-weight: bold; }
.contact { position: absolute; top: 0; right: 0; width: 70mm; text-align: right; font-size: 8.5pt; }
.address { position: absolute; top: 30mm; left: 0; width: 88mm; height: 38mm; }
.refs { position: absolute; top: 30mm; right: 0; width: 70mm; font-size: 9pt; }
.refs td { padding: 1pt 8pt 1pt 0; vertical-align: top; }
.section + .section { break-before: page; }
h1 { font-size: 14pt; margin: 0 0 6pt; }
h2 { font-size: 11.5pt; margin: 12pt 0 4pt; }
p { margin: 0 0 6pt; }
ul { margin: 0 0 6pt; padding-left: 1.2em; }
table.figures td { padding: 2pt 24pt 2pt 0; }
table.figures td + td { font-weight: bold; }
.callout { border-left: 3pt solid black; background: #eeeeee; padding: 7pt 7pt 7pt 9pt;
  font-weight: bold; margin: 6pt 0; }
.legal { font-size: 8.5pt; color: #3c3c3c; margin-top: 12pt; }
.cover h1 { font-size: 20pt; margin-top: 40mm; }
"""


def _lines(lines: Sequence[str]) -> str:
    return "<br>".join(escape(line) for line in lines)


def _block(block: Block) -> str:
    if block.kind == BlockKind.HEADING:
        return f"<h2>{escape(block.text)}</h2>"
    if block.kind == BlockKind.BULLETS:
        return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>"
    if block.kind == BlockKind.FIGURES:
        rows = "".join(
            f"<tr><td>{escape(label)}</td><td>{escape(value)}</td></tr>"
            for label, value in block.rows
        )
        return f'<table class="figures">{rows}</table>'
    if block.kind == BlockKind.CALLOUT:
        return f'<div class="callout">{escape(block.text)}</div>'
    return f"<p>{escape(block.text)}</p>"


def letter_html(document: LetterDocument) -> str:
    """Return one letter as an HTML `<article>`."""
    refs = "".join(
        f"<tr><td>{escape(label)}</td><td>{escape(value)}</td></tr>"
        for label, value in document.reference_rows
    )
    sections = "".join(
        f'<section class="section" lang="{escape(s.language)}"><h1>{escape(s.title)}</h1>'
        + "".join(_block(b) for b in s.blocks)
        + "</section>"
        for s in document.sections
    )
    return (
        f'<article class="letter">'
        f'<div class="top"><div class="sender">{escape(document.sender_name)}</div>'
        f'<div class="contact">{_lines(document.sender_lines)}</div>'
        f'<div class="address">{_lines((document.recipient_name, *document.address_lines))}</div>'
        f'<div class="refs"><table>{refs}</table>'
        f'<div class="number">{escape(document.letter_number)}</div></div></div>'
        f'{sections}<p class="legal">{escape(document.legal_basis)}</p></article>'
    )


def cover_html(sheet: CoverSheet) -> str:
    lines = "".join(f"<p>{escape(line)}</p>" for line in sheet.lines)
    return f'<article class="cover"><h1>{escape(sheet.title)}</h1>{lines}</article>'


def batch_html(items: Sequence[LetterDocument | CoverSheet]) -> str:
    """Return one HTML document printing `items` in order, each from a new page."""
    body = "".join(
        cover_html(item) if isinstance(item, CoverSheet) else letter_html(item) for item in items
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Letters</title>'
        f"<style>{CSS}</style></head><body>{body}</body></html>"
    )
