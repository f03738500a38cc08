"""One factory per model, with valid defaults (STYLE.md, "Tests")."""

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from arrears.accounts import models as accounts
from arrears.accounts.domain.debts import DebtType, Fund
from arrears.authorities import models as authorities
from arrears.staff import models as staff
from arrears.staff.domain.policy import Role

PASSWORD = "correct-horse-battery-staple"


class SharedServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = authorities.SharedService

    name = factory.Sequence(lambda n: f"Shared Revenues Service {n}")


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = authorities.Authority

    code = factory.Sequence(lambda n: f"AUTH{n}")
    name = factory.Sequence(lambda n: f"Borough Council {n}")


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = staff.Officer
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    first_name = "Sam"
    last_name = "Officer"
    role = Role.DEBT_MANAGEMENT_OFFICER.value
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def authorities(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        self.save()
        for authority in extracted or []:
            staff.OfficerAuthority.objects.create(officer=self, authority=authority)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accounts.Party

    authority = factory.SubFactory(AuthorityFactory)
    reference = factory.Sequence(lambda n: f"P{n:07d}")
    kind = accounts.PartyKind.PERSON
    title = "Ms"
    forenames = "Jane"
    surname = factory.Sequence(lambda n: f"Smith{n}")
    date_of_birth = dt.date(1980, 5, 17)
    display_name = factory.LazyAttribute(lambda o: f"{o.title} {o.forenames} {o.surname}")
    search_name = factory.LazyAttribute(lambda o: o.display_name.lower())
    created_at = factory.LazyFunction(timezone.now)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accounts.Address

    party = factory.SubFactory(PartyFactory)
    kind = accounts.AddressKind.CURRENT
    line_1 = factory.Sequence(lambda n: f"{n + 1} High Street")
    town = "Kingston upon Thames"
    postcode = "KT1 1EU"


class MarkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accounts.Marker

    party = factory.SubFactory(PartyFactory)
    kind = "VULNERABILITY"
    category = "HEALTH"
    detail = "Hearing impaired: write, do not phone."
    start_date = dt.date(2026, 1, 5)
    recorded_at = factory.LazyFunction(timezone.now)


class DebtAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = accounts.DebtAccount
        skip_postgeneration_save = True

    authority = factory.SubFactory(AuthorityFactory)
    reference = factory.Sequence(lambda n: f"CT{n:08d}")
    debt_type = DebtType.COUNCIL_TAX.value
    fund = Fund.COLLECTION_FUND.value
    period_start_date = dt.date(2026, 4, 1)
    period_end_date = dt.date(2027, 3, 31)
    opened_date = dt.date(2026, 3, 10)

    @factory.post_generation
    def parties(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        for party in extracted or []:
            accounts.AccountParty.objects.create(account=self, party=party)
