"""
Officer UI views. Each parses its input, makes one call to a selector or service, and renders.

Every page but sign-in and sign-out is an `access.PermissionRequired` naming its `Permission`;
records reach an officer only through the `*_for_officer` selectors, so another council's
party or account answers 404 exactly as one that does not exist.
"""

from typing import Any

from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts.models import DebtAccount, Party
from arrears.audit import selectors as audit_selectors
from arrears.audit import services as audit
from arrears.interfaces.web import access, forms, navigation, pages
from arrears.interfaces.web.recovery import account as recovery_account
from arrears.kernel import clock
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission

AUDIT_PAGE_SIZE = 50


class Page(access.PermissionRequired, TemplateView):
    """An officer page with the service navigation."""

    url_name = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["nav_links"] = navigation.nav_links(
            officer=self.officer, current_url_name=self.url_name
        )
        context["officer_name"] = self.officer.get_full_name() or self.officer.username
        return context


class Login(access.Public, auth_views.LoginView):
    """Sign in with a username and password; each attempt is written to the audit trail."""

    template_name = "web/login.html"
    form_class = forms.SignIn
    redirect_authenticated_user = True

    def form_valid(self, form: forms.SignIn) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        audit.record_event(
            actor=access.actor_for(self.request),
            action="staff.login.succeeded",
            object_type="officer",
            object_id=self.request.user.pk or "",
        )
        return response

    def form_invalid(self, form: forms.SignIn) -> HttpResponse:  # type: ignore[override]
        audit.record_event(
            actor=access.actor_for(self.request),
            action="staff.login.failed",
            object_type="officer",
            detail={"username": str(form.data.get("username", ""))[:150]},
        )
        return super().form_invalid(form)


class Logout(access.Public, auth_views.LogoutView):
    """Sign out (POST only, so a link elsewhere cannot sign an officer out)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            audit.record_event(
                actor=access.actor_for(request),
                action="staff.logout.succeeded",
                object_type="officer",
                object_id=request.user.pk or "",
            )
        return super().post(request, *args, **kwargs)


class Search(Page):
    """Find a party by name, party or account reference, postcode or date of birth."""

    permission = Permission.SEARCH_PARTIES
    template_name = "web/search.html"
    url_name = "web:home"

    def get_template_names(self) -> list[str]:
        # HTMX asks for the results alone as the officer types; without JavaScript the whole
        # page comes back from the same GET form.
        if self.request.headers.get("HX-Request") == "true":
            return ["web/_search_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = forms.Search(self.request.GET)
        text = form.cleaned_data["q"] if form.is_valid() else ""
        context["query"] = text
        context["query_kind"] = accounts_selectors.read_search_query(text).kind
        context["hits"] = (
            accounts_selectors.search_parties(officer=self.officer, text=text) if text else []
        )
        context["has_searched"] = bool(text)
        return context


class PartyDetail(Page):
    """The single view of debt: one party, every account, markers and a timeline."""

    permission = Permission.VIEW_PARTY
    template_name = "web/party.html"
    page: pages.PartyPage

    def load(self) -> None:
        try:
            self.page = pages.party_page(
                officer=self.officer, party_id=self.kwargs["party_id"], as_of=clock.today()
            )
        except Party.DoesNotExist as error:
            raise Http404("No such party") from error

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        summary = self.page.summary
        shown = [(summary.party_id, summary.authority_id)] + [
            (a.party_id, a.authority_id) for a in summary.accounts if a.party_id != summary.party_id
        ]
        # Each council's trail records the view of its own record (issue 2, item 8).
        for party_id, authority_id in dict(shown).items():
            audit.record_event(
                actor=self.actor,
                action="accounts.party.viewed",
                authority_id=authority_id,
                object_type="party",
                object_id=party_id,
                party_id=party_id,
                detail={} if party_id == summary.party_id else {"via_party": summary.party_id},
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["summary"] = self.page.summary
        context["can_view_ledger"] = staff_selectors.officer_can(
            officer=self.officer, permission=Permission.VIEW_LEDGER
        )
        # Markers, addresses and contacts are recorded under RECORD_MARKER (an agent in the field
        # learns them); correcting who a party is, and linking parties, needs EDIT_PARTY.
        context["can_record_marker"] = context["can_change_party"] = staff_selectors.officer_can(
            officer=self.officer, permission=Permission.RECORD_MARKER
        )
        context["can_edit_party"] = staff_selectors.officer_can(
            officer=self.officer, permission=Permission.EDIT_PARTY
        )
        return context


class AccountDetail(Page):
    """One debt account: its postings and how credits were allocated."""

    permission = Permission.VIEW_LEDGER
    template_name = "web/account.html"
    page: pages.AccountPage

    def load(self) -> None:
        try:
            self.page = pages.account_page(
                officer=self.officer, account_id=self.kwargs["account_id"]
            )
        except DebtAccount.DoesNotExist as error:
            raise Http404("No such account") from error

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["account"] = self.page
        context["recovery"] = recovery_account.recovery_panel(
            officer=self.officer, account_id=self.page.account_id, as_of=clock.today()
        )
        return context


class AuditTrail(Page):
    """The read-only audit trail of the officer's councils, filtered and paged."""

    permission = Permission.VIEW_AUDIT
    template_name = "web/audit.html"
    url_name = "web:audit"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = forms.AuditFilter(self.request.GET)
        action = party_id = None
        if form.is_valid():
            action = form.cleaned_data["action"] or ""
            party_id = form.cleaned_data["party"]
        events = audit_selectors.audit_events(
            authority_ids=staff_selectors.visible_authority_ids(officer=self.officer),
            party_id=party_id,
            action_prefix=action or "",
        ).select_related("authority")
        paginator = Paginator(events, AUDIT_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        context.update(
            form=form,
            action=action or "",
            party_id=party_id or "",
            rows=pages.audit_rows(list(page.object_list)),
            page_number=page.number,
            page_count=paginator.num_pages,
            event_count=paginator.count,
            previous_href=(
                _page_href(action=action or "", party=party_id, page=page.previous_page_number())
                if page.has_previous()
                else ""
            ),
            next_href=(
                _page_href(action=action or "", party=party_id, page=page.next_page_number())
                if page.has_next()
                else ""
            ),
        )
        return context


def _page_href(*, action: str, party: int | None, page: int) -> str:
    query = [("action", action), ("party", party), ("page", page)]
    return "?" + urlencode({key: value for key, value in query if value})
