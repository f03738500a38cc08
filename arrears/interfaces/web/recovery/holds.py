"""
Recording and ending holds on an account (a live arrangement, a dispute, an appeal or a
vulnerability under review): each page loads the account for the officer, then makes one call
to `recovery.services.holds`, whose named errors become errors on the field they are about.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts.models import DebtAccount
from arrears.interfaces.web.party_changes.fields import (
    DateField,
    long_date,
    radio_field,
    radio_options,
    text_field,
)
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.recovery.domain.holds import ACCOUNT_HOLD_KINDS, HOLD_LABELS, HoldKind
from arrears.recovery.models import Hold
from arrears.recovery.selectors.account_holds import hold_on_account
from arrears.recovery.services import holds as services
from arrears.staff.domain.policy import Permission

HOLD_KIND_HINTS = {
    HoldKind.ARRANGEMENT: "The debtor is keeping to a payment plan",
    HoldKind.DISPUTE: "The debtor disputes the debt and the council is looking into it",
    HoldKind.APPEAL: "An appeal is under way, for example to the valuation tribunal",
    HoldKind.VULNERABILITY: (
        "Court and enforcement wait while an officer reviews the debtor's circumstances; "
        "reminders still go"
    ),
}


class RecordHold(forms.Form):
    kind = radio_field(
        label="What kind of hold is it?",
        choices=[(kind.value, HOLD_LABELS[kind]) for kind in ACCOUNT_HOLD_KINDS],
        required_message="Select the kind of hold",
    )
    start_date = DateField(label="Start date")
    review_date = DateField(label="Review date", required=False)
    end_date = DateField(label="End date", required=False)
    reason = text_field(
        label="Reason",
        required_message="Enter the reason for the hold",
        max_length=services.REASON_MAX_LENGTH,
        textarea=True,
    )


class EndHold(forms.Form):
    end_date = DateField(label="End date")


@dataclass(frozen=True)
class AccountHeading:
    """The account a hold page is about, for its caption and back link."""

    account_id: int
    reference: str
    debt_type_label: str
    href: str


class HoldChange(Page):
    """A page that changes the holds on one account the officer may see."""

    permission = Permission.RECORD_HOLD
    heading = ""
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

    def save(self, form: forms.Form) -> str:
        """Make the one service call; return the success message. May raise InvalidHold."""
        raise NotImplementedError

    @property
    def account_url(self) -> str:
        return reverse("web:account", kwargs={"account_id": self.account.pk})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.make_form())
        context["account"] = AccountHeading(
            account_id=self.account.pk,
            reference=self.account.reference,
            debt_type_label=self.account.get_debt_type_display(),
            href=self.account_url,
        )
        context["heading"] = self.heading
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                message = self.save(form)
            except services.InvalidHold as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, message)
                return HttpResponseRedirect(f"{self.account_url}#recovery")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class HoldRecord(HoldChange):
    """Record a hold on the account, from a start date that may be in the past."""

    template_name = "recovery/holds/record.html"
    heading = "Record a hold"

    def make_form(self, data: Any = None) -> forms.Form:
        return RecordHold(data, initial={"start_date": clock.today()})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["options"] = radio_options(
            context["form"].fields["kind"],
            {kind.value: HOLD_KIND_HINTS[kind] for kind in ACCOUNT_HOLD_KINDS},
        )
        return context

    def save(self, form: forms.Form) -> str:
        data = form.cleaned_data
        hold = services.record_hold(
            account=self.account,
            kind=HoldKind(data["kind"]),
            start_date=data["start_date"],
            review_date=data["review_date"],
            end_date=data["end_date"],
            reason=data["reason"],
            actor=self.actor,
            recorded_at=clock.now(),
        )
        until = f" to {long_date(hold.end_date)}" if hold.end_date else ""
        return (
            f"{HOLD_LABELS[HoldKind(hold.kind)]} hold recorded, "
            f"from {long_date(hold.start_date)}{until}"
        )


class HoldEnd(HoldChange):
    """End one of the account's holds; it stays in the account's history."""

    template_name = "recovery/holds/end.html"
    hold: Hold

    def load(self) -> None:
        super().load()
        try:
            # The account was found through the officer's access check; the hold must be its own.
            self.hold = hold_on_account(account_id=self.account.pk, hold_id=self.kwargs["hold_id"])
        except Hold.DoesNotExist as error:
            raise Http404("No such hold") from error

    def make_form(self, data: Any = None) -> forms.Form:
        return EndHold(data, initial={"end_date": clock.today()})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        label = HOLD_LABELS[HoldKind(self.hold.kind)]
        context["heading"] = f"End hold: {label}"
        context["hold"] = {
            "label": label,
            "reason": self.hold.reason,
            "start_date": self.hold.start_date,
            "review_date": self.hold.review_date,
            "end_date": self.hold.end_date,
        }
        return context

    def save(self, form: forms.Form) -> str:
        end_date: dt.date = form.cleaned_data["end_date"]
        hold = services.end_hold(hold=self.hold, end_date=end_date, actor=self.actor)
        return f"{HOLD_LABELS[HoldKind(hold.kind)]} hold ended on {long_date(end_date)}"
