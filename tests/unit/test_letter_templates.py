"""Every letter template: its required facts, refusal when one is missing, and its content."""

import datetime as dt

import pytest

from arrears.accounts.domain.debts import DebtType
from arrears.letters.domain import composition
from arrears.letters.domain.catalogue import LETTER_TEMPLATES, LetterCode, Recipient
from arrears.letters.domain.context import LetterContext
from arrears.letters.domain.documents import BlockKind, LetterDocument
from arrears.letters.domain.facts import FACT_KINDS, BadFact, MissingFact

ISSUE_DATE = dt.date(2026, 12, 1)

# A full set of facts, each date late enough for every template's timing rule.
FULL_FACTS = {
    "debt_label": "Council tax 2026/27",
    "balance": "1450.50",
    "amount_due": "312.00",
    "pay_by_date": "2027-01-05",
    "costs": "70.00",
    "hearing_date": "2027-01-20",
    "hearing_time": "10:00",
    "court_name": "Kingston Magistrates' Court",
    "stage_name": "Final notice",
    "penalty_amount": "70.00",
    "increased_amount": "105.00",
    "employer_name": "Acme Widgets Ltd",
    "employer_address": "1 Works Road\nSurbiton\nKT6 4AA",
    "period": "1 April 2026 to 31 March 2027",
}


def _debt_type(code: str) -> str:
    allowed = LETTER_TEMPLATES[code].debt_types
    return DebtType.COUNCIL_TAX.value if allowed is None else sorted(allowed)[0].value


def _compose(code: str, facts: dict[str, str], language: str = "EN") -> LetterDocument:
    debt_type = _debt_type(code)
    checked = composition.check_request(
        code=code, facts=facts, issue_date=ISSUE_DATE, debt_type=debt_type
    )
    context = LetterContext(
        authority_name="Kingsmead Borough Council",
        account_reference="CT00001234",
        debt_type=debt_type,
        nation="ENG",
        debtor_name="Ms Jane Smith",
        issue_date=ISSUE_DATE,
    )
    return composition.compose_letter(
        code=code,
        facts=checked,
        language=language,
        context=context,
        letter_number="Letter 1",
        recipient_name="Ms Jane Smith",
        address_lines=("1 High Street", "Kingston upon Thames", "KT1 1EU"),
    )


def _text(document: LetterDocument, language: str = "en") -> str:
    parts = [document.legal_basis]
    for section in document.sections:
        if section.language != language:
            continue
        parts.append(section.title)
        for block in section.blocks:
            parts += [block.text, *block.items, *(f"{a} {b}" for a, b in block.rows)]
    return "\n".join(parts)


class TestLetterTemplates:
    def test_letter_templates_cover_every_code(self):
        assert set(LETTER_TEMPLATES) == {code.value for code in LetterCode}

    @pytest.mark.parametrize("code", list(LETTER_TEMPLATES))
    def test_letter_templates_name_only_known_facts(self, code):
        template = LETTER_TEMPLATES[code]

        unknown = set(template.required + template.optional) - set(FACT_KINDS)

        assert not unknown
        assert template.title
        assert template.title_cy
        assert template.rule.startswith("RULES.md §")

    @pytest.mark.parametrize("code", list(LETTER_TEMPLATES))
    def test_letter_templates_carry_their_statutory_content(self, code):
        text = _text(_compose(code, FULL_FACTS)).lower()

        missing = [
            phrase for phrase in LETTER_TEMPLATES[code].must_say if phrase.lower() not in text
        ]

        assert not missing, f"{code} does not say {missing}"

    @pytest.mark.parametrize("code", list(LETTER_TEMPLATES))
    def test_letter_templates_read_well_with_only_required_facts(self, code):
        template = LETTER_TEMPLATES[code]
        facts = {name: FULL_FACTS[name] for name in template.required}

        document = _compose(code, facts)

        text = _text(document)
        assert "£" in text or template.code == LetterCode.INFORMATION_REQUEST
        # No blank figure, no stray placeholder, no Python None.
        for section in document.sections:
            for block in section.blocks:
                assert all(value.strip() for _, value in block.rows)
        assert "None" not in text
        assert "{" not in text
        assert "£0.00" not in text

    @pytest.mark.parametrize(
        ("code", "fact"),
        [(code, fact) for code, t in LETTER_TEMPLATES.items() for fact in t.required],
    )
    def test_letter_templates_refuse_a_missing_fact_naming_letter_and_fact(self, code, fact):
        facts = {name: value for name, value in FULL_FACTS.items() if name != fact}

        with pytest.raises(MissingFact) as raised:
            _compose(code, facts)

        assert raised.value.template == code
        assert raised.value.fact == fact
        assert code in str(raised.value)
        assert fact in str(raised.value)

    def test_letter_templates_treat_a_blank_fact_as_missing(self):
        with pytest.raises(MissingFact, match="amount_due"):
            _compose("REMINDER", {**FULL_FACTS, "amount_due": "  "})

    @pytest.mark.parametrize(
        ("fact", "value"),
        [
            ("amount_due", "twelve pounds"),
            ("amount_due", "0.00"),
            ("amount_due", "-5.00"),
            ("amount_due", "12.345"),
            ("pay_by_date", "05/01/2027"),
            ("hearing_time", "25:00"),
        ],
    )
    def test_letter_templates_refuse_a_fact_that_cannot_be_read(self, fact, value):
        with pytest.raises(BadFact, match=fact):
            _compose(
                "SUMMONS" if fact == "hearing_time" else "REMINDER", {**FULL_FACTS, fact: value}
            )

    @pytest.mark.parametrize(
        ("code", "fact", "too_early", "earliest"),
        [
            # RULES.md §2.2: 7 days beginning with the day of issue.
            ("REMINDER", "pay_by_date", "2026-12-06", "2026-12-07"),
            # RULES.md §2.4: at least 14 days before the liability order.
            ("SUMMONS", "hearing_date", "2026-12-14", "2026-12-15"),
            # RULES.md §2.5: within 14 days, read generously.
            ("INFORMATION_REQUEST", "pay_by_date", "2026-12-14", "2026-12-15"),
            # RULES.md §8.1: 30 days to reply.
            ("LETTER_BEFORE_CLAIM", "pay_by_date", "2026-12-30", "2026-12-31"),
            # RULES.md §3: 28 days beginning with service.
            ("PCN_NOTICE_TO_OWNER", "pay_by_date", "2026-12-27", "2026-12-28"),
        ],
    )
    def test_letter_templates_refuse_a_date_earlier_than_the_law_allows(
        self, code, fact, too_early, earliest
    ):
        with pytest.raises(BadFact, match=earliest):
            _compose(code, {**FULL_FACTS, fact: too_early})

        assert _compose(code, {**FULL_FACTS, fact: earliest})

    @pytest.mark.parametrize(
        ("code", "debt_type"),
        [
            # RULES.md §2.12: no attachment of earnings for business rates.
            ("AEO_EMPLOYER_ORDER", DebtType.BUSINESS_RATES),
            ("DEA_EMPLOYER_NOTICE", DebtType.COUNCIL_TAX),
            ("PCN_NOTICE_TO_OWNER", DebtType.COUNCIL_TAX),
            ("REMINDER", DebtType.PARKING_PCN),
        ],
    )
    def test_letter_templates_refuse_the_wrong_kind_of_debt(self, code, debt_type):
        with pytest.raises(composition.WrongDebtType):
            composition.check_request(
                code=code, facts=FULL_FACTS, issue_date=ISSUE_DATE, debt_type=debt_type.value
            )

    def test_letter_templates_refuse_an_unknown_code(self):
        with pytest.raises(composition.UnknownTemplate, match="REMINDERR"):
            composition.template_for("REMINDERR")

    def test_letter_templates_work_out_the_charge_certificate_increase(self):
        checked = composition.check_request(
            code="PCN_NOTICE_TO_OWNER",
            facts={"penalty_amount": "35.00", "pay_by_date": "2027-01-05"},
            issue_date=ISSUE_DATE,
            debt_type=DebtType.PARKING_PCN.value,
        )

        assert checked["increased_amount"] == "52.50"

    def test_letter_templates_give_the_summons_total_of_sum_and_costs(self):
        text = _text(_compose("SUMMONS", FULL_FACTS))

        assert "If you pay £382.00 (the amount unpaid and the costs) before the hearing" in text

    def test_letter_templates_leave_out_earnings_remedies_for_business_rates(self):
        facts = {**FULL_FACTS, "debt_label": "Business rates 2026/27"}
        checked = composition.check_request(
            code="LIABILITY_ORDER_NOTICE",
            facts=facts,
            issue_date=ISSUE_DATE,
            debt_type=DebtType.BUSINESS_RATES.value,
        )
        context = LetterContext("Kingsmead", "NR1", "BUSINESS_RATES", "ENG", "Acme", ISSUE_DATE)

        document = composition.compose_letter(
            code="LIABILITY_ORDER_NOTICE",
            facts=checked,
            language="EN",
            context=context,
            letter_number="Letter 1",
            recipient_name="Acme Ltd",
            address_lines=("1 Works Road",),
        )

        text = _text(document)
        assert "attachment of earnings" not in text
        assert "benefits" not in text
        assert "Business Debtline" in text
        assert "Non-Domestic Rating" in text

    @pytest.mark.parametrize("code", list(LETTER_TEMPLATES))
    def test_letter_templates_write_welsh_first_in_a_bilingual_letter(self, code):
        document = _compose(code, FULL_FACTS, language="CY")

        assert [s.language for s in document.sections] == ["cy", "en"]
        welsh = _text(document, language="cy")
        assert document.sections[0].title == LETTER_TEMPLATES[code].title_cy
        assert any(b.kind == BlockKind.CALLOUT for b in document.sections[0].blocks) or (
            code == "AEO_DEBTOR_NOTICE"
        )
        assert "Rhagfyr" in document.reference_rows[0][1]
        assert "Mae croeso i chi gysylltu â ni yn Gymraeg." in welsh

    @pytest.mark.parametrize(
        "code", [c for c, t in LETTER_TEMPLATES.items() if t.recipient == Recipient.DEBTOR]
    )
    def test_letter_templates_offer_help_and_free_debt_advice(self, code):
        text = _text(_compose(code, FULL_FACTS))

        for phrase in ("How to pay", "finding it hard to pay", "MoneyHelper", "StepChange"):
            assert phrase in text
        assert "Citizens Advice" in text
        assert "tell us if you are struggling" in text

    def test_letter_templates_send_employer_letters_without_debt_advice(self):
        text = _text(_compose("AEO_EMPLOYER_ORDER", FULL_FACTS))

        assert "MoneyHelper" not in text
        assert "Ms Jane Smith" in text
