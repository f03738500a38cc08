"""`arrears aeo` through the console script's `main` (INTERFACES.md; RULES.md §2.6, §10.4)."""

import datetime as dt
import json

import pytest
import time_machine

from arrears.interfaces.cli.main import main

KEYS = {
    "regime",
    "nation",
    "as_of",
    "period",
    "net_earnings",
    "rate_band",
    "percentage",
    "excess_percentage",
    "deduction",
    "employer_admin_charge",
    "rules",
}


def _run(capsys, *argv):
    code = main(["aeo", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _aeo(capsys, net_earnings, period, *extra):
    code, out, err = _run(
        capsys,
        "--regime",
        "council-tax",
        "--net-earnings",
        net_earnings,
        "--period",
        period,
        "--as-of",
        "2025-06-02",
        *extra,
    )
    assert (code, err) == (0, ""), err
    return json.loads(out)


def _error(capsys, *argv):
    code, out, err = _run(capsys, *argv)
    assert (code, out) == (2, "")
    return json.loads(err)


class TestAeoCommand:
    @pytest.mark.parametrize(
        ("net_earnings", "period", "extra", "rate_band", "deduction"),
        [
            ("70.00", "weekly", [], "up to £75.00: 0%", "0.00"),  # A1
            ("300.00", "weekly", [], "£225.01 to £355.00: 12%", "36.00"),  # A3
            ("355.00", "weekly", [], "£225.01 to £355.00: 12%", "42.60"),  # A4
            ("355.01", "weekly", [], "£355.01 to £505.00: 17%", "60.35"),  # A5
            (
                "600.00",
                "weekly",
                [],
                "over £505.00: 17% of £505.00 plus 50% of the excess",
                "133.35",
            ),  # A6
            ("1420.01", "monthly", [], "£1,420.01 to £2,020.00: 17%", "241.40"),  # A9
            ("50.00", "daily", [], "£33.01 to £52.00: 12%", "6.00"),  # A11
            ("1200.00", "monthly", ["--nation", "wales"], "£1,050.01 to £1,280.00: 7%", "84.00"),
        ],
    )
    def test_aeo_command_answers_rules_10_4(
        self, capsys, net_earnings, period, extra, rate_band, deduction
    ):
        out = _aeo(capsys, net_earnings, period, *extra)

        assert set(out) == KEYS
        assert (out["rate_band"], out["deduction"]) == (rate_band, deduction)

    def test_aeo_command_writes_money_as_strings_and_names_the_table(self, capsys):
        out = _aeo(capsys, "355.01", "weekly")

        assert out["net_earnings"] == "355.01"
        assert (out["percentage"], out["excess_percentage"]) == ("17", None)
        assert out["employer_admin_charge"] == "1.00"
        assert out["as_of"] == "2025-06-02"
        assert out["rules"]["aeo"] == (
            "Council Tax (Administration and Enforcement) Regulations 1992 Sch 4, England table"
        )
        assert out["rules"]["valid_from"] == "2007-04-01"
        assert out["rules"]["verification"] == "V1"

    def test_aeo_command_reads_an_amount_with_a_pound_sign_and_commas(self, capsys):
        out = _aeo(capsys, "£2,500", "monthly")

        assert (out["net_earnings"], out["deduction"], out["excess_percentage"]) == (
            "2500.00",
            "583.40",
            "50",
        )

    def test_aeo_command_uses_the_welsh_table_in_force_when_the_order_was_made(self, capsys):
        code, out, err = _run(
            capsys,
            *("--regime", "council-tax", "--net-earnings", "1200", "--period", "monthly"),
            *("--nation", "wales", "--as-of", "2022-03-31"),
        )

        result = json.loads(out)
        assert (code, result["deduction"], result["rules"]["valid_from"]) == (
            0,
            "144.00",
            "2007-04-01",
        )

    def test_aeo_command_defaults_to_today_in_london(self, capsys):
        # 23:30 UTC on 30 June is already 1 July in London (BST).
        with time_machine.travel(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), tick=False):
            code, out, err = _run(
                capsys, "--regime", "council-tax", "--net-earnings", "100", "--period", "weekly"
            )

        assert (code, json.loads(out)["as_of"]) == (0, "2026-07-01")

    def test_aeo_command_refuses_business_rates(self, capsys):
        error = _error(
            capsys, "--regime", "business-rates", "--net-earnings", "300", "--period", "weekly"
        )

        assert error["error"] == "not-available"
        assert "Business rates have no attachment of earnings" in error["message"]
        assert "RULES.md §2.12" in error["message"]

    @pytest.mark.parametrize(
        ("net_earnings", "message"),
        [
            ("-1.00", "cannot be negative"),
            ("ten pounds", "is not an amount of money"),
            ("100.005", "more than two decimal places"),
        ],
    )
    def test_aeo_command_refuses_bad_amounts_naming_the_option(self, capsys, net_earnings, message):
        error = _error(
            capsys, "--regime", "council-tax", "--net-earnings", net_earnings, "--period", "weekly"
        )

        assert error["error"] == "bad-net-earnings"
        assert error["message"].startswith("--net-earnings")
        assert message in error["message"]

    def test_aeo_command_refuses_welsh_daily_figures(self, capsys):
        error = _error(
            capsys,
            *("--regime", "council-tax", "--net-earnings", "50", "--period", "daily"),
            *("--nation", "wales", "--as-of", "2025-06-02"),
        )

        assert error["error"] == "unverified-table"
        assert "not verified" in error["message"]

    def test_aeo_command_refuses_an_order_before_the_2007_table(self, capsys):
        error = _error(
            capsys,
            *("--regime", "council-tax", "--net-earnings", "300", "--period", "weekly"),
            *("--as-of", "2007-03-31"),
        )

        assert error["error"] == "no-table"
        assert "before 1 April 2007" in error["message"]

    @pytest.mark.parametrize(
        "argv",
        [
            ["--regime", "council-tax", "--net-earnings", "300", "--period", "fortnightly"],
            ["--regime", "parking", "--net-earnings", "300", "--period", "weekly"],
            [
                "--regime",
                "council-tax",
                "--net-earnings",
                "300",
                "--period",
                "weekly",
                "--as-of",
                "x",
            ],
        ],
    )
    def test_aeo_command_refuses_bad_choices_as_bad_arguments(self, capsys, argv):
        error = _error(capsys, *argv)

        assert error["error"] == "bad-arguments"
