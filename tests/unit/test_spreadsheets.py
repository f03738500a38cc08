"""Cells of a CSV export: typed text never runs as a spreadsheet formula (OWASP CSV Injection)."""

import datetime as dt
from decimal import Decimal

import pytest

from arrears.accounts.domain.spreadsheets import guarded_text, spreadsheet_cell, spreadsheet_row


class TestGuardedText:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            (
                '=HYPERLINK("http://evil.example","Click")',
                '\'=HYPERLINK("http://evil.example","Click")',
            ),
            ("+44 20 7946 0000", "'+44 20 7946 0000"),
            ("-12.50", "'-12.50"),  # typed text, even if it looks like a number
            ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
        ],
    )
    def test_guarded_text_quotes_what_a_spreadsheet_would_run(self, text, expected):
        assert guarded_text(text) == expected

    @pytest.mark.parametrize(
        "text", ["Ms Jane Holloway", "O'Brien", "1 Acacia Avenue", "a=b", "", "Café £5 = 5"]
    )
    def test_guarded_text_leaves_plain_text_alone(self, text):
        assert guarded_text(text) == text


class TestSpreadsheetCell:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (Decimal("-12.5"), "-12.50"),  # a credit balance stays a number the sheet can add
            (Decimal("1234.5"), "1234.50"),
            (Decimal("-0.00"), "0.00"),
            (dt.date(2026, 4, 1), "2026-04-01"),
            (3, "3"),
            (None, ""),
            ("=1+1", "'=1+1"),
            ("Council tax 2026/27", "Council tax 2026/27"),
        ],
    )
    def test_spreadsheet_cell_writes_each_kind_of_value(self, value, expected):
        assert spreadsheet_cell(value) == expected

    def test_spreadsheet_cell_refuses_a_boolean(self):
        with pytest.raises(TypeError):
            spreadsheet_cell(True)

    def test_spreadsheet_row_guards_each_text_cell_only(self):
        row = spreadsheet_row(["-Minus Ltd", Decimal("-5.00"), dt.date(2026, 1, 2), None])

        assert row == ["'-Minus Ltd", "-5.00", "2026-01-02", ""]
