"""Writes of parties, their addresses, contacts, links and markers, and debt accounts."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone

from arrears.accounts.domain.debts import DebtType, Fund, default_fund
from arrears.accounts.domain.markers import (
    BreathingSpaceType,
    MarkerKind,
    breathing_space_end_date,
)
from arrears.accounts.domain.references import normalise_postcode, search_key
from arrears.accounts.models import (
    AccountParty,
    Address,
    AddressKind,
    ContactDetail,
    ContactKind,
    DebtAccount,
    Liability,
    LinkKind,
    Marker,
    Party,
    PartyAlias,
    PartyKind,
    PartyLink,
)
from arrears.audit import services as audit
from arrears.authorities.models import Authority


class DuplicateReference(Exception):
    """A party or account with this reference already exists at the authority."""


class MarkerAlreadyEnded(Exception):
    """The marker has already ended."""


def display_name_for(
    *,
    kind: str,
    title: str = "",
    forenames: str = "",
    surname: str = "",
    organisation_name: str = "",
) -> str:
    """Return the name to show for a party: 'Mrs Jane Smith' or the organisation's name."""
    if kind == PartyKind.ORGANISATION:
        return organisation_name.strip()
    return " ".join(part for part in [title, forenames, surname] if part).strip()


@transaction.atomic
def create_party(
    *,
    authority: Authority,
    reference: str,
    kind: PartyKind,
    actor: audit.Actor,
    title: str = "",
    forenames: str = "",
    surname: str = "",
    organisation_name: str = "",
    company_number: str = "",
    date_of_birth: dt.date | None = None,
    source_reference: str | None = None,
) -> Party:
    """
    Create a person or organisation at `authority`.

    :raises DuplicateReference: if the authority already has a party with `reference`.
    """
    if Party.objects.filter(authority=authority, reference=reference).exists():
        raise DuplicateReference(f"party {reference} already exists at {authority.code}")
    name = display_name_for(
        kind=kind,
        title=title,
        forenames=forenames,
        surname=surname,
        organisation_name=organisation_name,
    )
    party = Party.objects.create(
        authority=authority,
        reference=reference,
        kind=kind,
        title=title,
        forenames=forenames,
        surname=surname,
        organisation_name=organisation_name,
        company_number=company_number,
        date_of_birth=date_of_birth,
        display_name=name or reference,
        search_name=search_key(name or reference),
        source_reference=source_reference,
        created_at=timezone.now(),
    )
    audit.record_event(
        actor=actor,
        action="accounts.party.created",
        authority_id=authority.pk,
        object_type="party",
        object_id=party.pk,
        party_id=party.pk,
        detail={"reference": reference, "name": party.display_name},
    )
    return party


@transaction.atomic
def add_alias(*, party: Party, name: str, actor: audit.Actor) -> PartyAlias:
    """Record another name the party is known by."""
    alias = PartyAlias.objects.create(party=party, name=name, search_name=search_key(name))
    audit.record_event(
        actor=actor,
        action="accounts.alias.added",
        authority_id=party.authority_id,
        object_type="party",
        object_id=party.pk,
        party_id=party.pk,
        detail={"alias": name},
    )
    return alias


@transaction.atomic
def add_address(
    *,
    party: Party,
    kind: AddressKind,
    line_1: str,
    actor: audit.Actor,
    line_2: str = "",
    line_3: str = "",
    town: str = "",
    postcode: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    from_date: dt.date | None = None,
) -> Address:
    """
    Record an address; a new current address makes the old current one previous.

    The old address keeps its history: its `to_date` becomes the day before `from_date`.
    """
    if kind == AddressKind.CURRENT:
        for old in Address.objects.select_for_update().filter(
            party=party, kind=AddressKind.CURRENT
        ):
            old.kind = AddressKind.PREVIOUS
            old.to_date = (from_date - dt.timedelta(days=1)) if from_date else old.to_date
            old.save(update_fields=["kind", "to_date"])
    address = Address.objects.create(
        party=party,
        kind=kind,
        line_1=line_1,
        line_2=line_2,
        line_3=line_3,
        town=town,
        postcode=normalise_postcode(postcode) if postcode else "",
        latitude=latitude,
        longitude=longitude,
        from_date=from_date,
    )
    audit.record_event(
        actor=actor,
        action="accounts.address.added",
        authority_id=party.authority_id,
        object_type="address",
        object_id=address.pk,
        party_id=party.pk,
        detail={"kind": kind, "address": str(address)},
    )
    return address


@transaction.atomic
def add_contact(
    *, party: Party, kind: ContactKind, value: str, actor: audit.Actor, is_preferred: bool = False
) -> ContactDetail:
    """Record a telephone number or e-mail address."""
    contact = ContactDetail.objects.create(
        party=party, kind=kind, value=value.strip(), is_preferred=is_preferred
    )
    audit.record_event(
        actor=actor,
        action="accounts.contact.added",
        authority_id=party.authority_id,
        object_type="contact",
        object_id=contact.pk,
        party_id=party.pk,
        detail={"kind": kind},
    )
    return contact


@transaction.atomic
def link_parties(
    *, from_party: Party, to_party: Party, kind: LinkKind, actor: audit.Actor
) -> PartyLink:
    """Link two parties (joint liability, director, the same person at the other council)."""
    link, _created = PartyLink.objects.get_or_create(
        from_party=from_party, to_party=to_party, kind=kind
    )
    audit.record_event(
        actor=actor,
        action="accounts.link.added",
        authority_id=from_party.authority_id,
        object_type="party",
        object_id=from_party.pk,
        party_id=from_party.pk,
        detail={"kind": kind, "to_party": to_party.pk},
    )
    return link


@transaction.atomic
def record_marker(
    *,
    party: Party,
    kind: MarkerKind,
    start_date: dt.date,
    actor: audit.Actor,
    category: str = "",
    detail: str = "",
    source: str = "",
    practitioner: str = "",
    end_date: dt.date | None = None,
    review_date: dt.date | None = None,
) -> Marker:
    """Record a marker (vulnerability, risk, Breathing Space, ...) on a party."""
    marker = Marker.objects.create(
        party=party,
        kind=kind.value,
        category=category,
        detail=detail,
        source=source,
        practitioner=practitioner,
        start_date=start_date,
        end_date=end_date,
        review_date=review_date,
        recorded_at=timezone.now(),
        recorded_by_id=actor.officer_id,
    )
    audit.record_event(
        actor=actor,
        action="accounts.marker.recorded",
        authority_id=party.authority_id,
        object_type="marker",
        object_id=marker.pk,
        party_id=party.pk,
        detail={"kind": kind.value, "category": category, "start_date": start_date.isoformat()},
    )
    return marker


@transaction.atomic
def end_marker(*, marker: Marker, end_date: dt.date, actor: audit.Actor) -> Marker:
    """
    End a marker on `end_date` (inclusive); its history stays.

    :raises MarkerAlreadyEnded: if the marker already has an end date.
    """
    locked = Marker.objects.select_for_update().select_related("party").get(pk=marker.pk)
    if locked.end_date is not None:
        raise MarkerAlreadyEnded(f"marker {marker.pk} ended on {locked.end_date}")
    locked.end_date = end_date
    locked.save(update_fields=["end_date"])
    audit.record_event(
        actor=actor,
        action="accounts.marker.ended",
        authority_id=locked.party.authority_id,
        object_type="marker",
        object_id=locked.pk,
        party_id=locked.party_id,
        detail={"kind": locked.kind, "end_date": end_date.isoformat()},
    )
    return locked


@transaction.atomic
def open_account(
    *,
    authority: Authority,
    reference: str,
    debt_type: DebtType,
    parties: Sequence[Party],
    opened_date: dt.date,
    actor: audit.Actor,
    fund: Fund | None = None,
    period_start_date: dt.date | None = None,
    period_end_date: dt.date | None = None,
    description: str = "",
    source_reference: str | None = None,
    liability: Liability = Liability.SOLE,
) -> DebtAccount:
    """
    Open a debt account at `authority` with its liable parties; its balance starts at zero.

    :raises DuplicateReference: if the authority already has an account with `reference`.
    """
    if DebtAccount.objects.filter(authority=authority, reference=reference).exists():
        raise DuplicateReference(f"account {reference} already exists at {authority.code}")
    account = DebtAccount.objects.create(
        authority=authority,
        reference=reference,
        source_reference=source_reference,
        debt_type=debt_type.value,
        fund=(fund or default_fund(debt_type)).value,
        period_start_date=period_start_date,
        period_end_date=period_end_date,
        description=description,
        opened_date=opened_date,
    )
    AccountParty.objects.bulk_create(
        AccountParty(account=account, party=party, liability=liability) for party in parties
    )
    for party in parties:
        audit.record_event(
            actor=actor,
            action="accounts.account.opened",
            authority_id=authority.pk,
            object_type="account",
            object_id=account.pk,
            party_id=party.pk,
            detail={"reference": reference, "debt_type": debt_type.value},
        )
    return account


# --- Party maintenance from the officer UI (issue 2, item 4) ------------------------------------


class NoSuchParty(Exception):
    """No party has that reference at the authority."""


class LinkToSelf(Exception):
    """A party cannot be linked to itself."""


class PartiesAlreadyLinked(Exception):
    """The two parties are already linked in this way."""


@transaction.atomic
def link_party_by_reference(
    *, from_party: Party, to_reference: str, kind: LinkKind, actor: audit.Actor
) -> PartyLink:
    """
    Link `from_party` to the party with `to_reference` at the same authority.

    Only a party of `from_party`'s own authority can be found this way: a reference held by
    another council is treated exactly like one that does not exist (ADR 0004).

    :raises NoSuchParty: if the authority has no party with that reference.
    :raises LinkToSelf: if the reference is `from_party`'s own.
    :raises PartiesAlreadyLinked: if the two are already linked with `kind`, either way round.
    """
    typed = to_reference.strip()
    to_party = (
        Party.objects.filter(
            authority_id=from_party.authority_id,
            reference__in={typed, typed.upper().replace(" ", "")},
        )
        .order_by("id")
        .first()
    )
    if to_party is None:
        raise NoSuchParty(typed)
    if to_party.pk == from_party.pk:
        raise LinkToSelf(typed)
    if PartyLink.objects.filter(
        models.Q(from_party=from_party, to_party=to_party)
        | models.Q(from_party=to_party, to_party=from_party),
        kind=kind,
    ).exists():
        raise PartiesAlreadyLinked(f"{from_party.reference} {kind} {to_party.reference}")
    return link_parties(from_party=from_party, to_party=to_party, kind=kind, actor=actor)


@transaction.atomic
def record_contact(
    *, party: Party, kind: ContactKind, value: str, is_preferred: bool, actor: audit.Actor
) -> ContactDetail:
    """
    Record a telephone number or e-mail address; a party has at most one preferred contact.

    When the new contact is preferred, the party's other contacts stop being preferred, and the
    audit event names them.
    """
    replaced: list[int] = []
    if is_preferred:
        replaced = list(
            ContactDetail.objects.select_for_update()
            .filter(party=party, is_preferred=True)
            .order_by("id")
            .values_list("id", flat=True)
        )
        ContactDetail.objects.filter(pk__in=replaced).update(is_preferred=False)
    contact = ContactDetail.objects.create(
        party=party, kind=kind, value=value.strip(), is_preferred=is_preferred
    )
    audit.record_event(
        actor=actor,
        action="accounts.contact.added",
        authority_id=party.authority_id,
        object_type="contact",
        object_id=contact.pk,
        party_id=party.pk,
        detail={"kind": kind, "preferred": is_preferred, "no_longer_preferred": replaced},
    )
    return contact


@transaction.atomic
def record_breathing_space(
    *,
    party: Party,
    breathing_space_type: BreathingSpaceType,
    start_date: dt.date,
    actor: audit.Actor,
    source: str = "",
    detail: str = "",
) -> Marker:
    """
    Record a Breathing Space moratorium (RULES.md §5.1) with its expected end date.

    A standard breathing space ends 60 days beginning with its start day (RULES.md §0.2 item 4,
    `markers.breathing_space_end_date`); a mental health crisis one stays open until ended.
    The start date may be in the past: the moratorium runs from the day it started, not from the
    day the council heard of it.

    :raises markers.NoBreathingSpaceScheme: if `start_date` is before 4 May 2021.
    """
    return record_marker(
        party=party,
        kind=MarkerKind.BREATHING_SPACE,
        start_date=start_date,
        end_date=breathing_space_end_date(
            breathing_space_type=breathing_space_type, start_date=start_date
        ),
        category=breathing_space_type.value,
        source=source,
        detail=detail,
        actor=actor,
    )


@transaction.atomic
def cut_marker_short(
    *, marker: Marker, end_date: dt.date, as_of: dt.date, actor: audit.Actor
) -> Marker:
    """
    End a marker on `end_date`: an open one, or one whose planned end is still to come.

    A standard Breathing Space is recorded with its expected end (RULES.md §5.1) but may be
    cancelled sooner, for example at the midway review (RULES.md §5.4); its end date is brought
    forward. An open marker is ended as `end_marker` ends it. The audit event keeps the planned
    end date, so the history shows both.

    :raises MarkerAlreadyEnded: if the marker ended before `as_of`, or already ends on or
        before `end_date`.
    """
    locked = Marker.objects.select_for_update().select_related("party").get(pk=marker.pk)
    if locked.end_date is None:
        return end_marker(marker=locked, end_date=end_date, actor=actor)
    if locked.end_date < as_of or locked.end_date <= end_date:
        raise MarkerAlreadyEnded(f"marker {marker.pk} ends on {locked.end_date}")
    planned_end_date = locked.end_date
    locked.end_date = end_date
    locked.save(update_fields=["end_date"])
    audit.record_event(
        actor=actor,
        action="accounts.marker.ended",
        authority_id=locked.party.authority_id,
        object_type="marker",
        object_id=locked.pk,
        party_id=locked.party_id,
        detail={
            "kind": locked.kind,
            "end_date": end_date.isoformat(),
            "planned_end_date": planned_end_date.isoformat(),
        },
    )
    return locked


class NothingToCorrect(Exception):
    """The corrected details are the same as the party's own."""


@transaction.atomic
def correct_party_details(
    *,
    party: Party,
    actor: audit.Actor,
    title: str = "",
    forenames: str = "",
    surname: str = "",
    organisation_name: str = "",
    date_of_birth: dt.date | None = None,
) -> Party:
    """
    Correct a party's name or date of birth, keeping what it was.

    A changed name leaves the old one as an alias (shown on the party page as "Also known as");
    the audit event records each corrected field's old and new value (issue 2, items 4 and 8).
    An organisation's name is `organisation_name`; a person's is title, forenames and surname.

    :raises NothingToCorrect: if nothing differs from the party's current details.
    """
    locked = Party.objects.select_for_update().get(pk=party.pk)
    is_person = locked.kind == PartyKind.PERSON
    after: dict[str, object] = (
        {
            "title": title.strip(),
            "forenames": forenames.strip(),
            "surname": surname.strip(),
            "date_of_birth": date_of_birth,
        }
        if is_person
        else {"organisation_name": organisation_name.strip()}
    )
    changed = {
        name: {"from": _as_text(getattr(locked, name)), "to": _as_text(value)}
        for name, value in after.items()
        if getattr(locked, name) != value
    }
    if not changed:
        raise NothingToCorrect(locked.reference)
    old_name = locked.display_name
    for name, value in after.items():
        setattr(locked, name, value)
    new_name = display_name_for(
        kind=locked.kind,
        title=locked.title,
        forenames=locked.forenames,
        surname=locked.surname,
        organisation_name=locked.organisation_name,
    )
    locked.display_name = new_name or locked.reference
    locked.search_name = search_key(locked.display_name)
    locked.save(update_fields=[*after, "display_name", "search_name"])
    is_alias_added = (
        locked.display_name != old_name
        and not PartyAlias.objects.filter(party=locked, search_name=search_key(old_name)).exists()
    )
    if is_alias_added:
        PartyAlias.objects.create(party=locked, name=old_name, search_name=search_key(old_name))
    audit.record_event(
        actor=actor,
        action="accounts.party.corrected",
        authority_id=locked.authority_id,
        object_type="party",
        object_id=locked.pk,
        party_id=locked.pk,
        detail={"changed": changed, "old_name_kept_as_alias": old_name if is_alias_added else ""},
    )
    return locked


def _as_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)
