"""The party change pages: each loads the party for the officer, then makes one service call."""

from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from arrears.accounts import selectors as accounts_selectors
from arrears.accounts import services
from arrears.accounts.domain.markers import (
    MARKER_LABELS,
    BreathingSpaceType,
    MarkerKind,
    NoBreathingSpaceScheme,
)
from arrears.accounts.models import (
    Address,
    AddressKind,
    ContactDetail,
    ContactKind,
    LinkKind,
    Marker,
    Party,
    PartyAlias,
    PartyKind,
    PartyLink,
)
from arrears.interfaces.web.party_changes.fields import long_date, radio_options
from arrears.interfaces.web.party_changes.forms import (
    ADDRESS_KIND_HINTS,
    MARKER_HEADINGS,
    MARKER_KIND_HINTS,
    NEW_ADDRESS_KINDS,
    AddAddress,
    AddAlias,
    AddContact,
    ChooseMarkerKind,
    CorrectDetails,
    EndMarker,
    LinkParty,
    RecordMarker,
)
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.staff.domain.policy import Permission

# --- Pages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyHeading:
    """The party a change page is about, as plain data for its caption and back link."""

    party_id: int
    reference: str
    display_name: str
    href: str


class PartyChange(Page):
    """A page that changes one party: loads it for the officer, then one service call."""

    permission = Permission.RECORD_MARKER
    heading: ClassVar[str] = ""
    section: ClassVar[str] = ""  # the party page's section to return to
    # The named service exceptions `explain` turns into form errors.
    expected_errors: ClassVar[tuple[type[Exception], ...]] = ()
    party: Party

    def load(self) -> None:
        try:
            self.party = accounts_selectors.party_for_officer(
                officer=self.officer, party_id=self.kwargs["party_id"]
            )
        except Party.DoesNotExist as error:
            raise Http404("No such party") from error

    def make_form(self, data: Any = None) -> forms.Form:
        raise NotImplementedError

    def save(self, form: forms.Form) -> str:
        """Make the one service call; return the success message. May raise a named error."""
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.make_form())
        context["party"] = PartyHeading(
            party_id=self.party.pk,
            reference=self.party.reference,
            display_name=self.party.display_name,
            href=reverse("web:party", kwargs={"party_id": self.party.pk}),
        )
        context["heading"] = self.heading
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                message = self.save(form)
            except self.expected_errors as error:
                self.explain(form, error)
            else:
                messages.success(request, message)
                party_url = reverse("web:party", kwargs={"party_id": self.party.pk})
                return HttpResponseRedirect(f"{party_url}#{self.section}")
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def explain(self, form: forms.Form, error: Exception) -> None:
        """Turn one of `expected_errors` into an error on the field it is about."""
        raise error


class MarkerRecord(PartyChange):
    """Record a marker: first choose its kind, then give that kind's own details."""

    template_name = "web/party_changes/marker_record.html"
    section = "markers"
    expected_errors = (NoBreathingSpaceScheme,)

    def _kind(self, data: Any) -> MarkerKind | None:
        try:
            return MarkerKind(data.get("kind", ""))
        except ValueError:
            return None

    def make_form(self, data: Any = None) -> forms.Form:
        kind = self._kind(data if data is not None else self.request.GET)
        if kind is None:
            # Radios send nothing when none is chosen; the hidden `step` says the form was sent.
            is_sent = "kind" in self.request.GET or "step" in self.request.GET
            chooser_data = self.request.GET if is_sent else None
            return ChooseMarkerKind(chooser_data)
        initial = (
            {}
            if kind in (MarkerKind.DECEASED, MarkerKind.INSOLVENCY)
            else {"start_date": clock.today()}
        )
        return RecordMarker(data, kind=kind, initial=initial)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if isinstance(form, RecordMarker):
            context["kind"] = form.kind.value
            context["heading"] = MARKER_HEADINGS[form.kind]
            context["fields"] = [
                {
                    "field": form[name],
                    "hint": form.hints[name],
                    "options": (
                        radio_options(field, form.choice_hints[name])
                        if isinstance(field, forms.ChoiceField)
                        else []
                    ),
                }
                for name, field in form.fields.items()
            ]
        else:
            context["heading"] = "Record a marker"
            context["options"] = radio_options(
                form.fields["kind"], {k.value: MARKER_KIND_HINTS[k] for k in MarkerKind}
            )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self._kind(request.POST) is None:
            form = ChooseMarkerKind(request.POST)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return super().post(request, *args, **kwargs)

    def save(self, form: forms.Form) -> str:
        assert isinstance(form, RecordMarker)
        data = form.cleaned_data
        if form.kind is MarkerKind.BREATHING_SPACE:
            marker = services.record_breathing_space(
                party=self.party,
                breathing_space_type=BreathingSpaceType(data["category"]),
                start_date=data["start_date"],
                source=data.get("source", ""),
                detail=data.get("detail", ""),
                actor=self.actor,
            )
        else:
            marker = services.record_marker(
                party=self.party,
                kind=form.kind,
                start_date=data["start_date"],
                category=data.get("category", ""),
                detail=data.get("detail", ""),
                source=data.get("source", ""),
                practitioner=data.get("practitioner", ""),
                review_date=data.get("review_date"),
                actor=self.actor,
            )
        label = MARKER_LABELS[form.kind]
        until = f" to {long_date(marker.end_date)}" if marker.end_date else ""
        return f"{label} recorded, from {long_date(marker.start_date)}{until}"

    def explain(self, form: forms.Form, error: Exception) -> None:
        form.add_error(
            "start_date", "Start date must be on or after 4 May 2021, when the scheme began"
        )


class MarkerEnd(PartyChange):
    """End one of the party's markers; its history stays on the party page."""

    template_name = "web/party_changes/marker_end.html"
    section = "markers"
    expected_errors = (services.MarkerAlreadyEnded,)
    marker: Marker

    def load(self) -> None:
        super().load()
        try:
            # The party was found through the officer's access check; the marker must be its own.
            self.marker = self.party.markers.get(pk=self.kwargs["marker_id"])
        except Marker.DoesNotExist as error:
            raise Http404("No such marker") from error

    def make_form(self, data: Any = None) -> forms.Form:
        return EndMarker(
            data, start_date=self.marker.start_date, initial={"end_date": clock.today()}
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind = MarkerKind(self.marker.kind)
        context["heading"] = f"End marker: {MARKER_LABELS[kind]}"
        context["marker"] = {
            "label": MARKER_LABELS[kind],
            "category": self.marker.category.replace("_", " ").capitalize(),
            "detail": self.marker.detail,
            "start_date": self.marker.start_date,
            "end_date": self.marker.end_date,
        }
        return context

    def save(self, form: forms.Form) -> str:
        marker = services.cut_marker_short(
            marker=self.marker,
            end_date=form.cleaned_data["end_date"],
            as_of=clock.today(),
            actor=self.actor,
        )
        assert marker.end_date is not None
        label = MARKER_LABELS[MarkerKind(marker.kind)]
        return f"{label} marker ended on {long_date(marker.end_date)}"

    def explain(self, form: forms.Form, error: Exception) -> None:
        if self.marker.end_date and self.marker.end_date >= clock.today():
            ends = f"This marker already ends on {long_date(self.marker.end_date)}"
            form.add_error("end_date", f"{ends}; enter an earlier end date")
        else:
            form.add_error("end_date", "This marker has already ended")


class AddressAdd(PartyChange):
    """Add a current, forwarding or correspondence address, with its coordinates if known."""

    template_name = "web/party_changes/address_add.html"
    heading = "Add an address"
    section = "addresses"

    def make_form(self, data: Any = None) -> forms.Form:
        return AddAddress(data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["options"] = radio_options(
            context["form"].fields["kind"],
            {k.value: ADDRESS_KIND_HINTS[k] for k in NEW_ADDRESS_KINDS},
        )
        return context

    def save(self, form: forms.Form) -> str:
        data = form.cleaned_data
        address: Address = services.add_address(
            party=self.party,
            kind=AddressKind(data["kind"]),
            line_1=data["line_1"],
            line_2=data["line_2"],
            line_3=data["line_3"],
            town=data["town"],
            postcode=data["postcode"],
            latitude=data["latitude"],
            longitude=data["longitude"],
            from_date=data["from_date"],
            actor=self.actor,
        )
        return f"{AddressKind(address.kind).label} address added: {address}"


class ContactAdd(PartyChange):
    """Add a telephone number, mobile number or email address."""

    template_name = "web/party_changes/contact_add.html"
    heading = "Add contact details"
    section = "contacts"

    def make_form(self, data: Any = None) -> forms.Form:
        return AddContact(data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["options"] = radio_options(context["form"].fields["kind"])
        return context

    def save(self, form: forms.Form) -> str:
        data = form.cleaned_data
        contact: ContactDetail = services.record_contact(
            party=self.party,
            kind=ContactKind(data["kind"]),
            value=data["value"],
            is_preferred=data["is_preferred"],
            actor=self.actor,
        )
        preferred = " as the preferred contact" if contact.is_preferred else ""
        return f"{ContactKind(contact.kind).label} added{preferred}: {contact.value}"


class AliasAdd(PartyChange):
    """Add another name the party is or was known by."""

    template_name = "web/party_changes/alias_add.html"
    heading = "Add another name"
    section = "main-content"

    def make_form(self, data: Any = None) -> forms.Form:
        return AddAlias(data)

    def save(self, form: forms.Form) -> str:
        alias: PartyAlias = services.add_alias(
            party=self.party, name=form.cleaned_data["name"], actor=self.actor
        )
        return f"Other name added: {alias.name}"


class LinkAdd(PartyChange):
    """Link the party to another party of the same council, found by its party reference."""

    permission = Permission.EDIT_PARTY

    template_name = "web/party_changes/link_add.html"
    heading = "Link to another party"
    section = "links"
    # A reference at another council reads exactly like a missing one (ADR 0004).
    messages: ClassVar[dict[type[Exception], str]] = {
        services.NoSuchParty: "No party with that reference",
        services.LinkToSelf: "Enter the reference of a different party",
        services.PartiesAlreadyLinked: "These parties are already linked in this way",
    }
    expected_errors = tuple(messages)

    def make_form(self, data: Any = None) -> forms.Form:
        return LinkParty(data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["options"] = radio_options(context["form"].fields["kind"])
        return context

    def save(self, form: forms.Form) -> str:
        link: PartyLink = services.link_party_by_reference(
            from_party=self.party,
            to_reference=form.cleaned_data["reference"],
            kind=LinkKind(form.cleaned_data["kind"]),
            actor=self.actor,
        )
        return f"Linked to {link.to_party.display_name} ({link.to_party.reference})"

    def explain(self, form: forms.Form, error: Exception) -> None:
        form.add_error("reference", self.messages[type(error)])


class DetailsCorrect(PartyChange):
    """Correct the party's name or date of birth; the old name stays as an alias."""

    permission = Permission.EDIT_PARTY

    template_name = "web/party_changes/details_correct.html"
    heading = "Correct name or date of birth"
    section = "main-content"
    expected_errors = (services.NothingToCorrect,)

    def make_form(self, data: Any = None) -> forms.Form:
        party = self.party
        return CorrectDetails(
            data,
            is_person=party.kind == PartyKind.PERSON,
            initial={
                "title": party.title,
                "forenames": party.forenames,
                "surname": party.surname,
                "organisation_name": party.organisation_name,
                "date_of_birth": party.date_of_birth,
            },
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.party.kind != PartyKind.PERSON:
            context["heading"] = "Correct the organisation name"
        return context

    def save(self, form: forms.Form) -> str:
        data = form.cleaned_data
        party = services.correct_party_details(
            party=self.party,
            title=data.get("title", ""),
            forenames=data.get("forenames", ""),
            surname=data.get("surname", ""),
            organisation_name=data.get("organisation_name", ""),
            date_of_birth=data.get("date_of_birth"),
            actor=self.actor,
        )
        return f"Details corrected: {party.display_name}"

    def explain(self, form: forms.Form, error: Exception) -> None:
        form.add_error(None, "Change at least one of the details, or go back to the party")
