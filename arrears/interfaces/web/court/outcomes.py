"""
Recording what the court decided (RULES.md §2.4): for one case, in three steps (the form,
"Check your answers", confirm), or for every case still to record at once as granted, after a
check page listing them. Each confirm makes one call, `recovery.services.sessions.record_outcomes`,
which records the whole list or none of it; a refusal comes back as an error on the page.
"""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from arrears.interfaces.web.court import forms
from arrears.interfaces.web.court.views import SessionPage, long_date
from arrears.interfaces.web.party_changes.fields import radio_options
from arrears.kernel import clock
from arrears.kernel.money import ZERO, format_pounds
from arrears.recovery.models import RecoveryCase
from arrears.recovery.selectors import court
from arrears.recovery.services import sessions
from arrears.recovery.services.court import HEARING_OUTCOME_LABELS, HearingOutcome
from arrears.staff.domain.policy import Permission

_REFUSALS: dict[type[Exception], str | None] = {
    sessions.HearingNotYetHeld: "outcome",
    sessions.AdjournmentNeedsSession: "adjourned_to",
    sessions.NotALaterSession: "adjourned_to",
    sessions.SessionFull: "adjourned_to",
    sessions.CaseNotAwaiting: None,
    sessions.NoAddressForNotice: None,
}


class CaseOutcome(SessionPage):
    """Record the court's decision for one summons of the session."""

    permission = Permission.MANAGE_COURT
    template_name = "court/outcome.html"
    check_template_name = "court/outcome_check.html"
    case: RecoveryCase

    def load(self) -> None:
        super().load()
        try:
            self.case = court.case_for_officer(
                officer=self.officer,
                session_id=self.session.pk,
                case_id=self.kwargs["case_id"],
            )
        except RecoveryCase.DoesNotExist as error:
            raise Http404("No such case in this court session") from error

    def _row(self) -> court.SessionCase:
        (row,) = court.session_cases(
            session=self.session, as_of=clock.today(), case_ids=[self.case.pk]
        )
        return row

    def _form(self, data: Any = None) -> forms.Outcome:
        return forms.Outcome(data, sessions=court.adjournment_sessions(session=self.session))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["row"] = kwargs.get("row") or self._row()
        context["outcome_options"] = radio_options(
            forms.Outcome(sessions=[]).fields["outcome"], forms.OUTCOME_HINTS
        )
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._show_form(self._form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        row = self._row()
        step = request.POST.get("step", "check")
        if not row.is_awaiting:
            form.is_valid()
            form.add_error(None, f"The outcome for account {row.account_reference} is recorded")
            return self._show_form(form, row=row, status=400)
        if not form.is_valid():
            return self._show_form(form, row=row, status=400)
        if step == "change":
            return self._show_form(form, row=row)
        if step != "confirm":
            return self._show_check(form, row=row)
        data = form.cleaned_data
        outcome = HearingOutcome(data["outcome"])
        if self._needs_paid_confirmation(outcome, row) and not data["is_paid_confirmed"]:
            form.add_error(
                "is_paid_confirmed",
                "Confirm that the sum and costs were paid or offered before the hearing",
            )
            return self._show_check(form, row=row, status=400)
        try:
            sessions.record_outcomes(
                session=self.session,
                decisions=[
                    sessions.OutcomeDecision(
                        case_id=self.case.pk,
                        outcome=outcome,
                        adjourned_to_id=data["adjourned_to"],
                        note=data["note"],
                    )
                ],
                as_of=clock.today(),
                actor=self.actor,
            )
        except tuple(_REFUSALS) as refusal:
            form.add_error(_REFUSALS[type(refusal)], str(refusal))
            return self._show_form(form, row=row, status=400)
        messages.success(
            request,
            f"{HEARING_OUTCOME_LABELS[outcome]} recorded for account {row.account_reference}",
        )
        return HttpResponseRedirect(self.session_href)

    @staticmethod
    def _needs_paid_confirmation(outcome: HearingOutcome, row: court.SessionCase) -> bool:
        return outcome is HearingOutcome.PAID_BEFORE_HEARING and row.balance > ZERO

    def _show_form(
        self, form: forms.Outcome, *, row: court.SessionCase | None = None, status: int = 200
    ) -> HttpResponse:
        context = self.get_context_data(form=form, row=row)
        return self.render_to_response(context, status=status)

    def _show_check(
        self, form: forms.Outcome, *, row: court.SessionCase, status: int = 200
    ) -> HttpResponse:
        data = form.cleaned_data
        outcome = HearingOutcome(data["outcome"])
        context = self.get_context_data(
            form=form,
            row=row,
            outcome_label=HEARING_OUTCOME_LABELS[outcome],
            adjourned_to_label=dict(form.fields["adjourned_to"].choices).get(  # type: ignore[attr-defined]
                data["adjourned_to"], ""
            ),
            effect=_effect(outcome, row),
            needs_paid_confirmation=self._needs_paid_confirmation(outcome, row),
            paid_warning=(
                f"The account still owes {format_pounds(row.balance)}. The council must stop "
                "only if the sum and the costs were paid or offered before the hearing "
                "(regulation 34(5)). Check the payment before you confirm."
            ),
            hidden=[
                (name, form.data.get(name, "")) for name in ("outcome", "adjourned_to", "note")
            ],
        )
        return TemplateResponse(self.request, self.check_template_name, context, status=status)


def _effect(outcome: HearingOutcome, row: court.SessionCase) -> tuple[str, Decimal]:
    """Return what the outcome does to the account, in words, and the balance after it."""
    if outcome is HearingOutcome.GRANTED:
        words = "The liability order costs are added to the account."
        return words, row.balance + row.order_costs
    if outcome is HearingOutcome.WITHDRAWN:
        words = "The summons costs are taken off the account and the case is closed."
        return words, row.balance - row.summons_costs_charged
    if outcome is HearingOutcome.ADJOURNED:
        return "The case waits for the later hearing. The balance does not change.", row.balance
    return "The case is closed. The balance does not change.", row.balance


class RemainingGranted(SessionPage):
    """Record every summons of the session still waiting for an outcome as granted."""

    permission = Permission.MANAGE_COURT
    template_name = "court/outcomes_check.html"

    def _rows(self) -> list[court.SessionCase]:
        return [
            row
            for row in court.session_cases(session=self.session, as_of=clock.today())
            if row.is_awaiting
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        rows = kwargs.get("rows")
        if rows is None:
            rows = self._rows()
        context.update(
            rows=rows,
            total_costs=sum((row.order_costs for row in rows), ZERO),
            is_heard=clock.today() >= self.session.hearing_date,
            hearing_day=long_date(self.session.hearing_date),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            case_ids = [int(value) for value in request.POST.getlist("case")]
        except ValueError:
            case_ids = []
        if not case_ids:
            return self._show_error("There are no cases to record. Check the session's list.")
        try:
            results = sessions.record_outcomes(
                session=self.session,
                decisions=[
                    sessions.OutcomeDecision(case_id=case_id, outcome=HearingOutcome.GRANTED)
                    for case_id in case_ids
                ],
                as_of=clock.today(),
                actor=self.actor,
            )
        except (
            sessions.HearingNotYetHeld,
            sessions.CaseNotAwaiting,
            sessions.NoAddressForNotice,
        ) as refusal:
            return self._show_error(str(refusal))
        count = len(results)
        messages.success(
            request, f"{count} liability order{'s' if count != 1 else ''} recorded as granted"
        )
        return HttpResponseRedirect(self.session_href)

    def _show_error(self, error: str) -> HttpResponse:
        return self.render_to_response(self.get_context_data(error=error), status=400)
