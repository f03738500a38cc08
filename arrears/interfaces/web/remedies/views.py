"""
The pages after the liability order: what may be done on an account and why not, and a form
for each remedy. Each page loads the account (or order) for the officer, then makes one call
into `recovery.services.remedies` or `recovery.services.attachments`; their named refusals
become errors on the form, in their own words.
"""

from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts.models import AccountParty, DebtAccount, Party
from arrears.enforcement import selectors as enforcement_selectors
from arrears.enforcement import services as enforcement
from arrears.enforcement.domain.referrals import ReferralStatus, ReturnReason
from arrears.enforcement.models import EnforcementCase
from arrears.interfaces.web.party_changes.fields import long_date, radio_options
from arrears.interfaces.web.remedies import forms, pages
from arrears.interfaces.web.remedies.refusals import REFUSALS
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.kernel.money import ZERO, format_pounds
from arrears.recovery.domain.attachment import PayPeriod
from arrears.recovery.domain.deductions import DeaPeriod
from arrears.recovery.models import Benefit, BenefitDeduction, DeductionFrequency
from arrears.recovery.selectors import remedies as selectors
from arrears.recovery.services import deductions, information, remedies
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission


@dataclass(frozen=True)
class AccountHeading:
    account_id: int
    reference: str
    debt_type_label: str
    href: str
    remedies_href: str


class AccountPage(Page):
    """A page about one account the officer may see."""

    account: DebtAccount

    def load(self) -> None:
        try:
            self.account = accounts_selectors.account_for_officer(
                officer=self.officer, account_id=self.kwargs["account_id"]
            )
        except DebtAccount.DoesNotExist as error:
            raise Http404("No such account") from error

    @property
    def remedies_url(self) -> str:
        return reverse("web:account-remedies", kwargs={"account_id": self.account.pk})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["account"] = AccountHeading(
            account_id=self.account.pk,
            reference=self.account.reference,
            debt_type_label=self.account.get_debt_type_display(),
            href=reverse("web:account", kwargs={"account_id": self.account.pk}),
            remedies_href=self.remedies_url,
        )
        return context


class AccountRemedies(AccountPage):
    """The "after the liability order" page: every remedy, allowed or not, and why."""

    permission = Permission.VIEW_LEDGER
    template_name = "remedies/account.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = selectors.remedies_page(account_id=self.account.pk, as_of=clock.today())
        can_act = staff_selectors.officer_can(
            officer=self.officer, permission=Permission.TAKE_REMEDY
        )
        context["page"] = pages.remedies_view(
            page=page, account_id=self.account.pk, can_act=can_act
        )
        return context


class RemedyForm(AccountPage):
    """One remedy's form on one account: GET shows it, POST makes the one service call."""

    permission = Permission.TAKE_REMEDY
    template_name = "remedies/form.html"
    heading: ClassVar[str] = ""
    code: ClassVar[str] = ""  # the remedy whose verdict the page shows, if any
    submit_label: ClassVar[str] = "Save"
    intro: ClassVar[str] = ""

    def make_form(self, data: Any = None) -> django_forms.Form:
        raise NotImplementedError

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        """Make the one service call; return the success message and where to go next.

        :raises: a named service refusal (`refusals.REFUSALS`).
        """
        raise NotImplementedError

    def page_context(self) -> dict[str, Any]:
        return {}

    def parties(self) -> list[tuple[str, str]]:
        return [
            (str(party_id), name)
            for party_id, name in AccountParty.objects.filter(account=self.account)
            .order_by("id")
            .values_list("party_id", "party__display_name")
        ]

    def party(self, form: django_forms.Form) -> Party:
        return Party.objects.get(pk=int(form.cleaned_data["party"]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", self.make_form())
        context["heading"] = self.heading
        context["intro"] = self.intro
        context["submit_label"] = self.submit_label
        context["fields"] = pages.form_fields(form)
        if self.code:
            try:
                facts, option = selectors.option_for(
                    account_id=self.account.pk, code=self.code, as_of=clock.today()
                )
            except (selectors.NoRecoveryCase, KeyError):
                context["verdict"] = pages.Verdict(
                    is_allowed=False,
                    reasons=("This account's recovery stream does not offer this remedy.",),
                    notes=(),
                    figures=(),
                )
            else:
                context["verdict"] = pages.verdict(facts=facts, option=option)
        context.update(self.page_context())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                message, next_url = self.save(form)
            except REFUSALS as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, message)
                return HttpResponseRedirect(next_url)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class InformationReplyRecord(RemedyForm):
    heading = "Record the reply to the information request"
    intro = (
        "After a liability order the debtor must give the council the information it asks for, "
        "such as their employer and earnings, within 14 days (RULES.md §2.5, CT Regs reg 36)."
    )
    submit_label = "Record"

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.InformationReply(data, today=clock.today())

    def page_context(self) -> dict[str, Any]:
        try:
            facts = selectors.remedy_facts(account_id=self.account.pk, as_of=clock.today())
        except selectors.NoRecoveryCase:
            return {}
        return {"deadline": facts.information_deadline_date}

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        data = form.cleaned_data
        if data["outcome"] == "NO_REPLY":
            reply = information.record_no_information_reply(
                account=self.account, on=clock.today(), actor=self.actor, note=data["note"]
            )
            assert reply.deadline_date is not None
            return (
                f"Recorded that no reply came by {long_date(reply.deadline_date)}",
                self.remedies_url,
            )
        information.record_information_reply(
            account=self.account,
            received_date=data["received_date"],
            employer_name=data["employer_name"],
            employer_address=data["employer_address"],
            payroll_number=data["payroll_number"],
            pay_period=PayPeriod(data["pay_period"]) if data["pay_period"] else None,
            net_earnings=data["net_earnings"],
            other_income=data["other_income"],
            benefits=data["benefits"],
            note=data["note"],
            actor=self.actor,
        )
        return "Reply to the information request recorded", self.remedies_url


class BenefitDeductionRecord(RemedyForm):
    heading = "Record a deduction from benefits"
    code = selectors.BENEFIT_DEDUCTION
    submit_label = "Record the deduction"
    intro = (
        "DWP sets the amount: record it as DWP's notification gives it. Only one council tax "
        "deduction from benefits may be in force at a time (RULES.md §2.7)."
    )

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.BenefitDeduction(
            data,
            parties=self.parties(),
            today=clock.today(),
            initial={"notified_date": clock.today()},
        )

    def page_context(self) -> dict[str, Any]:
        today = clock.today()
        return {
            "guides": [
                (
                    Benefit.UNIVERSAL_CREDIT.label,
                    "a month",
                    deductions.benefit_deduction_forecast(
                        benefit=Benefit.UNIVERSAL_CREDIT, as_of=today
                    ),
                ),
                (
                    "Income Support, JSA, ESA or Pension Credit",
                    "a week",
                    deductions.benefit_deduction_forecast(
                        benefit=Benefit.PENSION_CREDIT, as_of=today
                    ),
                ),
            ],
            "options": {
                "party": radio_options(self.make_form().fields["party"]),
            },
        }

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        data = form.cleaned_data
        deduction = deductions.record_benefit_deduction(
            account=self.account,
            party=self.party(form),
            benefit=Benefit(data["benefit"]),
            amount=data["amount"],
            frequency=DeductionFrequency(data["frequency"]),
            start_date=data["start_date"],
            notified_date=data["notified_date"],
            dwp_reference=data["dwp_reference"],
            actor=self.actor,
        )
        return (
            f"Deduction from {deduction.get_benefit_display()} of "
            f"{format_pounds(deduction.amount)} recorded",
            self.remedies_url,
        )


class BenefitDeductionEnd(RemedyForm):
    heading = "End a deduction from benefits"
    submit_label = "End the deduction"
    deduction: BenefitDeduction

    def load(self) -> None:
        super().load()
        try:
            self.deduction = selectors.benefit_deduction_for_account(
                account_id=self.account.pk, deduction_id=self.kwargs["deduction_id"]
            )
        except BenefitDeduction.DoesNotExist as error:
            raise Http404("No such deduction") from error

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.Cease(data, today=clock.today(), initial={"end_date": clock.today()})

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        deductions.end_benefit_deduction(
            deduction=self.deduction,
            on=form.cleaned_data["end_date"],
            reason=form.cleaned_data["reason"],
            actor=self.actor,
        )
        return "Deduction from benefits ended", self.remedies_url


class OfficerRemedy(RemedyForm):
    """Charging order, bankruptcy petition or committal: checked, then recorded with a note."""

    submit_label = "Record the decision"

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.OfficerAction(
            data, today=clock.today(), initial={"action_date": clock.today()}
        )

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        action = remedies.take_officer_action(
            account=self.account,
            code=self.code,
            on=form.cleaned_data["action_date"],
            note=form.cleaned_data["note"],
            actor=self.actor,
        )
        return f"{action.explanation['name']} recorded", self.remedies_url


class ChargingOrder(OfficerRemedy):
    heading = "Apply for a charging order"
    code = selectors.CHARGING_ORDER
    intro = (
        "A charging order secures what is owed on the debtor's interest in the dwelling the "
        "council tax was for. It needs at least £1,000 outstanding under the liability order(s) "
        "(RULES.md §2.9, CT Regs reg 50)."
    )


class Bankruptcy(OfficerRemedy):
    heading = "Present a bankruptcy petition"
    code = selectors.BANKRUPTCY
    intro = "A creditor's petition needs a debt of at least £5,000 (RULES.md §2.10)."


class Committal(OfficerRemedy):
    heading = "Apply for committal to prison"
    code = selectors.COMMITTAL
    intro = (
        "In England only, after enforcement agents have reported insufficient goods; the court "
        "must find wilful refusal or culpable neglect, for up to 3 months (RULES.md §2.11)."
    )


class HbDeduction(RemedyForm):
    heading = "Recover from ongoing housing benefit"
    code = selectors.HB_BENEFIT_DEDUCTION
    submit_label = "Record the deduction"
    intro = (
        "The weekly deduction may be no more than 3 times 5% of the single person's allowance "
        "(5 times after fraud), plus half of any earned income disregard (RULES.md §4.1)."
    )

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.HbDeduction(data, today=clock.today(), initial={"action_date": clock.today()})

    def page_context(self) -> dict[str, Any]:
        return {"options": {"is_fraud": radio_options(self.make_form().fields["is_fraud"])}}

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        data = form.cleaned_data
        action = deductions.record_hb_benefit_deduction(
            account=self.account,
            weekly_amount=data["weekly_amount"],
            is_fraud=data["is_fraud"] == "yes",
            earnings_disregard=data["earnings_disregard"] or ZERO,
            on=data["action_date"],
            actor=self.actor,
        )
        figures = action.explanation["figures"]
        return (
            f"Deduction of £{figures['weekly_amount']} a week recorded "
            f"(the most allowed is £{figures['maximum_weekly']})",
            self.remedies_url,
        )


class DirectEarningsAttachment(RemedyForm):
    heading = "Make a Direct Earnings Attachment"
    code = selectors.DIRECT_EARNINGS_ATTACHMENT
    submit_label = "Make the attachment"
    intro = (
        "The employer deducts a percentage of net earnings from the standard table, never taking "
        "more than 40% with earlier priority orders (RULES.md §4.2)."
    )

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.DirectEarningsAttachment(
            data,
            parties=self.parties(),
            today=clock.today(),
            initial={"action_date": clock.today()},
        )

    def page_context(self) -> dict[str, Any]:
        form = self.make_form()
        return {
            "options": {
                "party": radio_options(form.fields["party"]),
                "period": radio_options(form.fields["period"]),
            }
        }

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        data = form.cleaned_data
        action = deductions.record_direct_earnings_attachment(
            account=self.account,
            party=self.party(form),
            employer_name=data["employer_name"],
            employer_address=data["employer_address"],
            net_earnings=data["net_earnings"],
            period=DeaPeriod(data["period"]),
            priority_orders=data["priority_orders"] or ZERO,
            on=data["action_date"],
            actor=self.actor,
        )
        return (
            f"Direct Earnings Attachment recorded: £{action.explanation['figures']['deduction']} "
            "each pay day",
            self.remedies_url,
        )


class EnforcementReferral(RemedyForm):
    heading = "Refer to enforcement agents"
    code = selectors.ENFORCEMENT_AGENT
    submit_label = "Refer"
    intro = (
        "The enforcement agents take the case under Schedule 12 (RULES.md §2.8). The daily run "
        "refers accounts when their time comes; refer now only when the case should not wait."
    )

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.Referral(data, today=clock.today(), initial={"action_date": clock.today()})

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        case_id = remedies.refer_to_enforcement_agents(
            account=self.account,
            on=form.cleaned_data["action_date"],
            note=form.cleaned_data["note"],
            actor=self.actor,
        )
        reference = EnforcementCase.objects.values_list("reference", flat=True).get(pk=case_id)
        return f"Referred to enforcement agents as {reference}", self.remedies_url


class EnforcementOutcome(RemedyForm):
    heading = "Record how the enforcement case ended"
    submit_label = "Record"
    referral: EnforcementCase

    def load(self) -> None:
        super().load()
        try:
            self.referral = enforcement_selectors.referral_for_account(
                account_id=self.account.pk, case_id=self.kwargs["case_id"]
            )
        except EnforcementCase.DoesNotExist as error:
            raise Http404("No such enforcement case") from error

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.ReferralOutcome(data, today=clock.today(), initial={"end_date": clock.today()})

    def page_context(self) -> dict[str, Any]:
        return {
            "referral": self.referral,
            "options": {"outcome": radio_options(self.make_form().fields["outcome"])},
        }

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        status, _, reason = form.cleaned_data["outcome"].partition(":")
        case = enforcement.record_outcome(
            case=self.referral,
            status=ReferralStatus(status),
            return_reason=ReturnReason(reason) if reason else None,
            on=form.cleaned_data["end_date"],
            note=form.cleaned_data["note"],
            actor=self.actor,
        )
        return f"Enforcement case {case.reference}: {case.get_status_display()}", self.remedies_url
