"""
The magistrates' court pages (RULES.md §2.4): the council's court sessions, booking one, and
one session's summonses with where each stands.

Viewing needs `VIEW_COURT` (auditors too); booking and recording outcomes `MANAGE_COURT`. A
session reaches an officer only through `court.session_for_officer`, so another council's
session answers 404 for every role, before the role is asked about (access.PermissionRequired).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from arrears.authorities.models import Authority
from arrears.interfaces.web.court import forms
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.kernel.money import format_pounds
from arrears.recovery.models import CourtSession
from arrears.recovery.selectors import court
from arrears.recovery.services import sessions
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission
from arrears.staff.models import Officer

SESSIONS_URL_NAME = "web:court-sessions"


def require(officer: Officer, permission: Permission) -> None:
    """Refuse (403) an officer whose role lacks `permission`, as a second permission check on a
    page that already declares one (a court CSV needs EXPORT_DATA and VIEW_COURT).

    :raises PermissionDenied: if the officer lacks it.
    """
    if not staff_selectors.officer_can(officer=officer, permission=permission):
        raise PermissionDenied(permission.value)


def long_date(day: Any) -> str:
    return f"{day.day} {day:%B %Y}"


class CourtPage(Page):
    """A court page: the navigation marks "Court" as the current section."""

    url_name = SESSIONS_URL_NAME


class SessionPage(CourtPage):
    """A page about one court session, found for the officer in `load`."""

    session: CourtSession

    def load(self) -> None:
        try:
            self.session = court.session_for_officer(
                officer=self.officer, session_id=self.kwargs["session_id"]
            )
        except CourtSession.DoesNotExist as error:
            raise Http404("No such court session") from error

    @property
    def session_href(self) -> str:
        return reverse("web:court-session", kwargs={"session_id": self.session.pk})

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["court_session"] = self.session
        context["session_href"] = self.session_href
        return context


class SessionList(CourtPage):
    """The court sessions of the officer's councils: upcoming first, then past ones."""

    permission = Permission.VIEW_COURT
    template_name = "court/sessions.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["lists"] = court.session_lists(officer=self.officer, as_of=clock.today())
        context["can_manage"] = staff_selectors.officer_can(
            officer=self.officer, permission=Permission.MANAGE_COURT
        )
        context["show_council"] = (
            len(staff_selectors.visible_authority_ids(officer=self.officer)) > 1
        )
        return context


class NewSession(CourtPage):
    """Book a court session the magistrates' court has given the council."""

    permission = Permission.MANAGE_COURT
    template_name = "court/session_new.html"

    def _councils(self) -> list[tuple[int, str]]:
        return [
            (authority.pk, authority.name)
            for authority in staff_selectors.visible_authorities(officer=self.officer)
        ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._show(forms.NewSession(councils=self._councils()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.NewSession(request.POST, councils=self._councils())
        if not form.is_valid():
            return self._show(form, status=400)
        data = form.cleaned_data
        authority = Authority.objects.get(pk=data["authority"])
        try:
            booked = sessions.create_court_session(
                authority=authority,
                court_name=data["court_name"],
                hearing_date=data["hearing_date"],
                hearing_time=data["hearing_time"],
                capacity=data["capacity"],
                as_of=clock.today(),
                actor=self.actor,
            )
        except sessions.HearingDateInPast as error:
            form.add_error("hearing_date", str(error))
        except sessions.NoCapacity as error:
            form.add_error("capacity", str(error))
        except (sessions.DuplicateSession, ValueError) as error:
            form.add_error("court_name", str(error))
        else:
            messages.success(
                request,
                f"Court session booked at {booked.court_name} on "
                f"{long_date(booked.hearing_date)} at {booked.hearing_time:%H:%M}",
            )
            return HttpResponseRedirect(
                reverse("web:court-session", kwargs={"session_id": booked.pk})
            )
        return self._show(form, status=400)

    def _show(self, form: forms.NewSession, *, status: int = 200) -> HttpResponse:
        councils = self._councils()
        context = self.get_context_data(
            form=form,
            is_one_council=len(councils) == 1,
            council_name=councils[0][1] if len(councils) == 1 else "",
        )
        return self.render_to_response(context, status=status)


class SessionDetail(SessionPage):
    """One session: its summonses, the complaint list, and the outcomes to record."""

    permission = Permission.VIEW_COURT
    template_name = "court/session.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = clock.today()
        cases = court.session_cases(session=self.session, as_of=today)
        listed = court.complaint_list(session=self.session, as_of=today, cases=cases)
        to_record = [case for case in cases if case.is_awaiting]
        context.update(
            cases=cases,
            complaint=listed,
            to_record_count=len(to_record),
            is_heard=today >= self.session.hearing_date,
            court_fee=format_pounds(listed.court_fee_as_made),
            court_fee_each=format_pounds(court.COURT_FEE_PER_DEFENDANT_AS_MADE),
            room=max(self.session.capacity - len(cases), 0),
            can_manage=staff_selectors.officer_can(
                officer=self.officer, permission=Permission.MANAGE_COURT
            ),
            can_export=staff_selectors.officer_can(
                officer=self.officer, permission=Permission.EXPORT_DATA
            ),
        )
        return context
