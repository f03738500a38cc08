"""
What an officer types for each ledger action, checked: amounts in pounds, GOV.UK date inputs,
plain-English choices and reasons. Error messages follow the GOV.UK design system's wording.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from arrears.imports.domain.records import PaymentMethod
from arrears.kernel.money import ZERO, NotMoney, format_pounds, parse_money
from arrears.ledger.domain.entries import CHARGE_KIND_LABELS, ChargeKind

# Entry.amount is DecimalField(max_digits=12, decimal_places=2).
MAX_AMOUNT = Decimal("9999999999.99")
REASON_MAX_LENGTH = 300  # Entry.reason
DEFAULT_CHARGE_RULE = "officer.manual-charge"
DEBIT_ADJUSTMENT = "DEBIT_ADJUSTMENT"

PAYMENT_METHODS = [
    (PaymentMethod.CASH.value, "Cash"),
    (PaymentMethod.CARD.value, "Debit or credit card"),
    (PaymentMethod.CHEQUE.value, "Cheque"),
    (PaymentMethod.BANK_TRANSFER.value, "Bank transfer"),
    (PaymentMethod.DIRECT_DEBIT.value, "Direct Debit"),
    (PaymentMethod.PAYPOINT.value, "PayPoint"),
]

REFUND_METHODS = [
    (PaymentMethod.BANK_TRANSFER.value, "Bank transfer"),
    (PaymentMethod.CHEQUE.value, "Cheque"),
    (PaymentMethod.CARD.value, "Back to the card that paid"),
]

CHARGE_KINDS = [(kind.value, CHARGE_KIND_LABELS[kind]) for kind in ChargeKind] + [
    (DEBIT_ADJUSTMENT, "Debit adjustment")
]
CHARGE_KIND_HINTS = [
    (DEBIT_ADJUSTMENT, "Corrects the balance upwards; it is not a new charge"),
]

# Common reasons a council writes off a debt; each is recorded in the entry's rule, so reports
# can count write-offs by reason. Write-off policy is each council's own (delegated limits).
WRITE_OFF_REASONS = [
    ("UNECONOMICAL", "Uneconomical to pursue"),
    ("DECEASED", "Deceased with no estate"),
    ("INSOLVENCY", "Insolvency (bankruptcy, debt relief order, IVA or liquidation)"),
    ("STATUTE_BARRED", "Statute barred"),
    ("UNTRACEABLE", "Absconded or untraceable"),
    ("HARDSHIP", "Hardship"),
    ("OTHER", "Other"),
]


class Pounds(forms.CharField):
    """An amount typed by an officer ("125.50", "£1,250"), read by `kernel.money.parse_money`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            max_length=20, strip=True, error_messages={"required": "Enter the amount"}, **kwargs
        )

    def clean(self, value: Any) -> Decimal:
        text = super().clean(value)
        try:
            amount = parse_money(text)
        except NotMoney as error:
            raise forms.ValidationError(
                "Enter the amount in pounds and pence, like 125.50"
            ) from error
        if amount <= ZERO:
            raise forms.ValidationError("The amount must be more than £0")
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(f"The amount must be {format_pounds(MAX_AMOUNT)} or less")
        return amount


class Reason(forms.CharField):
    """A reason in plain English, kept on one line as the ledger shows it."""

    def __init__(self, *, required_message: str, **kwargs: Any) -> None:
        super().__init__(
            max_length=REASON_MAX_LENGTH,
            strip=True,
            widget=forms.Textarea,
            error_messages={
                "required": required_message,
                "max_length": f"The reason must be {REASON_MAX_LENGTH} characters or fewer",
            },
            **kwargs,
        )

    def to_python(self, value: Any) -> str:
        return " ".join(str(super().to_python(value)).split())


PARTS = ("day", "month", "year")


def _date_part() -> forms.CharField:
    return forms.CharField(required=False, max_length=4, strip=True)


def _read_date(form: forms.Form, *, name: str, what: str, latest: dt.date) -> dt.date | None:
    """
    Return the date typed in the `<name>_day`, `_month` and `_year` boxes of a GOV.UK date
    input, or add the GOV.UK error message to the first box at fault and return None.
    """
    parts = {part: form.cleaned_data.get(f"{name}_{part}") or "" for part in PARTS}
    missing = [part for part, text in parts.items() if not text]
    described = what[0].upper() + what[1:]
    at_fault = missing[0] if missing else "day"
    if len(missing) == len(PARTS):
        error = f"Enter {what}"
    elif missing:
        error = f"{described} must include a {' and a '.join(missing)}"
    elif not all(text.isdigit() for text in parts.values()):
        error = f"{described} must be a real date"
    elif len(parts["year"]) != 4:
        error, at_fault = "The year must include 4 numbers", "year"
    else:
        try:
            value = dt.date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            error = f"{described} must be a real date"
        else:
            if value <= latest:
                return value
            error = f"{described} must be today or in the past"
    form.add_error(f"{name}_{at_fault}", error)
    return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --- Forms -------------------------------------------------------------------------------------


class PaymentAnswers(forms.Form):
    amount = Pounds()
    received_day = _date_part()
    received_month = _date_part()
    received_year = _date_part()
    method = forms.ChoiceField(
        choices=PAYMENT_METHODS, error_messages={"required": "Select how the payment was made"}
    )
    reference = forms.CharField(
        required=False,
        max_length=60,
        strip=True,
        error_messages={"max_length": "The reference must be 60 characters or fewer"},
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_reference(self) -> str:
        return _one_line(self.cleaned_data["reference"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["received_date"] = _read_date(
            self, name="received", what="the date the payment was received", latest=self.today
        )
        return cleaned


class ChargeAnswers(forms.Form):
    kind = forms.ChoiceField(
        choices=CHARGE_KINDS, error_messages={"required": "Select what you are posting"}
    )
    amount = Pounds()
    effective_day = _date_part()
    effective_month = _date_part()
    effective_year = _date_part()
    reason = Reason(required_message="Enter the reason for the charge")
    rule = forms.CharField(
        max_length=100,
        strip=True,
        initial=DEFAULT_CHARGE_RULE,
        error_messages={
            "required": "Enter the rule or policy that caused the charge",
            "max_length": "The rule must be 100 characters or fewer",
        },
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_rule(self) -> str:
        return _one_line(self.cleaned_data["rule"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["effective_date"] = _read_date(
            self, name="effective", what="the date the charge takes effect", latest=self.today
        )
        return cleaned


class WriteOffAnswers(forms.Form):
    amount = Pounds()
    reason = forms.ChoiceField(
        choices=WRITE_OFF_REASONS,
        error_messages={"required": "Select why the debt is being written off"},
    )
    detail = forms.CharField(
        required=False,
        max_length=200,
        strip=True,
        widget=forms.Textarea,
        error_messages={"max_length": "The detail must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, balance: Decimal, limit: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.balance = balance
        self.limit = limit

    def clean_amount(self) -> Decimal:
        amount: Decimal = self.cleaned_data["amount"]
        if amount > self.balance:
            raise forms.ValidationError(
                f"The amount must be no more than the balance of {format_pounds(self.balance)}"
            )
        if amount > self.limit:
            raise forms.ValidationError(above_limit_message(limit=self.limit))
        return amount

    def clean_detail(self) -> str:
        return _one_line(self.cleaned_data["detail"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == "OTHER" and not cleaned.get("detail"):
            self.add_error("detail", "Enter why the debt is being written off")
        return cleaned


def above_limit_message(*, limit: Decimal) -> str:
    """Return the error for a write-off above the officer's delegated limit."""
    return (
        f"You can write off up to {format_pounds(limit)} under your delegated limit. "
        "A team leader must write off a larger amount"
    )


class RefundAnswers(forms.Form):
    amount = Pounds()
    method = forms.ChoiceField(
        choices=REFUND_METHODS, error_messages={"required": "Select how the refund will be paid"}
    )
    reason = Reason(required_message="Enter the reason for the refund")

    def __init__(self, *args: Any, credit: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.credit = credit

    def clean_amount(self) -> Decimal:
        amount: Decimal = self.cleaned_data["amount"]
        if amount > self.credit:
            raise forms.ValidationError(exceeds_credit_message(credit=self.credit))
        return amount


def exceeds_credit_message(*, credit: Decimal) -> str:
    """Return the error for a refund larger than the account's credit."""
    return f"The amount must be no more than the credit of {format_pounds(credit)}"


class ReversalAnswers(forms.Form):
    reason = Reason(required_message="Enter the reason for reversing the entry")

    def __init__(self, *args: Any, refusal: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.refusal = refusal

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.refusal:
            raise forms.ValidationError(self.refusal)
        return cleaned


def already_reversed_message(*, entry_id: int) -> str:
    """Return the error for reversing an entry a second time."""
    return f"Entry #{entry_id} has already been reversed"


def reversal_of_reversal_message(*, entry_id: int) -> str:
    """Return the error for reversing a reversal."""
    return f"Entry #{entry_id} is a reversal, so it cannot be reversed. Post a new entry instead"


def choice_label(choices: list[tuple[str, str]], value: str) -> str:
    """Return the plain-English label of a stored choice."""
    return dict(choices)[value]
