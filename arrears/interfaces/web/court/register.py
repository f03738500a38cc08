"""
The court's files and the register: a session's complaint list as CSV, and the liability order
register (a page, and the same rows as CSV). Every download is recorded in the audit trail of
the council whose records it holds (issue 2, item 8), and needs both `EXPORT_DATA` and
`VIEW_COURT`. The files are written as the other exports are (`web/exports.py`: RFC 4180 CSV in
UTF-8 with a byte-order mark, every cell through the CSV-injection guard).
"""

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils.http import urlencode

from arrears.accounts.domain.spreadsheets import Cell
from arrears.audit import services as audit
from arrears.interfaces.web import exports
from arrears.interfaces.web.court import forms
from arrears.interfaces.web.court.views import CourtPage, SessionPage, require
from arrears.kernel import clock
from arrears.kernel.money import ZERO
from arrears.recovery.selectors import court
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer

REGISTER_PAGE_SIZE = 100

COMPLAINT_HEADER = [
    "Council",
    "Court",
    "Hearing date",
    "Hearing time",
    "Account reference",
    "Debt type",
    "Defendant",
    "Liability",
    "Address",
    "Amount",
    "Costs",
]

REGISTER_HEADER = [
    "Order date",
    "Council",
    "Court",
    "Account reference",
    "Debt type",
    "Defendants",
    "Amount",
    "Summons costs",
    "Liability order costs",
    "Total",
]


def _file_name(*parts: str) -> str:
    # Only letters, digits and hyphens: nothing a browser could read as a path or a quote.
    return "-".join(re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-") for part in parts) + ".csv"


def complaint_rows(listed: court.ComplaintList) -> Iterator[list[Cell]]:
    """Yield one row per defendant, then the total row the court checks the list against."""
    for line in listed.lines:
        yield [
            line.authority_name,
            line.court_name,
            line.hearing_date,
            line.hearing_time.strftime("%H:%M"),
            line.account_reference,
            line.debt_type_label,
            line.defendant_name,
            line.liability_label,
            line.address,
            line.amount,
            line.costs,
        ]
    # Joint defendants owe one sum between them, so the totals count each account once.
    yield [
        "Total",
        "",
        None,
        "",
        f"{listed.case_count} account{'s' if listed.case_count != 1 else ''}",
        "",
        f"{listed.defendant_count} defendant{'s' if listed.defendant_count != 1 else ''}",
        "",
        "",
        listed.total_amount,
        listed.total_costs,
    ]


class ComplaintCsv(SessionPage):
    """Download the session's complaint list for the magistrates' court."""

    permission = Permission.EXPORT_DATA

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(self.officer, Permission.VIEW_COURT)
        today = clock.today()
        listed = court.complaint_list(session=self.session, as_of=today)
        body = exports.csv_body(header=COMPLAINT_HEADER, rows=complaint_rows(listed))
        audit.record_event(
            actor=self.actor,
            action="recovery.court_complaint.exported",
            authority_id=self.session.authority_id,
            object_type="court_session",
            object_id=self.session.pk,
            detail={
                "hearing_date": self.session.hearing_date.isoformat(),
                "defendant_count": listed.defendant_count,
                "case_ids": listed.case_ids,
                "addresses_withheld": listed.withheld_count,
            },
        )
        return exports.csv_response(
            body=body,
            file_name=_file_name(
                "complaint-list",
                self.session.authority.code,
                self.session.hearing_date.isoformat(),
                f"session-{self.session.pk}",
            ),
        )


def _read_filter(request: HttpRequest) -> tuple[forms.OrderFilter, court.OrderFilter | None]:
    """Return the filter form and what it selects; None when it is wrong (list nothing)."""
    form = forms.OrderFilter(request.GET or None)
    if not form.is_bound:
        return form, court.OrderFilter()
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    return form, court.OrderFilter(
        from_date=data["from_date"], to_date=data["to_date"], debt_type=data["debt_type"]
    )


def _register(*, officer: Officer, order_filter: court.OrderFilter | None) -> court.OrderRegister:
    if order_filter is None:
        return court.OrderRegister(rows=[], total_amount=ZERO, total_costs=ZERO)
    return court.liability_orders(officer=officer, order_filter=order_filter)


class LiabilityOrders(CourtPage):
    """The liability order register: every order granted, filtered by dates and debt type."""

    permission = Permission.VIEW_COURT
    template_name = "court/liability_orders.html"
    url_name = "web:liability-orders"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, order_filter = _read_filter(self.request)
        register = _register(officer=self.officer, order_filter=order_filter)
        paginator = Paginator(register.rows, REGISTER_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        query: dict[str, str] = {
            key: str(value) for key, value in self.request.GET.items() if key != "page" and value
        }

        def page_href(number: int) -> str:
            return "?" + urlencode({**query, "page": str(number)})

        context.update(
            form=form,
            register=register,
            rows=list(page.object_list),
            page_number=page.number,
            page_count=paginator.num_pages,
            previous_href=page_href(page.previous_page_number()) if page.has_previous() else "",
            next_href=page_href(page.next_page_number()) if page.has_next() else "",
            csv_query=urlencode(query),
            show_council=len(Counter(row.authority_id for row in register.rows)) > 1,
            can_export=staff_selectors.officer_can(
                officer=self.officer, permission=Permission.EXPORT_DATA
            ),
        )
        return context


class LiabilityOrdersCsv(CourtPage):
    """Download the liability order register, as filtered on the page, as CSV."""

    permission = Permission.EXPORT_DATA

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require(self.officer, Permission.VIEW_COURT)
        _form, order_filter = _read_filter(request)
        register = _register(officer=self.officer, order_filter=order_filter)
        body = exports.csv_body(
            header=REGISTER_HEADER,
            rows=(
                [
                    row.order_date,
                    row.authority_name,
                    row.court_name,
                    row.account_reference,
                    row.debt_type_label,
                    row.defendants,
                    row.amount,
                    row.summons_costs,
                    row.order_costs,
                    row.total,
                ]
                for row in register.rows
            ),
        )
        # Each council's trail records the export, with its own orders in it (perhaps none).
        chosen = order_filter or court.OrderFilter()
        for authority_id in sorted(staff_selectors.visible_authority_ids(officer=self.officer)):
            action_ids = [
                row.action_id for row in register.rows if row.authority_id == authority_id
            ]
            audit.record_event(
                actor=self.actor,
                action="recovery.liability_orders.exported",
                authority_id=authority_id,
                object_type="liability_order_register",
                detail={
                    "from_date": chosen.from_date.isoformat() if chosen.from_date else None,
                    "to_date": chosen.to_date.isoformat() if chosen.to_date else None,
                    "debt_type": chosen.debt_type,
                    "is_filter_valid": order_filter is not None,
                    "row_count": len(action_ids),
                    "action_ids": action_ids,
                },
            )
        return exports.csv_response(
            body=body, file_name=_file_name("liability-orders", clock.today().isoformat())
        )
