"""
A repeatable synthetic data set: debtors, their accounts, charges, payments and allocations.

Everything random comes from one `random.Random(seed)` and a Faker (en_GB) seeded with the same
number, consumed in a fixed order, so the same seed, date and starting references give the same
data. Faker builds pools of names, streets and companies once; rows are then composed from the
pools, which keeps generation fast enough for a million accounts.

Rates of markers, links and aliases are deliberately low, as in a real caseload (see
docs/benchmarks.md, "How the data is shaped").
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from faker import Faker

from arrears.accounts.domain.debts import DebtType, default_fund
from arrears.accounts.domain.markers import (
    BreathingSpaceType,
    InsolvencyType,
    MarkerKind,
    VulnerabilityCategory,
    breathing_space_end_date,
)
from arrears.accounts.domain.references import search_key
from arrears.ledger.domain.allocation import OpenCharge, allocate_oldest_first
from arrears.ledger.domain.entries import Direction, EntryType
from arrears.seeding.domain import places
from arrears.seeding.domain.debt_profiles import (
    BUSINESS_DEBTS,
    DEBT_MIX,
    REFERENCE_PREFIX,
    DebtPlan,
    plan_debt,
)
from arrears.seeding.domain.rows import (
    AccountPartyRow,
    AccountRow,
    AddressRow,
    AliasRow,
    AllocationRow,
    Chunk,
    ContactRow,
    EntryRow,
    LinkRow,
    MarkerRow,
    PartyRow,
)

ALLOCATION_RULE = "ledger.allocation.oldest-first"
PERSON_DEBTS = [t for t, _ in DEBT_MIX if t not in BUSINESS_DEBTS]
_DEBT_TYPES = [t for t, _ in DEBT_MIX]
_DEBT_WEIGHTS = [w for _, w in DEBT_MIX]
_ZERO = Decimal("0.00")

RISK_DETAILS = (
    "Aggressive dog at the property: do not enter the garden.",
    "Threatened an enforcement agent on a previous visit: two-officer visits only.",
    "Police advise caution: known to keep weapons at the address.",
    "Verbally abusive on the telephone; end the call if it recurs.",
)
VULNERABILITY_DETAILS = (
    ("Long-term illness reported by the debtor.", VulnerabilityCategory.HEALTH),
    ("Recently bereaved.", VulnerabilityCategory.LIFE_EVENT),
    ("Lost job; no savings.", VulnerabilityCategory.RESILIENCE),
    ("Limited English; needs an interpreter.", VulnerabilityCategory.CAPABILITY),
    ("Mental health condition disclosed to the enforcement agent.", VulnerabilityCategory.HEALTH),
)
VULNERABILITY_SOURCES = ("Telephone call", "Citizens Advice", "Enforcement agent", "Letter")
CONFIDENTIAL_DETAILS = (
    "Address withheld: fleeing domestic abuse. Never disclose.",
    "Address withheld at police request.",
)


@dataclass(frozen=True)
class NamePools:
    """Names and places drawn once from Faker (en_GB), for rows to be composed from."""

    female_names: tuple[str, ...]
    male_names: tuple[str, ...]
    surnames: tuple[str, ...]
    streets: tuple[str, ...]
    companies: tuple[str, ...]


def name_pools(*, seed: int, size: int = 1500) -> NamePools:
    """Return pools of British names, streets and companies from a Faker seeded with `seed`."""
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    return NamePools(
        female_names=tuple(fake.first_name_female() for _ in range(size // 2)),
        male_names=tuple(fake.first_name_male() for _ in range(size // 2)),
        surnames=tuple(fake.last_name() for _ in range(size * 2)),
        streets=tuple(fake.street_name() for _ in range(size)),
        companies=tuple(fake.company() for _ in range(size)),
    )


@dataclass(frozen=True)
class Person:
    """The parts of a person's name used again for a partner or a record at another council."""

    title: str
    forenames: str
    surname: str
    date_of_birth: dt.date


class Generator:
    """Generates the data set household by household, in chunks, from one seed."""

    def __init__(
        self,
        *,
        seed: int,
        as_of: dt.date,
        party_numbers: Sequence[int],
        account_numbers: Sequence[int],
    ) -> None:
        """
        Start a generator for `len(party_numbers)` authorities.

        `party_numbers` and `account_numbers` give, per authority, the number the next party
        and account reference takes, so that a second run does not reuse references.
        """
        self._rng = random.Random(seed)
        self._pools = name_pools(seed=seed)
        self._as_of = as_of
        self._next_party = list(party_numbers)
        self._next_account = list(account_numbers)
        self._authority_count = len(party_numbers)

    def chunk(self, *, accounts: int) -> Chunk:
        """Return the rows for the next `accounts` accounts and the parties they need."""
        chunk = Chunk()
        while len(chunk.accounts) < accounts:
            self._household(chunk, room=accounts - len(chunk.accounts))
        return chunk

    # Households -------------------------------------------------------------------------------

    def _household(self, chunk: Chunk, *, room: int) -> None:
        rng = self._rng
        authority = rng.randrange(self._authority_count)
        debt_type = rng.choices(_DEBT_TYPES, weights=_DEBT_WEIGHTS)[0]
        if debt_type in BUSINESS_DEBTS:
            self._business(chunk, authority=authority, debt_type=debt_type, room=room)
        else:
            self._person_household(chunk, authority=authority, debt_type=debt_type, room=room)

    def _person_household(
        self, chunk: Chunk, *, authority: int, debt_type: DebtType, room: int
    ) -> None:
        rng = self._rng
        district = rng.choice(
            places.districts_for(authority_index=authority, authority_count=self._authority_count)
        )
        person = self._new_person()
        party = self._person_party(chunk, authority=authority, person=person, district=district)
        debt_types = [debt_type]
        if debt_type is DebtType.COUNCIL_TAX:
            debt_types += [DebtType.COUNCIL_TAX] * rng.choices([0, 1, 2], weights=[70, 20, 10])[0]
        if rng.random() < 0.10:
            debt_types.append(rng.choice(PERSON_DEBTS))
        debt_types = debt_types[:room]
        partner = None
        if debt_type is DebtType.COUNCIL_TAX and rng.random() < 0.15:
            partner_person = self._new_person(surname=person.surname if rng.random() < 0.7 else "")
            partner = self._person_party(
                chunk,
                authority=authority,
                person=partner_person,
                district=district,
                address_of=party,
            )
            chunk.links.append(LinkRow(party, partner, "JOINT_AND_SEVERAL"))
        for kind in debt_types:
            holders = [(party, "SOLE")]
            if partner is not None and kind is DebtType.COUNCIL_TAX:
                holders = [(party, "JOINT_AND_SEVERAL"), (partner, "JOINT_AND_SEVERAL")]
            self._account(chunk, authority=authority, debt_type=kind, holders=holders)
        if self._authority_count > 1 and len(debt_types) < room and rng.random() < 0.03:
            self._same_person_elsewhere(chunk, authority=authority, party=party, person=person)

    def _same_person_elsewhere(
        self, chunk: Chunk, *, authority: int, party: int, person: Person
    ) -> None:
        """Give `person` a record and a debt at another council, linked as the same person."""
        rng = self._rng
        other = (authority + 1 + rng.randrange(self._authority_count - 1)) % self._authority_count
        district = rng.choice(
            places.districts_for(authority_index=other, authority_count=self._authority_count)
        )
        twin = self._person_party(chunk, authority=other, person=person, district=district)
        chunk.links.append(LinkRow(party, twin, "SAME_PERSON"))
        chunk.links.append(LinkRow(twin, party, "SAME_PERSON"))
        kind = rng.choice([DebtType.COUNCIL_TAX, DebtType.PARKING_PCN, DebtType.SUNDRY_INVOICE])
        self._account(chunk, authority=other, debt_type=kind, holders=[(twin, "SOLE")])

    def _business(self, chunk: Chunk, *, authority: int, debt_type: DebtType, room: int) -> None:
        rng = self._rng
        district = rng.choice(
            places.districts_for(authority_index=authority, authority_count=self._authority_count)
        )
        organisation = self._organisation_party(chunk, authority=authority, district=district)
        holders = [(organisation, "SOLE")]
        if rng.random() < 0.6:
            director = self._person_party(
                chunk, authority=authority, person=self._new_person(), district=district
            )
            chunk.links.append(LinkRow(director, organisation, "DIRECTOR"))
            holders.append((director, "DIRECTOR"))
        debt_types = [debt_type]
        if rng.random() < 0.2:
            debt_types.append(DebtType.BUSINESS_RATES)
        if debt_type is DebtType.BUSINESS_RATES and rng.random() < 0.15:
            debt_types.append(DebtType.BID_LEVY)
        if rng.random() < 0.1:
            debt_types.append(DebtType.SUNDRY_INVOICE)
        for kind in debt_types[:room]:
            self._account(chunk, authority=authority, debt_type=kind, holders=holders)

    # Parties ----------------------------------------------------------------------------------

    def _new_person(self, *, surname: str = "") -> Person:
        rng = self._rng
        pools = self._pools
        is_female = rng.random() < 0.5
        if is_female:
            forenames = rng.choice(pools.female_names)
            title = rng.choices(["Mrs", "Ms", "Miss", "Dr"], weights=[45, 35, 17, 3])[0]
        else:
            forenames = rng.choice(pools.male_names)
            title = "Mr" if rng.random() < 0.97 else "Dr"
        age_days = int(min(max(rng.gauss(44, 15), 18.2), 95) * 365.25)
        return Person(
            title=title,
            forenames=forenames,
            surname=surname or rng.choice(pools.surnames),
            date_of_birth=self._as_of - dt.timedelta(days=age_days),
        )

    def _next_party_reference(self, authority: int) -> str:
        number = self._next_party[authority]
        self._next_party[authority] += 1
        return f"P{number:08d}"

    def _person_party(
        self,
        chunk: Chunk,
        *,
        authority: int,
        person: Person,
        district: places.District,
        address_of: int | None = None,
    ) -> int:
        """Add a person with an address, contacts, perhaps aliases and markers; return its row."""
        index = len(chunk.parties)
        # The display name is the one `accounts.services.display_name_for` gives a person.
        display_name = " ".join(p for p in [person.title, person.forenames, person.surname] if p)
        chunk.parties.append(
            PartyRow(
                authority=authority,
                reference=self._next_party_reference(authority),
                kind="PERSON",
                title=person.title,
                forenames=person.forenames,
                surname=person.surname,
                organisation_name="",
                company_number="",
                date_of_birth=person.date_of_birth,
                display_name=display_name,
                search_name=search_key(display_name),
            )
        )
        if address_of is not None:
            # The home they share: the other party's current address, not a previous one.
            shared = next(
                a
                for a in reversed(chunk.addresses)
                if a.party == address_of and a.kind == "CURRENT"
            )
            chunk.addresses.append(shared._replace(party=index))
        else:
            self._addresses(chunk, party=index, district=district)
        self._person_contacts(chunk, party=index, person=person)
        if self._rng.random() < 0.03:
            alias = f"{person.forenames} {self._rng.choice(self._pools.surnames)}"
            chunk.aliases.append(AliasRow(index, alias, search_key(alias)))
        self._markers(chunk, party=index, is_person=True)
        return index

    def _organisation_party(
        self, chunk: Chunk, *, authority: int, district: places.District
    ) -> int:
        rng = self._rng
        index = len(chunk.parties)
        name = rng.choice(self._pools.companies)
        company_number = ""
        if rng.random() < 0.75:
            # Companies House numbers: eight digits in England and Wales.
            company_number = f"{rng.randrange(1_000_000, 16_000_000):08d}"
            if not name.endswith(("Ltd", "PLC", "LLC")):
                name += " Ltd"
        chunk.parties.append(
            PartyRow(
                authority=authority,
                reference=self._next_party_reference(authority),
                kind="ORGANISATION",
                title="",
                forenames="",
                surname="",
                organisation_name=name,
                company_number=company_number,
                date_of_birth=None,
                display_name=name,
                search_name=search_key(name),
            )
        )
        self._addresses(chunk, party=index, district=district, is_business=True)
        # Ofcom reserves 01632 960000-960999 for drama: no real business answers.
        chunk.contacts.append(
            ContactRow(index, "PHONE", f"01632 960{rng.randrange(1000):03d}", True)
        )
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
        chunk.contacts.append(ContactRow(index, "EMAIL", f"accounts@{slug}.example.co.uk", False))
        self._markers(chunk, party=index, is_person=False)
        return index

    def _address(
        self, *, party: int, kind: str, district: places.District, is_business: bool
    ) -> AddressRow:
        rng = self._rng
        street = rng.choice(self._pools.streets)
        number = rng.randint(1, 240)
        line_1, line_2 = f"{number} {street}", ""
        if is_business:
            line_1, line_2 = f"Unit {rng.randint(1, 40)}", f"{number} {street}"
        elif rng.random() < 0.12:
            line_1, line_2 = f"Flat {rng.randint(1, 30)}", f"{number} {street}"
        latitude, longitude = places.point_near(district=district, rng=rng)
        return AddressRow(
            party=party,
            kind=kind,
            line_1=line_1,
            line_2=line_2,
            line_3="",
            town=district.town,
            postcode=places.postcode_in(district=district, rng=rng),
            uprn=str(rng.randrange(10_000_000, 100_000_000_000)),
            latitude=latitude,
            longitude=longitude,
            from_date=None,
            to_date=None,
        )

    def _addresses(
        self, chunk: Chunk, *, party: int, district: places.District, is_business: bool = False
    ) -> None:
        rng = self._rng
        moved_in = self._as_of - dt.timedelta(days=rng.randint(30, 7000))
        current = self._address(
            party=party, kind="CURRENT", district=district, is_business=is_business
        )
        chunk.addresses.append(current._replace(from_date=moved_in))
        if not is_business and rng.random() < 0.2:
            earlier = rng.choice(places.WEST_SURREY + places.EAST_SURREY)
            previous = self._address(
                party=party, kind="PREVIOUS", district=earlier, is_business=False
            )
            chunk.addresses.append(
                previous._replace(
                    from_date=moved_in - dt.timedelta(days=rng.randint(365, 3650)),
                    to_date=moved_in - dt.timedelta(days=1),
                )
            )

    def _person_contacts(self, chunk: Chunk, *, party: int, person: Person) -> None:
        rng = self._rng
        # Ofcom's drama ranges (07700 900000-900999, 01632 960000-960999) reach no real person.
        if rng.random() < 0.65:
            chunk.contacts.append(
                ContactRow(party, "MOBILE", f"07700 900{rng.randrange(1000):03d}", True)
            )
        if rng.random() < 0.25:
            chunk.contacts.append(
                ContactRow(party, "PHONE", f"01632 960{rng.randrange(1000):03d}", False)
            )
        if rng.random() < 0.4:
            local = "".join(
                ch for ch in f"{person.forenames}.{person.surname}".lower() if ch != " "
            )
            chunk.contacts.append(
                ContactRow(party, "EMAIL", f"{local}{rng.randrange(100)}@example.com", False)
            )

    def _markers(self, chunk: Chunk, *, party: int, is_person: bool) -> None:
        """Add markers at realistic low rates: most debtors have none."""
        rng = self._rng
        roll = rng.random()
        as_of = self._as_of
        started = as_of - dt.timedelta(days=rng.randint(1, 700))
        if not is_person:
            self._organisation_markers(chunk, party=party, roll=roll, started=started)
        elif roll < 0.04:
            detail, category = rng.choice(VULNERABILITY_DETAILS)
            source = rng.choice(VULNERABILITY_SOURCES)
            review = started + dt.timedelta(days=180)
            chunk.markers.append(
                MarkerRow(
                    party,
                    "VULNERABILITY",
                    category.value,
                    detail,
                    source,
                    "",
                    started,
                    None,
                    review,
                )
            )
        elif roll < 0.048:
            detail = rng.choice(RISK_DETAILS)
            chunk.markers.append(
                MarkerRow(party, "RISK", "", detail, "Enforcement agent", "", started, None, None)
            )
        elif roll < 0.053:
            chunk.markers.append(self._breathing_space(party))
        elif roll < 0.057:
            chunk.markers.append(
                MarkerRow(party, "DECEASED", "", "", "Tell Us Once", "", started, None, None)
            )
        elif roll < 0.077:
            chunk.markers.append(
                MarkerRow(party, "GONE_AWAY", "", "", "Returned mail", "", started, None, None)
            )
        elif roll < 0.082:
            kind = rng.choice([InsolvencyType.BANKRUPTCY, InsolvencyType.IVA, InsolvencyType.DRO])
            chunk.markers.append(self._insolvency(party, kind, started))
        elif roll < 0.085:
            detail = rng.choice(CONFIDENTIAL_DETAILS)
            chunk.markers.append(
                MarkerRow(
                    party, "CONFIDENTIAL_ADDRESS", "", detail, "Refuge", "", started, None, None
                )
            )

    def _organisation_markers(
        self, chunk: Chunk, *, party: int, roll: float, started: dt.date
    ) -> None:
        if roll < 0.03:
            kind = self._rng.choice(
                [InsolvencyType.LIQUIDATION, InsolvencyType.ADMINISTRATION, InsolvencyType.CVA]
            )
            chunk.markers.append(self._insolvency(party, kind, started))
        elif roll < 0.05:
            chunk.markers.append(
                MarkerRow(party, "GONE_AWAY", "", "", "Returned mail", "", started, None, None)
            )

    def _breathing_space(self, party: int) -> MarkerRow:
        """A Breathing Space moratorium (RULES.md §5.1): 60 days, or open while in crisis."""
        rng = self._rng
        start = self._as_of - dt.timedelta(days=rng.randint(0, 50))
        if rng.random() < 0.9:
            return MarkerRow(
                party,
                MarkerKind.BREATHING_SPACE.value,
                BreathingSpaceType.STANDARD.value,
                "Standard breathing space: pause all recovery action.",
                "Insolvency Service Breathing Space service",
                "",
                start,
                breathing_space_end_date(
                    breathing_space_type=BreathingSpaceType.STANDARD, start_date=start
                ),
                None,
            )
        return MarkerRow(
            party,
            MarkerKind.BREATHING_SPACE.value,
            BreathingSpaceType.MENTAL_HEALTH_CRISIS.value,
            "Mental health crisis breathing space: lasts while treatment continues.",
            "Insolvency Service Breathing Space service",
            "",
            start,
            None,
            start + dt.timedelta(days=30),
        )

    def _insolvency(self, party: int, kind: InsolvencyType, started: dt.date) -> MarkerRow:
        rng = self._rng
        practitioner = ""
        if kind is not InsolvencyType.DRO:
            practitioner = (
                f"{rng.choice(self._pools.male_names + self._pools.female_names)} "
                f"{rng.choice(self._pools.surnames)}, licensed insolvency practitioner"
            )
        return MarkerRow(
            party,
            MarkerKind.INSOLVENCY.value,
            kind.value,
            "",
            "Insolvency Service",
            practitioner,
            started,
            None,
            None,
        )

    # Accounts and the ledger ------------------------------------------------------------------

    def _account(
        self,
        chunk: Chunk,
        *,
        authority: int,
        debt_type: DebtType,
        holders: list[tuple[int, str]],
    ) -> None:
        plan = plan_debt(rng=self._rng, as_of=self._as_of, debt_type=debt_type)
        index = len(chunk.accounts)
        number = self._next_account[authority]
        self._next_account[authority] += 1
        balance = _post(chunk, account=index, plan=plan)
        chunk.accounts.append(
            AccountRow(
                authority=authority,
                reference=f"{REFERENCE_PREFIX[debt_type]}{number:08d}",
                debt_type=debt_type.value,
                fund=default_fund(debt_type).value,
                period_start_date=plan.period_start_date,
                period_end_date=plan.period_end_date,
                description=plan.description[:200],
                opened_date=plan.opened_date,
                recovery_stage=plan.recovery_stage,
                is_closed=plan.is_closed,
                balance=balance,
            )
        )
        for party, liability in holders:
            chunk.account_parties.append(AccountPartyRow(index, party, liability))


def _post(chunk: Chunk, *, account: int, plan: DebtPlan) -> Decimal:
    """
    Add the plan's charges and payments as entries, allocate payments oldest first.

    Return the balance: charges less payments, which is also the sum of the entries.
    """
    open_charges: list[OpenCharge] = []
    for charge in plan.charges:
        open_charges.append(
            OpenCharge(
                charge_id=len(chunk.entries),
                outstanding=charge.amount,
                effective_date=charge.effective_date,
            )
        )
        chunk.entries.append(
            EntryRow(
                account,
                EntryType.CHARGE.value,
                Direction.DEBIT.value,
                charge.charge_kind.value,
                charge.amount,
                charge.effective_date,
                charge.rule,
                charge.reason[:300],
                "",
            )
        )
    balance = sum((c.amount for c in plan.charges), _ZERO)
    for payment in sorted(plan.payments, key=lambda p: p.received_date):
        credit = len(chunk.entries)
        chunk.entries.append(
            EntryRow(
                account,
                EntryType.PAYMENT.value,
                Direction.CREDIT.value,
                "",
                payment.amount,
                payment.received_date,
                ALLOCATION_RULE,
                "Payment received",
                payment.method,
            )
        )
        balance -= payment.amount
        shares = allocate_oldest_first(amount=payment.amount, open_charges=open_charges).shares
        paid = {share.charge_id: share.amount for share in shares}
        for share in shares:
            chunk.allocations.append(
                AllocationRow(credit, share.charge_id, share.amount, ALLOCATION_RULE)
            )
        open_charges = [
            OpenCharge(c.charge_id, c.outstanding - paid.get(c.charge_id, _ZERO), c.effective_date)
            for c in open_charges
            if c.outstanding > paid.get(c.charge_id, _ZERO)
        ]
    return balance
