"""
Audited CSV exports: a party's statement of account, and a page of search results.

Issue 2, item 8: every export is recorded in the audit trail (who, when, what, from where), in
the trail of each council whose records it holds. Item 4: a confidential address is withheld.
Both need `Permission.EXPORT_DATA`; another council's party answers 404 for every role, as the
party page does (access.PermissionRequired loads the record before asking about the role).

The files are RFC 4180 CSV (comma-separated, CRLF line endings) in UTF-8 with a byte-order mark
so that Excel reads the pound sign and accented names correctly; every cell goes through
`accounts.domain.spreadsheets`, which keeps typed text from running as a formula.
"""

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts.domain.spreadsheets import Cell, spreadsheet_row
from arrears.accounts.models import Party
from arrears.audit import services as audit
from arrears.authorities import selectors as authorities_selectors
from arrears.interfaces.web import access, forms
from arrears.kernel import clock
from arrears.ledger import statements
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission

STATEMENT_HEADER = [
    "Council",
    "Party reference",
    "Party name",
    "Address",
    "Postcode",
    "Account reference",
    "Debt type",
    "Period start",
    "Period end",
    "Fund",
    "Stage",
    "Entry date",
    "Entry type",
    "Direction",
    "Amount",
    "Rule",
    "Reason",
    "Running balance",
]

SEARCH_HEADER = [
    "Party reference",
    "Name",
    "Date of birth",
    "Current address",
    "Postcode",
    "Council",
    "Accounts",
    "Balance",
]


def csv_body(*, header: list[str], rows: Iterable[list[Cell]]) -> bytes:
    """Return the header and rows as RFC 4180 CSV in UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(spreadsheet_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _file_name(*parts: str) -> str:
    # Only letters, digits and hyphens: nothing a browser could read as a path or a quote.
    return "-".join(re.sub(r"[^A-Za-z0-9]+", "-", part).strip("-") for part in parts) + ".csv"


def csv_response(*, body: bytes, file_name: str) -> HttpResponse:
    """Return `body` as a CSV download that no cache or browser history keeps."""
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response


def _statement_row(line: statements.StatementLine) -> list[Cell]:
    return [
        line.authority_name,
        line.party_reference,
        line.party_name,
        line.address,
        line.postcode,
        line.account_reference,
        line.debt_type_label,
        line.period_start_date,
        line.period_end_date,
        line.fund_label,
        line.stage,
        line.entry_date,
        line.entry_type_label,
        line.direction_label,
        line.amount,
        line.rule,
        line.reason,
        line.running_balance,
    ]


class PartyExport(access.PermissionRequired):
    """Download a party's statement of account: every account and posting, as CSV."""

    permission = Permission.EXPORT_DATA

    def load(self) -> None:
        try:
            accounts_selectors.party_for_officer(
                officer=self.officer, party_id=self.kwargs["party_id"]
            )
        except Party.DoesNotExist as error:
            raise Http404("No such party") from error

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = clock.today()
        statement = statements.party_statement(
            officer=self.officer, party_id=self.kwargs["party_id"], as_of=today
        )
        body = csv_body(
            header=STATEMENT_HEADER, rows=(_statement_row(line) for line in statement.lines)
        )
        # Each council's trail records the export of its own record, as for a page view.
        for party_id, authority_id in statement.parties:
            is_main = party_id == statement.party_id
            detail: dict[str, Any] = {
                "row_count": len(statement.lines)
                if is_main
                else statement.line_count(party_id=party_id),
                "is_address_withheld": statement.is_address_withheld,
            }
            if not is_main:
                detail["via_party"] = statement.party_id
            audit.record_event(
                actor=self.actor,
                action="accounts.party.exported",
                authority_id=authority_id,
                object_type="party",
                object_id=party_id,
                party_id=party_id,
                detail=detail,
            )
        return csv_response(
            body=body,
            file_name=_file_name("arrears-party", statement.party_reference, today.isoformat()),
        )


class SearchExport(access.PermissionRequired):
    """Download the parties the search page shows for `q`, as CSV."""

    permission = Permission.EXPORT_DATA

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.Search(request.GET)
        text = form.cleaned_data["q"] if form.is_valid() else ""
        hits = accounts_selectors.search_parties(officer=self.officer, text=text) if text else []
        body = csv_body(
            header=SEARCH_HEADER,
            rows=(
                [
                    hit.reference,
                    hit.display_name,
                    hit.date_of_birth,
                    hit.address,
                    hit.postcode,
                    hit.authority_name,
                    hit.account_count,
                    hit.balance,
                ]
                for hit in hits
            ),
        )
        # The search ran across every council the officer sees: each council's trail records
        # it, with the parties of that council it returned. What left the system is exactly
        # those parties; the words typed are left out, since they may name people at another
        # council, or people with no record at all (data minimisation, UK GDPR art. 5(1)(c)).
        code_of = {
            authority.pk: authority.code
            for authority in authorities_selectors.authorities_by_code(
                codes=sorted({hit.authority_code for hit in hits})
            )
        }
        for authority_id in sorted(staff_selectors.visible_authority_ids(officer=self.officer)):
            party_ids = [
                hit.party_id for hit in hits if hit.authority_code == code_of.get(authority_id)
            ]
            audit.record_event(
                actor=self.actor,
                action="accounts.search.exported",
                authority_id=authority_id,
                object_type="search",
                detail={
                    "query_kind": accounts_selectors.read_search_query(text).kind,
                    "row_count": len(party_ids),
                    "party_ids": party_ids,
                },
            )
        return csv_response(
            body=body, file_name=_file_name("arrears-search", clock.today().isoformat())
        )
