"""
Letters as Typst source: one document per print batch, each letter starting on a new page.

Every piece of text from a letter (names, addresses, figures, wording) is written as a Typst
*string literal* in code mode, never as markup, so `#`, `$`, `*`, `_`, `[`, `]` and `<` in a
name print as themselves; only `\\` and `"` (and control characters) need escaping inside the
literal (`typst_string`). The layout lives in `PRELUDE`, written once per document.
"""

from collections.abc import Sequence

from arrears.letters.domain.documents import CoverSheet, LetterDocument

FONT = "DejaVu Sans"

# A4, a window envelope (DL/C5 window: 20 mm from the left, about 45 mm from the top). Headings
# are not bookmarked: a batch of 10,000 letters does not need 30,000 PDF bookmarks.
#
# The letter number is printed on its first page, under the date and reference. Print files
# have no running footer: naming the letter on every page needs a Typst `state` and page numbers
# per letter need the page counter reset for each letter, and either makes Typst lay the whole
# batch out again until they settle (10,000 letters: about 150 s with them, 60 s without,
# ADR 0005). A single letter's PDF (`page-numbers`) numbers its pages.
PRELUDE = r"""
#set document(title: "Letters")
#set page(
  paper: "a4",
  margin: (top: 15mm, bottom: 20mm, left: 20mm, right: 20mm),
  footer: if page-numbers {
    context align(right, text(size: 8pt, fill: luma(80))[Page #counter(page).display()])
  },
)
#set text(font: "FONT", size: 10.5pt, lang: "en", region: "GB")
#set par(leading: 0.55em, spacing: 0.85em, justify: false)
#set heading(outlined: false, bookmarked: false)
#show heading.where(level: 1): set text(size: 14pt)
#show heading.where(level: 2): set text(size: 11.5pt)
#show heading: set block(above: 1.1em, below: 0.6em)
#set list(indent: 0.5em, spacing: 0.55em)

#let show-block(b) = {
  let (kind, value) = b
  if kind == "h" { heading(level: 2, value) }
  else if kind == "p" { par(value) }
  else if kind == "b" { list(..value) }
  else if kind == "f" {
    // A grid, not a table: the same look, and cheaper to lay out.
    block(above: 0.9em, below: 0.9em, grid(
      columns: (auto, 1fr), row-gutter: 0.55em, column-gutter: 8mm,
      ..value.map(((label, figure)) => (label, strong(figure))).flatten(),
    ))
  }
  else if kind == "c" {
    block(width: 100%, inset: (left: 9pt, rest: 7pt), stroke: (left: 3pt + black),
      fill: luma(238), strong(value))
  }
}

#let letter(d) = {
  block(height: 68mm, width: 100%, {
    grid(columns: (1fr, 70mm),
      text(size: 14pt, weight: "bold", d.s),
      align(right, text(size: 8.5pt, d.sl.join(linebreak()))),
    )
    place(top + left, dy: 30mm, block(width: 88mm, height: 38mm,
      text(size: 10.5pt, (d.r, ..d.a).join(linebreak()))))
    place(top + right, dy: 30mm, block(width: 70mm, align(left, {
      grid(columns: (auto, 1fr), row-gutter: 0.5em, column-gutter: 4mm,
        ..d.refs.map(((label, value)) => (text(size: 9pt, label), text(size: 9pt, value)))
          .flatten())
      v(0.6em)
      text(size: 8pt, fill: luma(80), d.n)
    })))
  })
  for (i, s) in d.secs.enumerate() {
    if i > 0 { pagebreak() }
    set text(lang: s.l)
    heading(level: 1, s.t)
    for b in s.b { show-block(b) }
  }
  v(1em)
  text(size: 8.5pt, fill: luma(60), d.lb)
}

#let cover(d) = {
  v(40mm)
  text(size: 20pt, weight: "bold", d.t)
  v(8mm)
  for line in d.l { par(text(size: 12pt, line)) }
}
""".replace("FONT", FONT)


def typst_string(text: str) -> str:
    """Return `text` as a Typst string literal: `"..."`, with `\\`, `"` and controls escaped."""
    out = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{{{ord(char):x}}}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _array(items: Sequence[str]) -> str:
    # A one-item Typst array needs a trailing comma: ("a",); an empty one is ().
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def _block(kind: str, text: str, items: tuple[str, ...], rows: tuple[tuple[str, str], ...]) -> str:
    if kind == "b":
        value = _array([typst_string(item) for item in items])
    elif kind == "f":
        value = _array([f"({typst_string(a)}, {typst_string(b)})" for a, b in rows])
    else:
        value = typst_string(text)
    return f"({typst_string(kind)}, {value})"


def letter_data(document: LetterDocument) -> str:
    """Return one letter's data as a Typst dictionary literal (every text a string literal)."""
    sections = []
    for section in document.sections:
        blocks = _array([_block(b.kind.value, b.text, b.items, b.rows) for b in section.blocks])
        sections.append(
            f"(l: {typst_string(section.language)}, t: {typst_string(section.title)}, b: {blocks})"
        )
    fields = [
        f"n: {typst_string(document.letter_number)}",
        f"s: {typst_string(document.sender_name)}",
        f"sl: {_array([typst_string(line) for line in document.sender_lines])}",
        f"r: {typst_string(document.recipient_name)}",
        f"a: {_array([typst_string(line) for line in document.address_lines])}",
        "refs: "
        + _array([f"({typst_string(a)}, {typst_string(b)})" for a, b in document.reference_rows]),
        f"secs: {_array(sections)}",
        f"lb: {typst_string(document.legal_basis)}",
    ]
    return "(" + ", ".join(fields) + ")"


def letter_call(document: LetterDocument) -> str:
    """Return the Typst call that prints one letter."""
    return f"#letter({letter_data(document)})\n"


def cover_call(sheet: CoverSheet) -> str:
    lines = _array([typst_string(line) for line in sheet.lines])
    return f"#cover((t: {typst_string(sheet.title)}, l: {lines}))\n"


def batch_source(
    items: Sequence[LetterDocument | CoverSheet], *, page_numbers: bool = False
) -> str:
    """Return one Typst document printing `items` in order, each from a new page.

    `page_numbers` numbers the pages of the whole document: use it for a single letter.
    """
    parts = [f"#let page-numbers = {'true' if page_numbers else 'false'}\n", PRELUDE]
    for index, item in enumerate(items):
        if index:
            parts.append("#pagebreak()\n")
        parts.append(cover_call(item) if isinstance(item, CoverSheet) else letter_call(item))
    return "".join(parts)
