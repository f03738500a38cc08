import pytest

from arrears.accounts.domain.debts import stage_label
from arrears.accounts.domain.markers import category_label
from arrears.accounts.domain.references import is_full_postcode, normalise_postcode, search_key


class TestPostcodes:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("kt11eu", "KT1 1EU"),
            ("SW1A 1AA", "SW1A 1AA"),
            (" m1  1ae ", "M1 1AE"),
            ("EC1A1BB", "EC1A 1BB"),
            ("KT1", "KT1"),
        ],
    )
    def test_normalise_postcode_puts_one_space_before_the_inward_code(self, text, expected):
        assert normalise_postcode(text) == expected

    def test_is_full_postcode_needs_both_halves(self):
        assert is_full_postcode("kt1 1eu")
        assert not is_full_postcode("KT1")

    def test_search_key_folds_case_and_spaces(self):
        assert search_key("  Mrs  Jane   SMITH ") == "mrs jane smith"


class TestLabels:
    @pytest.mark.parametrize(
        ("stage", "label"),
        [
            ("LIABILITY_ORDER", "Liability order"),
            ("", "Not started"),
            ("REMINDER", "Reminder"),
        ],
    )
    def test_stage_label_reads_a_code_as_words(self, stage, label):
        assert stage_label(stage) == label

    @pytest.mark.parametrize(
        ("category", "label"),
        [
            ("DRO", "Debt relief order (DRO)"),
            ("MENTAL_HEALTH_CRISIS", "Mental health crisis breathing space"),
            ("LIFE_EVENT", "Life event"),
            ("SOMETHING_NEW", "Something new"),
        ],
    )
    def test_category_label_reads_a_marker_category_as_words(self, category, label):
        assert category_label(category) == label
