"""
Recovery streams administration (issue 3, item 1): each council's streams, each version's stages
as a timeline, and the changes an administrator makes.

Reading needs `Permission.VIEW_STREAMS` (team leaders, managers, auditors, administrators);
changing needs `Permission.MANAGE_STREAMS` (administrators). A stream reaches an officer only
through `recovery.selectors.stream_versions.stream_for_officer`, so another council's stream
answers 404 exactly as one that does not exist.

Editing is making a new version: "Edit this stream" copies the version as the new current one,
and its stages can be changed until the first case starts on it. The rules (what may change,
the waits the law sets) are in `recovery.domain.stream_limits`; the writes in
`recovery.services.stream_edits`, which refuse what the rules refuse whatever page asks.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from arrears.accounts.domain.debts import DEBT_TYPE_LABELS, DebtType
from arrears.authorities.models import Authority
from arrears.interfaces.web.party_changes.fields import (
    DateField,
    long_date,
    radio_field,
    radio_options,
    text_field,
)
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.kernel.money import NotMoney, format_pounds, parse_money
from arrears.recovery.domain.decisions import cost_in_force
from arrears.recovery.domain.periods import DayCount
from arrears.recovery.domain.stream_limits import (
    Problem,
    costs_by_percentage,
    describe_wait,
    letters_for,
    stage_values,
    statutory_floor,
)
from arrears.recovery.domain.streams import (
    AUTOMATIC_KINDS,
    COUNT_FROM_LABELS,
    STAGE_KIND_LABELS,
    CountFrom,
    StageKind,
    StageSpec,
)
from arrears.recovery.models import Stage, Stream
from arrears.recovery.selectors import stream_versions
from arrears.recovery.selectors.streams import stream_stages
from arrears.recovery.services import stream_edits
from arrears.recovery.services.streams import copy_stream_as_new_version, install_default_streams
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission

NO_LETTER = "NONE"
_ACRONYMS = {"Pcn": "PCN", "Hb": "HB", "Aeo": "AEO", "Dea": "DEA", "Tec": "TEC"}

DAY_COUNT_OPTIONS = {
    DayCount.BEGINNING_WITH.value: (
        "Days beginning with that day",
        "That day is day 1. This is how council tax and parking law count",
    ),
    DayCount.AFTER.value: (
        "Days after that day",
        "That day is not counted, so the wait ends a day later",
    ),
    DayCount.CLEAR_DAYS.value: (
        "Clear days",
        "Neither that day nor the day of the step counts, nor Sundays or bank holidays",
    ),
}


def letter_label(code: str) -> str:
    """Return a letter code for people: "PCN_NOTICE_TO_OWNER" → "PCN notice to owner"."""
    if not code:
        return "No letter"
    words = code.replace("_", " ").capitalize().split(" ")
    return " ".join(_ACRONYMS.get(word.capitalize(), word) for word in words)


# --- Plain data for the templates ---------------------------------------------------------------


@dataclass(frozen=True)
class CostLine:
    valid_from: dt.date
    figure: str
    description: str
    justification: str
    is_in_force: bool
    is_future: bool


@dataclass(frozen=True)
class StageCard:
    stage_id: int
    position: int
    code: str
    name: str
    kind_label: str
    is_officer: bool
    is_automatic: bool
    wait: str
    shortest_wait: str
    shortest_wait_rule: str
    letter: str
    minimum_balance: Decimal
    costs: list[CostLine]
    can_carry_cost: bool
    rule: str


def _figure(amount: Decimal | None, percent: Decimal | None) -> str:
    if amount is not None:
        return format_pounds(amount)
    return f"{percent.normalize() if percent is not None else 0:f}% of the original sum"


def _wait_text(spec: StageSpec, names: dict[str, str]) -> str:
    if spec.kind is StageKind.OFFICER:
        after = names.get(spec.available_after, spec.available_after.replace("_", " ").lower())
        return f"None: an officer chooses this stage once the case has reached {after}"
    if spec.kind is StageKind.COURT_OUTCOME:
        return "None: reached when an officer records the court's decision"
    return describe_wait(stage_values(spec).wait)


def stage_cards(*, stream: Stream, today: dt.date) -> list[StageCard]:
    """Return the stages of a stream version in order, as cards for the version page."""
    stages = stream_stages(stream_ids=[stream.pk])[stream.pk]
    debt_type = DebtType(stream.debt_type)
    names = {spec.code: spec.name for spec in stages.specs}
    cards = []
    for position, (stage_id, spec) in enumerate(
        zip(stages.stage_ids, stages.specs, strict=True), start=1
    ):
        in_force = cost_in_force(spec, on=today, original_amount=Decimal(0))
        floor = statutory_floor(debt_type=debt_type, code=spec.code)
        cards.append(
            StageCard(
                stage_id=stage_id,
                position=position,
                code=spec.code,
                name=spec.name,
                kind_label=STAGE_KIND_LABELS[spec.kind],
                is_officer=spec.kind is StageKind.OFFICER,
                is_automatic=spec.kind in AUTOMATIC_KINDS,
                wait=_wait_text(spec, names),
                shortest_wait=describe_wait(floor[0]) if floor else "",
                shortest_wait_rule=floor[1] if floor else "",
                letter=letter_label(spec.letter) if spec.letter else "",
                minimum_balance=spec.minimum_balance,
                costs=[
                    CostLine(
                        valid_from=cost.valid_from,
                        figure=_figure(cost.amount, cost.percent_of_original),
                        description=cost.description,
                        justification=cost.justification,
                        is_in_force=in_force is not None and in_force[0] == cost,
                        is_future=cost.valid_from > today,
                    )
                    for cost in spec.costs
                ],
                can_carry_cost=costs_by_percentage(debt_type=debt_type, code=spec.code) is not None,
                rule=spec.rule,
            )
        )
    return cards


# --- Forms ------------------------------------------------------------------------------------


class ChangeNote(forms.Form):
    change_note = text_field(
        label="What is changing, and why",
        required_message="Enter what is changing and why, for the version's history",
        max_length=300,
        textarea=True,
    )


class ChangeStage(forms.Form):
    """A stage's wait, how it is counted, its minimum balance and letter, as typed."""

    wait_days = forms.CharField(
        label="Wait in days",
        max_length=10,
        strip=True,
        error_messages={"required": "Enter the wait in days, or 0 for no wait"},
    )
    day_count = radio_field(
        label="How the days are counted",
        choices=[(value, label) for value, (label, _) in DAY_COUNT_OPTIONS.items()],
        required_message="Select how the days are counted",
    )
    count_from = radio_field(
        label="Counted from",
        choices=[(c.value, COUNT_FROM_LABELS[c].capitalize()) for c in CountFrom],
        required_message="Select the day the wait is counted from",
    )
    minimum_balance = forms.CharField(
        label="Minimum balance",
        max_length=20,
        strip=True,
        error_messages={"required": "Enter the minimum balance, or 0"},
    )
    letter = radio_field(label="Letter", choices=[], required_message="Select a letter")

    def __init__(self, *args: Any, letters: list[str], has_wait: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["letter"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(code, letter_label(code)) for code in letters] + [
            (NO_LETTER, "No letter")
        ]
        if not has_wait:
            # An officer's or the court's stage waits for a person: there is no wait to change.
            for name in ("wait_days", "day_count", "count_from"):
                del self.fields[name]

    def clean_wait_days(self) -> int:
        text = self.cleaned_data["wait_days"]
        if not text.isdigit():
            raise forms.ValidationError("Enter the wait as a whole number of days, like 7")
        return int(text)

    def clean_minimum_balance(self) -> Decimal:
        try:
            return parse_money(self.cleaned_data["minimum_balance"])
        except NotMoney as error:
            raise forms.ValidationError(
                "Enter the minimum balance in pounds and pence, like 5.00"
            ) from error


class AddCost(forms.Form):
    """A cost from a date: an amount in pounds, or a percentage of the original sum."""

    valid_from = DateField(label="Date it applies from")
    amount = forms.CharField(max_length=20, strip=True)
    description = text_field(
        label="What the cost is for", required_message="Enter what the cost is for", max_length=100
    )
    justification = text_field(
        label="How the figure was worked out",
        required_message="Enter how the figure was worked out: the court can ask for it",
        max_length=2000,
        textarea=True,
    )

    def __init__(self, *args: Any, by_percentage: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_percentage = by_percentage
        field = self.fields["amount"]
        field.label = "Percentage of the original sum" if by_percentage else "Amount"
        field.error_messages["required"] = (
            "Enter the percentage, like 50" if by_percentage else "Enter the amount, like 64.50"
        )

    def clean_amount(self) -> Decimal:
        text = self.cleaned_data["amount"]
        if self.by_percentage:
            try:
                percent = Decimal(text.strip().rstrip("%").strip())
            except InvalidOperation as error:
                raise forms.ValidationError("Enter the percentage as a number, like 50") from error
            if not percent.is_finite():
                raise forms.ValidationError("Enter the percentage as a number, like 50")
            return percent
        try:
            return parse_money(text)
        except NotMoney as error:
            raise forms.ValidationError(
                "Enter the amount in pounds and pence, like 64.50"
            ) from error


def _add_problems(form: forms.Form, problems: list[Problem]) -> None:
    for problem in problems:
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)


# --- Pages ------------------------------------------------------------------------------------


class StreamsPage(Page):
    """A streams page: read by team leaders, managers and auditors; changed by administrators."""

    permission = Permission.VIEW_STREAMS
    url_name = "web:streams"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = staff_selectors.officer_can(
            officer=self.officer, permission=Permission.MANAGE_STREAMS
        )
        return context


class StreamList(StreamsPage):
    """Every stream of the officer's councils: current version, and the cases on each version."""

    template_name = "recovery/streams/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["authorities"] = stream_versions.streams_overview(officer=self.officer)
        return context


class InstallDefaults(StreamsPage):
    """Give a council the England default stream for each debt type it has none for."""

    permission = Permission.MANAGE_STREAMS
    template_name = "recovery/streams/install.html"
    authority: Authority

    def load(self) -> None:
        try:
            self.authority = stream_versions.authority_for_officer(
                officer=self.officer, authority_id=self.kwargs["authority_id"]
            )
        except Authority.DoesNotExist as error:
            raise Http404("No such council") from error

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        overview = stream_versions.streams_overview(officer=self.officer)
        context["council"] = next(a for a in overview if a.authority_id == self.authority.pk)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        created = install_default_streams(
            authority_id=self.authority.pk, actor=self.actor, at=clock.now()
        )
        if created:
            messages.success(
                request,
                f"{self.authority.name} has the England default streams for "
                f"{len(created)} debt type{'s' if len(created) != 1 else ''}",
            )
        return HttpResponseRedirect(reverse("web:streams"))


class StreamVersion(StreamsPage):
    """One version of a stream: its stages in order, and every version with its cases."""

    template_name = "recovery/streams/version.html"
    stream: Stream

    def load(self) -> None:
        try:
            self.stream = stream_versions.stream_for_officer(
                officer=self.officer, stream_id=self.kwargs["stream_id"]
            )
        except Stream.DoesNotExist as error:
            raise Http404("No such stream") from error

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        summary = stream_versions.stream_versions(stream=self.stream)
        version = next(v for v in summary.versions if v.stream_id == self.stream.pk)
        context.update(
            stream=self.stream,
            authority_name=self.stream.authority.name,
            debt_type_label=DEBT_TYPE_LABELS[DebtType(self.stream.debt_type)],
            summary=summary,
            version=version,
            is_editable=self.stream.is_current and version.case_count == 0,
            stage_cards=stage_cards(stream=self.stream, today=clock.today()),
        )
        return context


class NewVersion(StreamVersion):
    """ "Edit this stream": copy this version as the new current one, with a change note."""

    permission = Permission.MANAGE_STREAMS
    template_name = "recovery/streams/new_version.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ChangeNote())
        context["next_version"] = max(v.version for v in context["summary"].versions) + 1
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ChangeNote(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        copy = copy_stream_as_new_version(
            stream=self.stream,
            actor=self.actor,
            at=clock.now(),
            change_note=form.cleaned_data["change_note"],
        )
        messages.success(
            request,
            f"Version {copy.version} is now the current version: new cases start on it. Cases "
            "already on earlier versions stay on them",
        )
        return HttpResponseRedirect(reverse("web:stream", kwargs={"stream_id": copy.pk}))


class _StagePage(StreamVersion):
    """A page about one stage of a stream version; changes need MANAGE_STREAMS."""

    permission = Permission.MANAGE_STREAMS
    stage: Stage

    def load(self) -> None:
        super().load()
        try:
            self.stage = stream_versions.stage_of_stream(
                stream=self.stream, stage_id=self.kwargs["stage_id"]
            )
        except Stage.DoesNotExist as error:
            raise Http404("No such stage") from error

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        cards = context["stage_cards"]
        context["card"] = next(c for c in cards if c.stage_id == self.stage.pk)
        context["stream_href"] = reverse("web:stream", kwargs={"stream_id": self.stream.pk})
        return context

    def _to_stream(self, message: str) -> HttpResponseRedirect:
        messages.success(self.request, message)
        return HttpResponseRedirect(
            reverse("web:stream", kwargs={"stream_id": self.stream.pk}) + f"#stage-{self.stage.pk}"
        )


class StageChange(_StagePage):
    """Change a stage's wait, day count, counted-from day, minimum balance and letter."""

    template_name = "recovery/streams/stage_change.html"

    def _form(self, data: Any = None) -> ChangeStage:
        has_wait = StageKind(self.stage.kind) in AUTOMATIC_KINDS
        letters = list(letters_for(DebtType(self.stream.debt_type)))
        if self.stage.letter and self.stage.letter not in letters:
            letters.append(self.stage.letter)
        initial = {
            "wait_days": str(self.stage.wait_days),
            "day_count": self.stage.day_count,
            "count_from": self.stage.count_from,
            "minimum_balance": f"{self.stage.minimum_balance:.2f}",
            "letter": self.stage.letter or NO_LETTER,
        }
        return ChangeStage(data, letters=letters, has_wait=has_wait, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context.setdefault("form", self._form())
        context["options"] = {
            name: radio_options(form.fields[name], hints)
            for name, hints in (
                ("day_count", {value: hint for value, (_, hint) in DAY_COUNT_OPTIONS.items()}),
                ("count_from", {}),
                ("letter", {}),
            )
            if name in form.fields
        }
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                stream_edits.change_stage(
                    stage=self.stage,
                    wait_days=data.get("wait_days", self.stage.wait_days),
                    day_count=DayCount(data.get("day_count", self.stage.day_count)),
                    count_from=CountFrom(data.get("count_from", self.stage.count_from)),
                    minimum_balance=data["minimum_balance"],
                    letter="" if data["letter"] == NO_LETTER else data["letter"],
                    actor=self.actor,
                    at=clock.now(),
                )
            except stream_edits.VersionInUse:
                pass  # the page says why, and offers a new version
            except stream_edits.ChangeRefused as refused:
                _add_problems(form, refused.problems)
            except stream_edits.NothingChanged:
                form.add_error(None, "You have not changed anything: change a value, or cancel")
            else:
                return self._to_stream(f"{self.stage.name} has been changed")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CostAdd(_StagePage):
    """Add a cost the stage charges from a date; the earlier costs stay as they were."""

    template_name = "recovery/streams/cost_add.html"

    def _form(self, data: Any = None) -> AddCost | None:
        by_percentage = costs_by_percentage(
            debt_type=DebtType(self.stream.debt_type), code=self.stage.code
        )
        if by_percentage is None:
            return None
        return AddCost(data, by_percentage=by_percentage)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self._form())
        context["today"] = clock.today()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self._form(request.POST)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            figure = data["amount"]
            try:
                cost = stream_edits.add_stage_cost(
                    stage=self.stage,
                    valid_from=data["valid_from"],
                    description=data["description"],
                    justification=data["justification"],
                    amount=None if form.by_percentage else figure,
                    percent_of_original=figure if form.by_percentage else None,
                    as_of=clock.today(),
                    actor=self.actor,
                    at=clock.now(),
                )
            except stream_edits.ChangeRefused as refused:
                _add_problems(form, refused.problems)
            else:
                return self._to_stream(
                    f"{self.stage.name} charges {_figure(cost.amount, cost.percent_of_original)} "
                    f"from {long_date(cost.valid_from)}"
                )
        return self.render_to_response(self.get_context_data(form=form), status=400)
