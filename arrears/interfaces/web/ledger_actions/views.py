"""
The ledger action views: one page per action, in three steps (see the package docstring).
"""

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts.models import DebtAccount
from arrears.interfaces.web.ledger_actions import answers, summaries
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.kernel.money import ZERO, format_pounds
from arrears.ledger import selectors as ledger_selectors
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind, Direction, EntryType
from arrears.ledger.models import Entry
from arrears.staff.domain.policy import Permission


class Refused(Exception):
    """A service refused the action; `field` is where the form shows why (None: the form)."""

    def __init__(self, *, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class LedgerAction(Page):
    """
    One ledger action on one account: form, check your answers, confirm (see the package).

    A subclass names its permission, form template and check-page wording, builds its form,
    lists the answers to check, and makes its one service call in `perform`.
    """

    check_template_name = "web/ledger/check.html"
    title: ClassVar[str] = ""
    confirm_label: ClassVar[str] = ""
    account: DebtAccount

    def load(self) -> None:
        try:
            self.account = accounts_selectors.account_for_officer(
                officer=self.officer, account_id=self.kwargs["account_id"]
            )
        except DebtAccount.DoesNotExist as error:
            raise Http404("No such account") from error

    def make_form(self, data: Any = None) -> forms.Form:
        raise NotImplementedError

    def answer_rows(self, form: forms.Form) -> list[summaries.Answer]:
        raise NotImplementedError

    def perform(self, form: forms.Form) -> str:
        """Make the one service call; return the success banner's words.

        :raises Refused: when the service refuses, saying why.
        """
        raise NotImplementedError

    def check_context(self, form: forms.Form) -> dict[str, Any]:
        """Return what else the check page shows (an allocation preview, a warning)."""
        return {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["account"] = summaries.AccountHeading(
            account_id=self.account.pk,
            reference=self.account.reference,
            debt_type_label=self.account.get_debt_type_display(),
            authority_name=self.account.authority.name,
            balance=self.account.balance,
        )
        context["account_href"] = reverse("web:account", kwargs={"account_id": self.account.pk})
        context["title"] = self.title
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._show_form(self.make_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        step = request.POST.get("step", "check")
        if not form.is_valid():
            return self._show_form(form, status=400)
        if step == "change":
            return self._show_form(form)
        if step != "confirm":
            return self._show_check(form)
        try:
            message = self.perform(form)
        except Refused as refusal:
            form.add_error(refusal.field, refusal.message)
            return self._show_form(form, status=400)
        messages.success(request, message)
        return HttpResponseRedirect(reverse("web:account", kwargs={"account_id": self.account.pk}))

    def _show_form(self, form: forms.Form, *, status: int = 200) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def _show_check(self, form: forms.Form) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            answers=self.answer_rows(form),
            # The answers as typed, sent back with Confirm or Change and checked again.
            hidden=[(name, form.data.get(name, "")) for name in form.fields],
            confirm_label=self.confirm_label,
            **self.check_context(form),
        )
        return TemplateResponse(self.request, self.check_template_name, context)

    def _date_answer(self, form: forms.Form, name: str) -> str:
        return summaries.long_date(form.cleaned_data[name])


class RecordPayment(LedgerAction):
    """Record a payment received, allocated to the oldest open charges first."""

    permission = Permission.RECORD_PAYMENT
    template_name = "web/ledger/payment.html"
    title = "Record a payment"
    confirm_label = "Record payment"

    def make_form(self, data: Any = None) -> answers.PaymentAnswers:
        return answers.PaymentAnswers(data, today=clock.today())

    def answer_rows(self, form: forms.Form) -> list[summaries.Answer]:
        data = form.cleaned_data
        return [
            summaries.Answer("Amount", format_pounds(data["amount"]), "amount"),
            summaries.Answer("Received", self._date_answer(form, "received_date"), "date received"),
            summaries.Answer(
                "Paid by",
                answers.choice_label(answers.PAYMENT_METHODS, data["method"]),
                "how it was paid",
            ),
            summaries.Answer("Reference", data["reference"] or "None", "reference"),
        ]

    def check_context(self, form: forms.Form) -> dict[str, Any]:
        return {
            "preview": summaries.allocation_preview(
                account=self.account, amount=form.cleaned_data["amount"]
            )
        }

    def perform(self, form: forms.Form) -> str:
        data = form.cleaned_data
        try:
            entry = ledger.record_payment(
                account=self.account,
                amount=data["amount"],
                received_date=data["received_date"],
                reference=data["reference"] or None,
                method=data["method"],
                actor=self.actor,
            )
        except ledger.DuplicateSourceReference as error:
            raise Refused(
                field="reference",
                message=f"A payment with reference {data['reference']} has already been "
                "recorded. Check the reference, or leave it out if the payment has none",
            ) from error
        except ledger.InvalidAmount as error:
            raise Refused(field="amount", message="Enter the amount in pounds and pence") from error
        return f"Payment of {format_pounds(entry.amount)} recorded as entry #{entry.pk}"


class PostCharge(LedgerAction):
    """Post a charge (recording the rule that caused it) or a debit adjustment."""

    permission = Permission.POST_CHARGE
    template_name = "web/ledger/charge.html"
    title = "Post a charge or adjustment"
    confirm_label = "Post to the account"

    def make_form(self, data: Any = None) -> answers.ChargeAnswers:
        return answers.ChargeAnswers(data, today=clock.today())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kind_hints"] = answers.CHARGE_KIND_HINTS
        return context

    def answer_rows(self, form: forms.Form) -> list[summaries.Answer]:
        data = form.cleaned_data
        return [
            summaries.Answer(
                "What",
                answers.choice_label(answers.CHARGE_KINDS, data["kind"]),
                "what you are posting",
            ),
            summaries.Answer("Amount", format_pounds(data["amount"]), "amount"),
            summaries.Answer("Takes effect", self._date_answer(form, "effective_date"), "date"),
            summaries.Answer("Reason", data["reason"], "reason"),
            summaries.Answer("Rule", data["rule"], "rule"),
        ]

    def perform(self, form: forms.Form) -> str:
        data = form.cleaned_data
        try:
            if data["kind"] == answers.DEBIT_ADJUSTMENT:
                entry = ledger.adjust(
                    account=self.account,
                    amount=data["amount"],
                    direction=Direction.DEBIT,
                    effective_date=data["effective_date"],
                    rule=data["rule"],
                    reason=data["reason"],
                    actor=self.actor,
                )
            else:
                entry = ledger.post_charge(
                    account=self.account,
                    amount=data["amount"],
                    effective_date=data["effective_date"],
                    charge_kind=ChargeKind(data["kind"]),
                    rule=data["rule"],
                    reason=data["reason"],
                    actor=self.actor,
                )
        except ledger.InvalidAmount as error:
            raise Refused(field="amount", message="Enter the amount in pounds and pence") from error
        except ledger.ChargeInMoratorium as error:
            raise Refused(
                field="effective_day",
                message="A Breathing Space covers this date: no fees, costs or interest can be "
                "added to the debt for that period",
            ) from error
        what = answers.choice_label(answers.CHARGE_KINDS, data["kind"])
        return f"{what} of {format_pounds(entry.amount)} posted as entry #{entry.pk}"


class WriteOff(LedgerAction):
    """Write off part or all of the balance within the officer's delegated limit."""

    permission = Permission.WRITE_OFF
    template_name = "web/ledger/write_off.html"
    title = "Write off debt"
    confirm_label = "Write off"

    def make_form(self, data: Any = None) -> answers.WriteOffAnswers:
        return answers.WriteOffAnswers(
            data, balance=self.account.balance, limit=self.officer.write_off_limit
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["limit"] = self.officer.write_off_limit
        context["has_debt"] = self.account.balance > ZERO
        return context

    def _reason(self, form: forms.Form) -> str:
        data = form.cleaned_data
        label = answers.choice_label(answers.WRITE_OFF_REASONS, data["reason"])
        return f"{label}: {data['detail']}" if data["detail"] else label

    def answer_rows(self, form: forms.Form) -> list[summaries.Answer]:
        return [
            summaries.Answer("Amount", format_pounds(form.cleaned_data["amount"]), "amount"),
            summaries.Answer("Reason", self._reason(form), "reason"),
            summaries.Answer("Date", summaries.long_date(clock.today())),
        ]

    def check_context(self, form: forms.Form) -> dict[str, Any]:
        return {
            "preview": summaries.allocation_preview(
                account=self.account, amount=form.cleaned_data["amount"]
            ),
            "warning": "A write-off can only be undone by reversing it.",
        }

    def perform(self, form: forms.Form) -> str:
        data = form.cleaned_data
        try:
            entry = ledger.write_off(
                account=self.account,
                amount=data["amount"],
                effective_date=clock.today(),
                reason=self._reason(form),
                actor=self.actor,
                delegated_limit=self.officer.write_off_limit,
                rule=f"policy.write-off.{data['reason'].lower().replace('_', '-')}",
            )
        except ledger.WriteOffAboveLimit as error:
            limit = self.officer.write_off_limit
            raise Refused(
                field="amount", message=answers.above_limit_message(limit=limit)
            ) from error
        except ledger.InvalidAmount as error:
            raise Refused(
                field="amount",
                message="The amount must be no more than the balance of "
                f"{format_pounds(self.account.balance)}",
            ) from error
        return f"{format_pounds(entry.amount)} written off as entry #{entry.pk}"


class Refund(LedgerAction):
    """
    Refund credit on the account to the payer.

    Needs `Permission.APPROVE_REFUND`: the officer approves and makes the refund in one go until
    issue 7 adds the two-person approval flow (one officer asks, another approves).
    """

    permission = Permission.APPROVE_REFUND
    template_name = "web/ledger/refund.html"
    title = "Refund credit"
    confirm_label = "Refund"

    @property
    def credit(self) -> Decimal:
        return max(-self.account.balance, ZERO)

    def make_form(self, data: Any = None) -> answers.RefundAnswers:
        return answers.RefundAnswers(data, credit=self.credit)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["credit"] = self.credit
        return context

    def answer_rows(self, form: forms.Form) -> list[summaries.Answer]:
        data = form.cleaned_data
        return [
            summaries.Answer("Amount", format_pounds(data["amount"]), "amount"),
            summaries.Answer(
                "Paid by",
                answers.choice_label(answers.REFUND_METHODS, data["method"]),
                "how it will be paid",
            ),
            summaries.Answer("Reason", data["reason"], "reason"),
            summaries.Answer("Date", summaries.long_date(clock.today())),
        ]

    def check_context(self, form: forms.Form) -> dict[str, Any]:
        return {"warning": "The money will leave the council's account."}

    def perform(self, form: forms.Form) -> str:
        data = form.cleaned_data
        try:
            entry = ledger.refund(
                account=self.account,
                amount=data["amount"],
                effective_date=clock.today(),
                reason=data["reason"],
                method=data["method"],
                actor=self.actor,
            )
        except ledger.RefundExceedsCredit as error:
            raise Refused(
                field="amount", message=answers.exceeds_credit_message(credit=self.credit)
            ) from error
        return f"Refund of {format_pounds(entry.amount)} recorded as entry #{entry.pk}"


class ReverseEntry(LedgerAction):
    """Reverse a posted entry with a new entry the other way (posted entries never change)."""

    permission = Permission.REVERSE_ENTRY
    template_name = "web/ledger/reverse.html"
    title = "Reverse an entry"
    confirm_label = "Reverse entry"
    entry: Entry

    def load(self) -> None:
        super().load()
        # Only an entry of the account just found: another council's entry is a 404.
        entries = ledger_selectors.entries_for_accounts(account_ids=[self.account.pk])
        try:
            self.entry = entries.get(pk=self.kwargs["entry_id"])
        except Entry.DoesNotExist as error:
            raise Http404("No such entry") from error
        self.refusal = ""
        if self.entry.entry_type == EntryType.REVERSAL.value:
            self.refusal = answers.reversal_of_reversal_message(entry_id=self.entry.pk)
        elif entries.filter(reverses_id=self.entry.pk).exists():
            self.refusal = answers.already_reversed_message(entry_id=self.entry.pk)

    def make_form(self, data: Any = None) -> answers.ReversalAnswers:
        return answers.ReversalAnswers(data, refusal=self.refusal)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entry = self.entry
        context["entry"] = summaries.EntrySummary(
            entry_id=entry.pk,
            label=summaries.entry_label(entry),
            direction_label=Direction(entry.direction).value.title(),
            amount=entry.amount,
            effective_date=entry.effective_date,
            reason=entry.reason,
            rule=entry.rule,
        )
        context["refusal"] = self.refusal
        return context

    def answer_rows(self, form: forms.Form) -> list[summaries.Answer]:
        entry = self.entry
        return [
            summaries.Answer(
                "Entry",
                f"#{entry.pk} {summaries.entry_label(entry)} of {format_pounds(entry.amount)}, "
                f"{summaries.long_date(entry.effective_date)}",
            ),
            summaries.Answer("Reason", form.cleaned_data["reason"], "reason"),
            summaries.Answer("Date", summaries.long_date(clock.today())),
        ]

    def check_context(self, form: forms.Form) -> dict[str, Any]:
        direction = "lower" if self.entry.direction == Direction.DEBIT.value else "raise"
        return {
            "warning": f"The balance will {direction} by {format_pounds(self.entry.amount)}, "
            "and any allocations of the entry will be undone."
        }

    def perform(self, form: forms.Form) -> str:
        try:
            reversal = ledger.reverse_entry(
                entry=self.entry,
                effective_date=clock.today(),
                reason=form.cleaned_data["reason"],
                actor=self.actor,
            )
        except ledger.AlreadyReversed as error:
            message = answers.already_reversed_message(entry_id=self.entry.pk)
            raise Refused(field=None, message=message) from error
        except ledger.CannotReverseReversal as error:
            message = answers.reversal_of_reversal_message(entry_id=self.entry.pk)
            raise Refused(field=None, message=message) from error
        return f"Entry #{self.entry.pk} reversed by entry #{reversal.pk}"
