"""
Attachment of earnings orders (RULES.md §2.6) in the officer UI: making one on an account, the
order's page with each pay day expected against received, the employer's payments and ceasing.
"""

from typing import Any, ClassVar

from django import forms as django_forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from arrears.interfaces.web.party_changes.fields import long_date, radio_options
from arrears.interfaces.web.remedies import forms, pages
from arrears.interfaces.web.remedies.refusals import REFUSALS
from arrears.interfaces.web.remedies.views import RemedyForm
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.kernel.money import format_pounds
from arrears.ledger import services as ledger
from arrears.recovery.domain.attachment import PayPeriod
from arrears.recovery.models import AttachmentOrder
from arrears.recovery.selectors import attachments as attachment_selectors
from arrears.recovery.selectors import remedies as selectors
from arrears.recovery.services import attachments
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission


class AttachmentOrderNew(RemedyForm):
    heading = "Make an attachment of earnings order"
    code = selectors.ATTACHMENT_OF_EARNINGS
    submit_label = "Make the order"
    intro = (
        "The employer deducts from the debtor's net earnings each pay day, by the table in force "
        "on the day the order is made (RULES.md §2.6). No more than two orders may be in force "
        "against a debtor."
    )

    def make_form(self, data: Any = None) -> django_forms.Form:
        initial = pages.reply_initial(account_id=self.account.pk)
        initial["made_date"] = clock.today()
        return forms.AttachmentOrder(
            data, parties=self.parties(), today=clock.today(), initial=initial
        )

    def page_context(self) -> dict[str, Any]:
        form = self.make_form()
        return {"options": {"party": radio_options(form.fields["party"])}}

    def save(self, form: django_forms.Form) -> tuple[str, str]:
        data = form.cleaned_data
        order = attachments.make_attachment_order(
            account=self.account,
            party=self.party(form),
            employer_name=data["employer_name"],
            employer_address=data["employer_address"],
            payroll_number=data["payroll_number"],
            pay_period=PayPeriod(data["pay_period"]),
            net_earnings=data["net_earnings"],
            made_date=data["made_date"],
            first_pay_date=data["first_pay_date"],
            note=data["note"],
            actor=self.actor,
        )
        expected = (
            f"; {format_pounds(order.expected_deduction)} to deduct each pay day"
            if order.expected_deduction is not None
            else ""
        )
        return (
            f"Attachment of earnings order made on {order.employer_name}{expected}",
            reverse("web:aeo", kwargs={"order_id": order.pk}),
        )


class OrderPage(Page):
    """A page about one attachment of earnings order the officer may see."""

    order: AttachmentOrder

    def load(self) -> None:
        try:
            self.order = attachment_selectors.attachment_order_for_officer(
                officer=self.officer, order_id=self.kwargs["order_id"]
            )
        except AttachmentOrder.DoesNotExist as error:
            raise Http404("No such attachment of earnings order") from error

    @property
    def order_url(self) -> str:
        return reverse("web:aeo", kwargs={"order_id": self.order.pk})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["order"] = attachment_selectors.order_view(order=self.order, as_of=clock.today())
        context["holds"] = selectors.holds_in_force(
            account_id=self.order.account_id, as_of=clock.today()
        )
        context["order_href"] = self.order_url
        context["account_href"] = reverse(
            "web:account", kwargs={"account_id": self.order.account_id}
        )
        context["remedies_href"] = reverse(
            "web:account-remedies", kwargs={"account_id": self.order.account_id}
        )
        return context


class AttachmentOrderDetail(OrderPage):
    """An order: its employer, the table used, and each pay day expected against received."""

    permission = Permission.VIEW_LEDGER
    template_name = "remedies/order.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_record_payment"] = staff_selectors.officer_can(
            officer=self.officer, permission=Permission.RECORD_PAYMENT
        )
        context["can_cease"] = staff_selectors.officer_can(
            officer=self.officer, permission=Permission.TAKE_REMEDY
        )
        return context


class OrderForm(OrderPage):
    template_name = "remedies/order_form.html"
    heading: ClassVar[str] = ""
    submit_label: ClassVar[str] = "Save"

    def make_form(self, data: Any = None) -> django_forms.Form:
        raise NotImplementedError

    def save(self, form: django_forms.Form) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", self.make_form())
        context["fields"] = pages.form_fields(form)
        context["heading"] = self.heading
        context["submit_label"] = self.submit_label
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                message = self.save(form)
            except ledger.DuplicateSourceReference:
                form.add_error("reference", "A payment with this reference is already recorded")
            except ledger.InvalidAmount:
                form.add_error("amount", "Enter the amount in pounds and pence")
            except REFUSALS as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, message)
                return HttpResponseRedirect(self.order_url)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class EmployerPaymentRecord(OrderForm):
    """Record what the employer paid for a pay day; it is posted to the account."""

    permission = Permission.RECORD_PAYMENT
    heading = "Record a payment from the employer"
    submit_label = "Record payment"

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.EmployerPayment(
            data, today=clock.today(), initial={"received_date": clock.today()}
        )

    def save(self, form: django_forms.Form) -> str:
        data = form.cleaned_data
        payment = attachments.record_employer_payment(
            order=self.order,
            pay_date=data["pay_date"],
            amount=data["amount"],
            received_date=data["received_date"],
            net_earnings=data["net_earnings"],
            reference=data["reference"],
            actor=self.actor,
        )
        return (
            f"Payment of {format_pounds(payment.amount)} for the pay day "
            f"{long_date(payment.pay_date)} recorded"
        )


class AttachmentOrderCease(OrderForm):
    """Record that the order ceased (paid, left the job); it no longer counts towards two."""

    permission = Permission.TAKE_REMEDY
    heading = "Cease the attachment of earnings order"
    submit_label = "Cease the order"

    def make_form(self, data: Any = None) -> django_forms.Form:
        return forms.Cease(data, today=clock.today(), initial={"end_date": clock.today()})

    def save(self, form: django_forms.Form) -> str:
        order = attachments.cease_attachment_order(
            order=self.order,
            on=form.cleaned_data["end_date"],
            reason=form.cleaned_data["reason"],
            actor=self.actor,
        )
        assert order.ceased_date is not None
        return f"Order ceased on {long_date(order.ceased_date)}"
