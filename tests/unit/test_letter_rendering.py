"""Printing letters: escaping user data for Typst and HTML, Welsh letters, pages per letter."""

import datetime as dt
import json
from pathlib import Path

import pytest
import typst
from fontTools.ttLib import TTFont

from arrears.letters import rendering
from arrears.letters.domain import html_source, typst_source
from arrears.letters.domain.documents import (
    CoverSheet,
    LetterDocument,
    Section,
    bullets,
    callout,
    figures,
    heading,
    para,
)
from arrears.letters.domain.engines import Engine

HOSTILE = [
    'Mr O\'Brien "Danny" #1',
    "$x$ *bold* _under_ [link](x) <label> @ref",
    "back\\slash and \\u{41} and // not a comment /* nor this */",
    '#let x = 1; #panic("no")',
    "Gwŷn ap Dafydd, Tŷ Ŵyn, Ŷ â ê î ô û ẁ ẃ ẅ ỳ",
    "tab\there\nnew line\r\x07bell",
    "= not a heading",
    "- not a list",
]
WELSH_LETTERS = "âêîôûŵŷÂÊÎÔÛŴŶẁẃẅỳ"
STAMP = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _document(*, name: str = "Ms Jane Smith", number: str = "Letter 1") -> LetterDocument:
    return LetterDocument(
        letter_number=number,
        sender_name="Kingsmead Borough Council",
        sender_lines=("Telephone: 020 8547 5000",),
        recipient_name=name,
        address_lines=("1 High Street", "Kingston upon Thames", "KT1 1EU"),
        reference_rows=(("Date", "1 December 2026"), ("Reference", "CT1")),
        sections=(
            Section(
                language="en",
                title="Reminder notice",
                blocks=(
                    para(f"Dear {name}"),
                    figures(("Amount to pay", "£312.00")),
                    callout("Pay £312.00 by 7 December 2026."),
                    heading("How to pay"),
                    bullets(name, "MoneyHelper"),
                ),
            ),
        ),
        legal_basis="Reminder notice under regulation 23.",
    )


class TestTypstString:
    @pytest.mark.parametrize("text", HOSTILE)
    def test_typst_string_round_trips_through_typst(self, text):
        source = f"#metadata({typst_source.typst_string(text)}) <x>"

        value = json.loads(typst.query(source.encode(), "<x>", field="value", one=True))

        assert value == text

    def test_typst_string_escapes_only_what_a_string_literal_needs(self):
        assert typst_source.typst_string('a "b" \\ #c') == '"a \\"b\\" \\\\ #c"'


class TestTypstLetters:
    @pytest.mark.parametrize("name", HOSTILE)
    def test_typst_letters_pass_hostile_names_as_data(self, name):
        data = typst_source.letter_data(_document(name=name))

        value = json.loads(typst.Compiler().eval(f"{data}.r", format="json"))
        bullets = json.loads(
            typst.Compiler().eval(f"{data}.secs.at(0).b.at(4).at(1)", format="json")
        )

        assert value == name
        assert bullets == [name, "MoneyHelper"]

    def test_typst_letters_print_a_batch_of_hostile_names(self):
        documents = [_document(name=name, number=f"Letter {i}") for i, name in enumerate(HOSTILE)]

        rendered = rendering.render(items=documents, timestamp=STAMP, is_print=True)

        assert rendered.content.startswith(b"%PDF")
        assert rendered.page_count == len(HOSTILE)

    def test_typst_letters_start_each_letter_on_a_new_page(self):
        one = rendering.render(items=[_document()], timestamp=STAMP)
        cover = CoverSheet(title="Confidential address stream", lines=("Sealed envelopes.",))

        batch = rendering.render(items=[_document(), cover, _document()], timestamp=STAMP)

        assert batch.content.startswith(b"%PDF")
        assert batch.page_count == 2 * one.page_count + 1
        assert batch.engine == Engine.TYPST

    def test_typst_letters_print_the_same_bytes_twice(self):
        first = rendering.render(items=[_document()], timestamp=STAMP)
        second = rendering.render(items=[_document()], timestamp=STAMP)

        assert first.content == second.content

    def test_typst_letters_embed_dejavu_sans_which_has_every_welsh_letter(self):
        pdf = rendering.render(items=[_document(name=HOSTILE[4])], timestamp=STAMP).content
        folder = next(f for f in rendering.FONT_DIRS if f.is_dir())
        font = TTFont(Path(folder) / "DejaVuSans.ttf")

        covered = set(font.getBestCmap())

        assert b"DejaVuSans" in pdf
        assert {ord(char) for char in WELSH_LETTERS} <= covered


class TestHtmlLetters:
    def test_html_letters_escape_every_name(self):
        html = html_source.batch_html([_document(name='<script>alert("x")</script> & Sons')])

        assert "<script>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons" in html

    def test_html_letters_print_with_weasyprint(self):
        rendered = rendering.render(
            items=[_document(name=HOSTILE[4]), _document()],
            engine=Engine.WEASYPRINT,
            timestamp=STAMP,
        )

        assert rendered.content.startswith(b"%PDF")
        assert rendered.page_count >= 2
