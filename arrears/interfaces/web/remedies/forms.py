"""
What an officer types on the pages after the liability order, checked with GOV.UK wording.

Dates use the GOV.UK date input (`party_changes.fields.DateField`); amounts are pounds and pence.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from arrears.enforcement.domain.referrals import RETURN_REASON_LABELS, ReturnReason
from arrears.interfaces.web.party_changes.fields import (
    DateField,
    Radios,
    radio_field,
    text_field,
)
from arrears.kernel.money import ZERO, NotMoney, format_pounds, parse_money
from arrears.recovery.domain.attachment import PayPeriod
from arrears.recovery.domain.deductions import DeaPeriod
from arrears.recovery.models import PAY_PERIOD_LABELS, Benefit, DeductionFrequency

MAX_AMOUNT = Decimal("9999999999.99")  # DecimalField(max_digits=12, decimal_places=2)
NOTE_MAX_LENGTH = 300

PAY_PERIODS = [(p.value, PAY_PERIOD_LABELS[p]) for p in PayPeriod]
DEA_PERIODS = [(DeaPeriod.WEEKLY.value, "Weekly"), (DeaPeriod.MONTHLY.value, "Monthly")]
YES_NO = [("yes", "Yes"), ("no", "No")]


class Pounds(forms.CharField):
    """An amount in pounds and pence ("125.50", "£1,250"); optional ones may be left blank."""

    def __init__(self, *, label: str, required: bool = True, allow_zero: bool = False) -> None:
        super().__init__(
            label=label,
            required=required,
            max_length=20,
            strip=True,
            error_messages={"required": f"Enter the {label.lower()}"},
        )
        self.allow_zero = allow_zero

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        name = str(self.label)
        try:
            amount = parse_money(text)
        except NotMoney as error:
            raise forms.ValidationError(
                f"{name} must be an amount in pounds and pence, like 125.50"
            ) from error
        if amount < ZERO or (amount == ZERO and not self.allow_zero):
            raise forms.ValidationError(f"{name} must be more than £0")
        if amount > MAX_AMOUNT:
            raise forms.ValidationError(f"{name} must be {format_pounds(MAX_AMOUNT)} or less")
        return amount


def note_field(label: str = "Note (optional)") -> forms.CharField:
    return text_field(label=label, max_length=NOTE_MAX_LENGTH, textarea=True)


class _Dated(forms.Form):
    """A form whose dates may not be in the future (`not_after` names them)."""

    not_after: tuple[str, ...] = ()

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.not_after:
            value = cleaned.get(name)
            if value is not None and value > self.today:
                self.add_error(name, f"{self.fields[name].label} must be today or in the past")
        return cleaned


class InformationReply(_Dated):
    not_after = ("received_date",)

    outcome = radio_field(
        label="Did the debtor reply?",
        choices=[
            ("REPLIED", "Yes, the debtor replied"),
            ("NO_REPLY", "No reply by the deadline"),
        ],
        required_message="Select whether the debtor replied",
    )
    received_date = DateField(label="Date the reply was received", required=False)
    employer_name = text_field(label="Employer's name", max_length=200)
    employer_address = text_field(label="Employer's address", max_length=500, textarea=True)
    payroll_number = text_field(label="Payroll or works number", max_length=40)
    pay_period = forms.ChoiceField(
        label="How often are they paid?",
        choices=[*PAY_PERIODS, ("", "Not given")],
        required=False,
        widget=Radios,
    )
    net_earnings = Pounds(label="Net earnings for one pay period", required=False)
    other_income = text_field(label="Other income", max_length=300)
    benefits = text_field(label="Benefits received", max_length=300)
    note = note_field()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("outcome") == "REPLIED" and not cleaned.get("received_date"):
            self.add_error("received_date", "Enter the date the reply was received")
        return cleaned


class AttachmentOrder(_Dated):
    not_after = ("made_date",)

    party = radio_field(label="Whose earnings?", choices=[], required_message="Select the debtor")
    employer_name = text_field(
        label="Employer's name", max_length=200, required_message="Enter the employer's name"
    )
    employer_address = text_field(
        label="Employer's address",
        max_length=500,
        textarea=True,
        required_message="Enter the employer's address",
    )
    payroll_number = text_field(label="Payroll or works number (optional)", max_length=40)
    pay_period = radio_field(
        label="How often is the debtor paid?",
        choices=PAY_PERIODS,
        required_message="Select how often the debtor is paid",
    )
    net_earnings = Pounds(label="Net earnings for one pay period (optional)", required=False)
    made_date = DateField(label="Date the order is made")
    first_pay_date = DateField(label="First pay day to deduct on")
    note = note_field()

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = parties

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        made, first = cleaned.get("made_date"), cleaned.get("first_pay_date")
        if made and first and first < made:
            self.add_error("first_pay_date", "The first pay day must be on or after the order")
        return cleaned


class EmployerPayment(_Dated):
    not_after = ("received_date",)

    pay_date = DateField(label="Pay day the payment is for")
    amount = Pounds(label="Amount received")
    received_date = DateField(label="Date received")
    net_earnings = Pounds(label="Net earnings that pay day (optional)", required=False)
    reference = text_field(label="Employer's reference (optional)", max_length=60)


class Cease(_Dated):
    not_after = ("end_date",)

    end_date = DateField(label="Date it ended")
    reason = text_field(
        label="Why it ended",
        max_length=300,
        textarea=True,
        required_message="Enter why it ended",
    )


class BenefitDeduction(_Dated):
    not_after = ("notified_date",)

    party = radio_field(label="Whose benefit?", choices=[], required_message="Select the debtor")
    benefit = radio_field(
        label="Which benefit?", choices=Benefit.choices, required_message="Select the benefit"
    )
    amount = Pounds(label="Amount DWP will deduct")
    frequency = radio_field(
        label="How often?",
        choices=DeductionFrequency.choices,
        required_message="Select how often DWP deducts it",
    )
    start_date = DateField(label="Date deductions start")
    notified_date = DateField(label="Date of DWP's notification")
    dwp_reference = text_field(label="DWP reference (optional)", max_length=60)

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = parties


class OfficerAction(_Dated):
    not_after = ("action_date",)

    action_date = DateField(label="Date")
    note = note_field("Note (optional): the court, the reference, what was decided")


class HbDeduction(_Dated):
    not_after = ("action_date",)

    weekly_amount = Pounds(label="Weekly deduction")
    is_fraud = radio_field(
        label="Was the claimant convicted, cautioned or given a penalty for this overpayment?",
        choices=YES_NO,
        required_message="Select yes or no",
    )
    earnings_disregard = Pounds(
        label="Weekly earned income disregard (optional)", required=False, allow_zero=True
    )
    action_date = DateField(label="Date")


class DirectEarningsAttachment(_Dated):
    not_after = ("action_date",)

    party = radio_field(label="Whose earnings?", choices=[], required_message="Select the debtor")
    employer_name = text_field(
        label="Employer's name", max_length=200, required_message="Enter the employer's name"
    )
    employer_address = text_field(
        label="Employer's address",
        max_length=500,
        textarea=True,
        required_message="Enter the employer's address",
    )
    period = radio_field(
        label="How often is the debtor paid?",
        choices=DEA_PERIODS,
        required_message="Select how often the debtor is paid",
    )
    net_earnings = Pounds(label="Net earnings for one pay period", allow_zero=True)
    priority_orders = Pounds(
        label="Earlier priority orders from the same pay (optional)",
        required=False,
        allow_zero=True,
    )
    action_date = DateField(label="Date")

    def __init__(self, *args: Any, parties: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["party"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = parties


class Referral(_Dated):
    not_after = ("action_date",)

    action_date = DateField(label="Date of referral")
    note = note_field()


REFERRAL_OUTCOMES = [
    *(
        (f"RETURNED:{reason.value}", f"Returned: {RETURN_REASON_LABELS[reason]}")
        for reason in ReturnReason
    ),
    ("PAID", "Paid in full"),
    ("WITHDRAWN", "Withdrawn by the council"),
]


class ReferralOutcome(_Dated):
    not_after = ("end_date",)

    outcome = radio_field(
        label="What happened?",
        choices=REFERRAL_OUTCOMES,
        required_message="Select what happened",
    )
    end_date = DateField(label="Date")
    note = note_field()
