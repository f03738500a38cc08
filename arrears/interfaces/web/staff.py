"""
Staff administration and the officer's own password (issue 2, item 3).

The staff pages need `Permission.MANAGE_STAFF` (the administrator). An administrator manages
the officers who share at least one council with them: an officer reaches these pages only
through `staff.selectors.officer_for_administrator`, so one who sees only other councils answers
404 exactly as one who does not exist (ADR 0004). Councils are granted and removed only among the
administrator's own; the others an officer sees are kept as they are.

Every signed-in officer may change their own password at /account/password/.
"""

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.urls import reverse
from django.views import View

from arrears.authorities.models import Authority
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.kernel.money import NotMoney, parse_money, to_json
from arrears.staff import selectors, services
from arrears.staff.domain.policy import ROLE_LABELS, Permission, Role
from arrears.staff.models import Officer

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]


# --- Forms ------------------------------------------------------------------------------------


class _Access(forms.Form):
    """Role, councils and write-off limit: what an officer may do and see."""

    role = forms.ChoiceField(
        choices=ROLE_CHOICES,
        error_messages={"required": "Select a role", "invalid_choice": "Select a role"},
    )
    authorities = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Select only councils from the list"},
    )
    write_off_limit = forms.CharField(
        max_length=20,
        strip=True,
        error_messages={"required": "Enter a write-off limit, or 0 if they may not write off"},
    )

    def __init__(self, *args: Any, authorities: list[Authority], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["authorities"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(a.pk, a.name) for a in authorities]

    def clean_write_off_limit(self) -> Any:
        text = self.cleaned_data["write_off_limit"]
        try:
            amount = parse_money(text)
        except NotMoney as error:
            raise ValidationError(
                "Enter the write-off limit in pounds and pence, like 500 or 1250.00"
            ) from error
        if amount < 0:
            raise ValidationError("The write-off limit must be 0 or more")
        if amount >= 10**10:
            raise ValidationError("The write-off limit must be less than £10,000,000,000")
        return amount


class NewOfficer(_Access):
    """Who the officer is, their access, and a first password under the password policy."""

    username = forms.CharField(
        max_length=150,
        strip=True,
        validators=[
            UnicodeUsernameValidator(
                message="A username can only have letters, numbers and the characters @ . + - _"
            )
        ],
        error_messages={"required": "Enter a username"},
    )
    first_name = forms.CharField(
        max_length=150, strip=True, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        max_length=150, strip=True, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk"
        },
    )
    password = forms.CharField(
        strip=False, max_length=200, error_messages={"required": "Enter a first password"}
    )

    field_order = [
        "first_name",
        "last_name",
        "username",
        "email",
        "role",
        "authorities",
        "write_off_limit",
        "password",
    ]


class ChangePassword(forms.Form):
    current_password = forms.CharField(
        strip=False, error_messages={"required": "Enter your current password"}
    )
    new_password = forms.CharField(
        strip=False, max_length=200, error_messages={"required": "Enter a new password"}
    )
    confirm_password = forms.CharField(
        strip=False, error_messages={"required": "Enter the new password again"}
    )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        new, confirm = (
            self.cleaned_data.get("new_password"),
            self.cleaned_data.get("confirm_password"),
        )
        if new and confirm and new != confirm:
            self.add_error("confirm_password", "The passwords you entered do not match")
        return cleaned


# --- Staff pages ------------------------------------------------------------------------------


class StaffPage(Page):
    """A staff administration page."""

    permission = Permission.MANAGE_STAFF
    url_name = "web:staff"


class StaffList(StaffPage):
    """The officers who share a council with the administrator."""

    template_name = "web/staff/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["members"] = selectors.staff_members(
            administrator=self.officer, checked_at=clock.now()
        )
        return context


class CreateOfficer(StaffPage):
    """Add an officer with a role, some of the administrator's councils and a first password."""

    template_name = "web/staff/new.html"

    def load(self) -> None:
        self.authorities = selectors.visible_authorities(officer=self.officer)

    def _form(self, data: Any = None) -> NewOfficer:
        initial = {"write_off_limit": "0.00"}
        if len(self.authorities) == 1:
            initial["authorities"] = [self.authorities[0].pk]  # type: ignore[assignment]
        return NewOfficer(data, authorities=self.authorities, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            if not data["authorities"]:
                form.add_error("authorities", "Select at least one council")
            else:
                try:
                    officer = services.create_officer(
                        username=data["username"],
                        password=data["password"],
                        role=Role(data["role"]),
                        authorities=[a for a in self.authorities if a.pk in data["authorities"]],
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        email=data["email"],
                        write_off_limit=data["write_off_limit"],
                        actor=self.actor,
                    )
                except services.UsernameTaken:
                    form.add_error("username", "That username is taken; choose another")
                except ValidationError as error:
                    # The password validators' own messages (settings.AUTH_PASSWORD_VALIDATORS).
                    form.add_error("password", error)
                else:
                    messages.success(
                        request, f"{officer.get_full_name() or officer.username} has been added"
                    )
                    return _to_officer(officer)
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _to_officer(officer: Officer) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("web:staff-officer", kwargs={"officer_id": officer.pk}))


class OfficerPage(StaffPage):
    """A page about one officer who shares a council with the administrator."""

    template_name = "web/staff/officer.html"
    member: Officer

    def load(self) -> None:
        try:
            self.member = selectors.officer_for_administrator(
                administrator=self.officer, officer_id=self.kwargs["officer_id"]
            )
        except Officer.DoesNotExist as error:
            raise Http404("No such officer") from error

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["member"] = selectors.staff_member(
            administrator=self.officer, officer=self.member, checked_at=clock.now()
        )
        context["is_self"] = self.member.pk == self.officer.pk
        return context


class ChangeOfficer(OfficerPage):
    """Change an officer's role, councils (among the administrator's) and write-off limit."""

    template_name = "web/staff/change.html"

    def load(self) -> None:
        super().load()
        self.authorities = selectors.visible_authorities(officer=self.officer)

    def _form(self, data: Any = None) -> _Access:
        managed = {a.pk for a in self.authorities}
        initial = {
            "role": self.member.role,
            "authorities": [
                link.authority_id
                for link in self.member.officerauthority_set.all()
                if link.authority_id in managed
            ],
            "write_off_limit": to_json(self.member.write_off_limit),
        }
        return _Access(data, authorities=self.authorities, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_officer(
                    officer=self.member,
                    administrator=self.officer,
                    role=Role(data["role"]),
                    authorities=[a for a in self.authorities if a.pk in data["authorities"]],
                    write_off_limit=data["write_off_limit"],
                    actor=self.actor,
                )
            except services.NoAuthorities:
                form.add_error("authorities", "Select at least one council")
            except services.AuthorityNotManaged:
                form.add_error("authorities", "Select only councils from the list")
            except services.CannotReduceOwnAccess:
                form.add_error(
                    "role",
                    "You cannot take away your own administrator role or councils; ask another "
                    "administrator",
                )
            else:
                messages.success(request, f"{self.member.username}’s access has been changed")
                return _to_officer(self.member)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class _OfficerAction(OfficerPage):
    """GET asks the administrator to confirm; POST makes the one service call."""

    template_name = "web/staff/confirm.html"
    action: ClassVar[str] = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["action"] = self.action
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            done = self.act()
        except services.CannotDeactivateSelf:
            context = self.get_context_data(problem="You cannot deactivate your own account")
            return self.render_to_response(context, status=400)
        if done:
            messages.success(request, done)
        return _to_officer(self.member)

    def act(self) -> str:
        """Make the change; return the banner text, or "" when there was nothing to do."""
        raise NotImplementedError


class DeactivateOfficer(_OfficerAction):
    action = "deactivate"

    def act(self) -> str:
        try:
            services.deactivate_officer(officer=self.member, actor=self.actor)
        except services.AlreadyInactive:
            return ""
        return f"{self.member.username} has been deactivated and can no longer sign in"


class ReactivateOfficer(_OfficerAction):
    action = "reactivate"

    def act(self) -> str:
        try:
            services.reactivate_officer(officer=self.member, actor=self.actor)
        except services.AlreadyActive:
            return ""
        return f"{self.member.username} has been reactivated and can sign in again"


class UnlockOfficer(_OfficerAction):
    action = "unlock"

    def act(self) -> str:
        try:
            services.unlock_officer(officer=self.member, actor=self.actor)
        except services.NotLockedOut:
            return ""
        return f"{self.member.username} has been unlocked and can try to sign in again"


# --- The officer's own account ----------------------------------------------------------------


class OwnAccountPage(Page):
    """
    A page about the signed-in officer's own sign-in, open to every role.

    It names no `Permission` because it reads and changes nothing but the officer's own
    account; signing in is the whole check (an inactive officer's session is not signed in).
    """

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # Past PermissionRequired's role check, straight to the method handler.
        return View.dispatch(self, request, *args, **kwargs)


class ChangeOwnPassword(OwnAccountPage):
    """Change your own password: the current one, then a new one under the password policy."""

    template_name = "web/staff/password.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ChangePassword())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ChangePassword(request.POST)
        if form.is_valid():
            try:
                services.change_password(
                    officer=self.officer,
                    current_password=form.cleaned_data["current_password"],
                    new_password=form.cleaned_data["new_password"],
                    actor=self.actor,
                )
            except services.WrongPassword:
                form.add_error("current_password", "Your current password is not correct")
            except services.SamePassword:
                form.add_error("new_password", "Enter a password different from your current one")
            except ValidationError as error:
                form.add_error("new_password", error)
            else:
                # The session hash follows the password: keep this session; the officer's other
                # sessions end at their next request.
                update_session_auth_hash(request, self.officer)
                messages.success(request, "Your password has been changed")
                return HttpResponseRedirect(reverse("web:password-change"))
        return self.render_to_response(self.get_context_data(form=form), status=400)
