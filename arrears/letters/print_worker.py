"""
Compile one Typst print file in a child process: `python -m arrears.letters.print_worker`.

Reads the Typst source on standard input and writes the PDF to standard output; the first
argument is the PDF's creation time (ISO 8601, with offset), the second the folder of fonts.
Typst keeps what it laid out in memory, about 0.4 MB a page, for its next ten compilations; a
print batch of 10,000 letters lays out some 15,000 pages, so the web or task process that asked
for it would keep gigabytes. A child process gives that memory back when it ends (ADR 0005).
"""

import datetime as dt
import sys

import typst


def main() -> int:
    moment = dt.datetime.fromisoformat(sys.argv[1])
    compiler = typst.Compiler(font_paths=sys.argv[2:], ignore_system_fonts=True)
    pdf = compiler.compile(
        input=sys.stdin.buffer.read(), format="pdf", timestamp=moment, pdf_tags=False
    )
    assert isinstance(pdf, bytes)
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
