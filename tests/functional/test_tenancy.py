"""
Tenancy over the whole URL map: an officer of council A never reaches council B's records.

Issue 2, "Must show": a table-driven test over the whole URL map and API; a user of council A
gets 404 for every page and record of council B, for every role; a new URL without an access
check makes it fail.

Every named URL the resolver knows must have a row in exactly one of three tables below:

- `RECORD_URLS`: a page or endpoint addressed to one record. The row builds the URL's kwargs
  from a council's objects. Council A's officers, in every role, must get 404 for council B's
  record (not 403, which would confirm it exists, not 200, not 500), and at least one role must
  get 200 for council A's own record, so the test cannot pass vacuously.
- `LIST_URLS`: a list, search or trail. The row gives probes (query strings built from a
  council's objects) and the text that would show that council's record. No role of council A
  may see council B's text, and at least one role must see council A's.
- `PUBLIC_URLS`: pages that show no records at all, with the reason.

A URL that is in none of them fails `test_tenancy_table_covers_every_url`, which says what to
add. Fixtures follow STYLE.md "Tests": factories, and ledger entries posted by the service.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from arrears.accounts.models import DebtAccount, Marker, Party
from arrears.audit.services import SYSTEM
from arrears.authorities.models import Authority
from arrears.imports import services as imports
from arrears.imports.domain.layouts import ImportKind
from arrears.imports.models import ImportBatch
from arrears.kernel import clock
from arrears.ledger import services as ledger
from arrears.ledger.domain.entries import ChargeKind
from arrears.ledger.models import Entry
from arrears.letters import services as letters
from arrears.letters.models import Letter, PrintBatch
from arrears.recovery import models as recovery
from arrears.recovery.models import Hold, RecoveryRun, RunStatus
from arrears.recovery.selectors.streams import current_streams
from arrears.recovery.services.streams import install_default_streams
from arrears.staff.domain.policy import Role
from arrears.staff.models import Officer
from tests import factories
from tests.integration import test_remedies_setup as remedy_records
from tests.integration.test_court_services import court_records

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Council:
    """One council's records, each with text found nowhere in the other council's."""

    authority: Authority
    party: Party
    account: DebtAccount
    entry: Entry
    batch: ImportBatch


@dataclass(frozen=True)
class Probe:
    """A request to a list URL, and the text in its answer that would show the council's data."""

    params: dict[str, str]
    shows: list[str]


def _council(*, code: str, surname: str, tag: str) -> Council:
    authority = factories.AuthorityFactory(code=code, name=f"{surname} Borough Council")
    party = factories.PartyFactory(
        authority=authority, reference=f"P{tag}0001", forenames="Jane", surname=surname
    )
    factories.AddressFactory(party=party)
    account = factories.DebtAccountFactory(
        authority=authority, reference=f"CT{tag}0001", parties=[party]
    )
    entry = ledger.post_charge(
        account=account,
        amount=Decimal("731.19"),
        effective_date=dt.date(2026, 4, 1),
        charge_kind=ChargeKind.LIABILITY,
        rule="liability.annual-bill",
        reason="Council tax 2026/27",
        actor=SYSTEM,
    )
    batch = imports.stage_upload(
        authority=authority,
        kind=ImportKind.PARTIES,
        file_name=f"{tag.lower()}-council-parties.csv",
        content=f"party_reference,party_kind,surname\nPN{tag}01,PERSON,{surname}son\n".encode(),
        actor=SYSTEM,
    )
    return Council(authority=authority, party=party, account=account, entry=entry, batch=batch)


def _colleague(c: Council) -> Officer:
    """Return the officer who sees only council `c` (made once): the staff pages' record."""
    username = f"colleague-{c.authority.code.lower()}"
    return Officer.objects.filter(username=username).first() or factories.OfficerFactory(
        username=username, last_name=f"{c.party.surname}-Staff", authorities=[c.authority]
    )


def _breathing_space_today(c: Council) -> str:
    """Start a Breathing Space today for a second debtor of council `c` (made once), whose tasks
    the work queue lists; not `c.party`, so that the letter rows may still write to them."""
    reference = f"{c.party.reference}BS"
    party = Party.objects.filter(authority=c.authority, reference=reference).first()
    if party is None:
        party = factories.PartyFactory(
            authority=c.authority, reference=reference, surname=f"{c.party.surname}-Respite"
        )
        factories.MarkerFactory(
            party=party, kind="BREATHING_SPACE", category="STANDARD", start_date=clock.today()
        )
    return party.display_name


def _open_marker(c: Council) -> Marker:
    """Return an open marker on council `c`'s party (made once): the end-marker page's record."""
    return c.party.markers.filter(end_date__isnull=True).order_by(
        "id"
    ).first() or factories.MarkerFactory(party=c.party, kind="RISK", category="")


def _letter(c: Council, batch_key: str = "tenancy") -> Letter:
    """Return a letter to council `c`'s party under `batch_key` (made once): the letter pages."""
    key = f"{batch_key}-{c.authority.code}"
    existing = Letter.objects.filter(batch_key=key).order_by("id").first()
    if existing:
        return existing
    request = letters.LetterRequest(
        authority_id=c.authority.pk,
        account_id=c.account.pk,
        party_id=c.party.pk,
        template="REMINDER",
        issue_date=dt.date(2026, 12, 1),
        facts={"debt_label": "Council tax", "amount_due": "731.19", "pay_by_date": "2026-12-07"},
        source="tenancy",
    )
    [letter_id] = letters.create_letters(requests=[request], batch_key=key)
    return Letter.objects.get(pk=letter_id)


def _print_batch(c: Council) -> PrintBatch:
    """Return a print batch of council `c` (its letter released once): the batch pages."""
    letter = _letter(c, "tenancy-printed")
    if letter.print_batch is None:
        letters.release_letters(
            batch_key=letter.batch_key, actor=SYSTEM, released_on=dt.date(2026, 12, 1)
        )
        letter.refresh_from_db()
    assert letter.print_batch is not None
    return letter.print_batch


def _account_hold(c: Council) -> Hold:
    """Return a hold on council `c`'s account (made once): the end-hold page's record."""
    return Hold.objects.filter(account=c.account).order_by("id").first() or Hold.objects.create(
        account=c.account,
        kind="DISPUTE",
        start_date=dt.date(2026, 4, 1),
        reason="Disputes the band",
        recorded_at=dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC),
    )


def _recovery_run(c: Council) -> recovery.RecoveryRun:
    return recovery.RecoveryRun.objects.create(
        authority=c.authority,
        run_date=dt.date(2026, 11, 2),
        status=recovery.RunStatus.AWAITING_APPROVAL,
        actions={"REMINDER": 3},
        started_at=timezone.now(),
    )


def _stream(c: Council) -> recovery.Stream:
    """Return council `c`'s current council tax stream (the defaults, installed once)."""
    install_default_streams(
        authority_id=c.authority.pk, actor=SYSTEM, at=dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    )
    return current_streams(authority_id=c.authority.pk)["COUNCIL_TAX"]


def _summons(c: Council) -> recovery.Stage:
    """Return the summons stage of council `c`'s current council tax stream."""
    return _stream(c).stages.get(code="SUMMONS")


def _run_awaiting_approval(c: Council) -> RecoveryRun:
    """Return a recovery run of council `c` awaiting approval (made once): the run pages."""
    return RecoveryRun.objects.filter(authority=c.authority).order_by(
        "id"
    ).first() or RecoveryRun.objects.create(
        authority=c.authority,
        run_date=dt.date(2026, 4, 1),
        status=RunStatus.AWAITING_APPROVAL,
        started_at=dt.datetime(2026, 4, 1, 6, 0, tzinfo=dt.UTC),
    )


def _run_href(c: Council) -> str:
    return reverse("web:recovery-run", kwargs={"run_id": _run_awaiting_approval(c).pk})


# --- The table ---------------------------------------------------------------------------------
# Add a row for every new URL. A record URL names how to build its kwargs from a Council; the
# page must then fetch the record through an access function that treats another council's
# record as missing (accounts.selectors.party_for_officer, account_for_officer, ...).

RECORD_URLS: dict[str, Callable[[Council], dict[str, int]]] = {
    "web:party": lambda c: {"party_id": c.party.pk},
    "web:account": lambda c: {"account_id": c.account.pk},
    "api-party-detail": lambda c: {"party_id": c.party.pk},
    "api-account-detail": lambda c: {"account_id": c.account.pk},
    "api-account-entry-list": lambda c: {"account_id": c.account.pk},
    "api-account-recovery": lambda c: {"account_id": c.account.pk},
    "api-entry-detail": lambda c: {"entry_id": c.entry.pk},
    "api-import-detail": lambda c: {"batch_id": c.batch.pk},
    # Confirm and discard act on POST; GET shows the preview. Both load the batch in dispatch,
    # before any method handler, so a GET proves the access check for the POST too.
    "web:import-batch": lambda c: {"batch_id": c.batch.pk},
    "web:import-confirm": lambda c: {"batch_id": c.batch.pk},
    "web:import-discard": lambda c: {"batch_id": c.batch.pk},
    # Recording a party's markers and details (party_changes): each GET shows the form after
    # the party (and marker) are found for the officer, and the POST goes through the same load.
    "web:party-marker-new": lambda c: {"party_id": c.party.pk},
    "web:party-marker-end": lambda c: {"party_id": c.party.pk, "marker_id": _open_marker(c).pk},
    "web:party-address-new": lambda c: {"party_id": c.party.pk},
    "web:party-contact-new": lambda c: {"party_id": c.party.pk},
    "web:party-alias-new": lambda c: {"party_id": c.party.pk},
    "web:party-link-new": lambda c: {"party_id": c.party.pk},
    "web:party-details-change": lambda c: {"party_id": c.party.pk},
    # Staff administration: an officer who sees only another council is not there. Deactivate,
    # reactivate and unlock act on POST; GET asks to confirm, after the same access check.
    "web:staff-officer": lambda c: {"officer_id": _colleague(c).pk},
    "web:staff-change": lambda c: {"officer_id": _colleague(c).pk},
    "web:staff-deactivate": lambda c: {"officer_id": _colleague(c).pk},
    "web:staff-reactivate": lambda c: {"officer_id": _colleague(c).pk},
    "web:staff-unlock": lambda c: {"officer_id": _colleague(c).pk},
    # Ledger actions (ledger_actions/): GET shows the form; the check and confirm POSTs go
    # through the same load of the account (and of the entry within it) in dispatch. Refund
    # answers 200 with "nothing to refund" when the account is not in credit.
    "web:record-payment": lambda c: {"account_id": c.account.pk},
    "web:post-charge": lambda c: {"account_id": c.account.pk},
    "web:write-off": lambda c: {"account_id": c.account.pk},
    "web:refund": lambda c: {"account_id": c.account.pk},
    "web:reverse-entry": lambda c: {"account_id": c.account.pk, "entry_id": c.entry.pk},
    # The party's statement as CSV (exports.py): found for the officer before the role check.
    "web:party-export": lambda c: {"party_id": c.party.pk},
    # After the liability order (interfaces/web/remedies/): each page loads the account, or the
    # order, for the officer in dispatch; a form's GET answers 200 with the checks' verdict.
    "web:account-remedies": lambda c: {"account_id": c.account.pk},
    "web:remedy-information-reply": lambda c: {"account_id": c.account.pk},
    "web:remedy-referral": lambda c: {"account_id": c.account.pk},
    "web:remedy-referral-outcome": lambda c: {
        "account_id": c.account.pk,
        "case_id": remedy_records.referral_record(c.account).pk,
    },
    "web:remedy-benefit-deduction": lambda c: {"account_id": c.account.pk},
    "web:remedy-benefit-deduction-end": lambda c: {
        "account_id": c.account.pk,
        "deduction_id": remedy_records.benefit_deduction_record(c.account, c.party).pk,
    },
    "web:remedy-charging-order": lambda c: {"account_id": c.account.pk},
    "web:remedy-bankruptcy": lambda c: {"account_id": c.account.pk},
    "web:remedy-committal": lambda c: {"account_id": c.account.pk},
    "web:remedy-hb-deduction": lambda c: {"account_id": c.account.pk},
    "web:remedy-dea": lambda c: {"account_id": c.account.pk},
    "web:aeo-new": lambda c: {"account_id": c.account.pk},
    "web:aeo": lambda c: {
        "order_id": remedy_records.attachment_order_record(c.account, c.party).pk
    },
    "web:aeo-payment": lambda c: {
        "order_id": remedy_records.attachment_order_record(c.account, c.party).pk
    },
    "web:aeo-cease": lambda c: {
        "order_id": remedy_records.attachment_order_record(c.account, c.party).pk
    },
    # The court (court/): the session, and the case within it, are found for the officer in
    # dispatch; recording outcomes acts on POST after the same load, and the CSV after it too.
    "web:court-session": lambda c: {"session_id": court_records(c.authority).session.pk},
    "web:court-complaint-csv": lambda c: {"session_id": court_records(c.authority).session.pk},
    "web:court-outcomes": lambda c: {"session_id": court_records(c.authority).session.pk},
    "web:court-outcome": lambda c: {
        "session_id": court_records(c.authority).session.pk,
        "case_id": court_records(c.authority).case.pk,
    },
    # Letters (web/letters/): a letter and a print batch are found for the officer in dispatch;
    # the PDFs, withdrawing and marking printed go through the same load (GET asks to confirm).
    "web:letter": lambda c: {"letter_id": _letter(c).pk},
    "web:letter-pdf": lambda c: {"letter_id": _letter(c).pk},
    "web:letter-withdraw": lambda c: {"letter_id": _letter(c).pk},
    "web:print-batch": lambda c: {"batch_id": _print_batch(c).pk},
    "web:print-batch-pdf": lambda c: {"batch_id": _print_batch(c).pk},
    "web:print-batch-printed": lambda c: {"batch_id": _print_batch(c).pk},
    # Holds on an account (recovery/holds.py): the account, and the hold within it, are loaded
    # for the officer in dispatch before the form is shown or a POST is read.
    "web:account-hold-new": lambda c: {"account_id": c.account.pk},
    "web:account-hold-end": lambda c: {"account_id": c.account.pk, "hold_id": _account_hold(c).pk},
    # A recovery run, and its approval (recovery/runs.py): found among the officer's councils'
    # runs in dispatch; approving acts on POST after the same load (GET shows the counts).
    "web:recovery-run": lambda c: {"run_id": _run_awaiting_approval(c).pk},
    "web:recovery-run-approve": lambda c: {"run_id": _run_awaiting_approval(c).pk},
    # Recovery streams (recovery/streams.py): the council, or the stream version and the stage
    # within it, are loaded for the officer in dispatch. Install, edit, change and add-cost act
    # on POST; each GET shows its form (or why not) after the same load.
    "web:streams-install": lambda c: {"authority_id": c.authority.pk},
    "web:stream": lambda c: {"stream_id": _stream(c).pk},
    "web:stream-edit": lambda c: {"stream_id": _stream(c).pk},
    "web:stream-stage-change": lambda c: {"stream_id": _stream(c).pk, "stage_id": _summons(c).pk},
    "web:stream-cost-add": lambda c: {"stream_id": _stream(c).pk, "stage_id": _summons(c).pk},
}

LIST_URLS: dict[str, Callable[[Council], list[Probe]]] = {
    # Recovery runs (recovery/runs.py): the list links the officer's councils' runs; preview and
    # start offer only the officer's own councils, and another council's code is not a choice.
    "web:recovery-runs": lambda c: [Probe({}, shows=[_run_href(c)])],
    "web:recovery-run-preview": lambda c: [
        Probe({}, shows=[c.authority.name]),
        Probe(
            {
                "authority": c.authority.code,
                "run_date-day": "1",
                "run_date-month": "4",
                "run_date-year": "2026",
            },
            shows=[f"What the run would do for {c.authority.name}"],
        ),
    ],
    "web:recovery-run-start": lambda c: [Probe({}, shows=[c.authority.name])],
    # The search page echoes the query, so each probe looks for what the query did not say.
    "web:home": lambda c: [
        Probe({"q": c.party.surname}, shows=[c.party.reference]),
        Probe({"q": c.party.reference}, shows=[c.party.surname]),
        Probe({"q": c.account.reference}, shows=[c.party.surname]),
    ],
    # Search results as CSV (exports.py); the file does not echo the query.
    "web:search-export": lambda c: [
        Probe({"q": c.party.surname}, shows=[c.party.reference]),
        Probe({"q": c.party.reference}, shows=[c.party.surname]),
        Probe({"q": c.account.reference}, shows=[c.party.surname]),
    ],
    # The trail shows each posting's account reference (ledger.charge.posted); filtered to
    # postings, since a council's other set-up events fill the first page.
    "web:audit": lambda c: [
        Probe({"action": "ledger.charge"}, shows=[c.account.reference]),
        Probe({"party": str(c.party.pk)}, shows=[c.party.surname]),
    ],
    "api-party-list": lambda c: [
        Probe({}, shows=[c.party.reference, c.party.surname]),
        Probe({"q": c.party.surname}, shows=[c.party.reference]),
        Probe({"q": c.account.reference}, shows=[c.party.surname]),
    ],
    "api-account-list": lambda c: [
        Probe({}, shows=[c.account.reference]),
        Probe({"party": str(c.party.pk)}, shows=[c.account.reference]),
    ],
    "api-import-list": lambda c: [Probe({}, shows=[c.batch.file_name])],
    "api-recovery-run-list": lambda c: [Probe({}, shows=[_recovery_run(c).authority.code])],
    # The upload page lists the latest batches of the officer's councils.
    "web:import-upload": lambda c: [Probe({}, shows=[c.batch.file_name])],
    # The staff list shows the officers of the administrator's councils, with those councils.
    "web:staff": lambda c: [Probe({}, shows=[_colleague(c).username, c.authority.name])],
    # The new-officer form offers the administrator's own councils, and no others.
    "web:staff-new": lambda c: [Probe({}, shows=[c.authority.name])],
    # The work queue lists the tasks of the officer's councils; asking for another council's
    # tasks by its id finds nothing.
    "web:work-queue": lambda c: [
        Probe({}, shows=[_breathing_space_today(c)]),
        Probe({"authority": str(c.authority.pk)}, shows=[_breathing_space_today(c)]),
    ],
    # Court sessions and the liability order register (page and CSV) of the officer's councils;
    # booking a session offers the officer's own councils only.
    "web:court-sessions": lambda c: [
        Probe({}, shows=[court_records(c.authority).session.court_name])
    ],
    "web:court-session-new": lambda c: [Probe({}, shows=[c.authority.name])],
    "web:liability-orders": lambda c: [
        Probe({}, shows=[court_records(c.authority).order_reference]),
        Probe({"debt_type": "COUNCIL_TAX"}, shows=[court_records(c.authority).order_reference]),
    ],
    "web:liability-orders-csv": lambda c: [
        Probe({}, shows=[court_records(c.authority).order_reference])
    ],
    # The document register lists the officer's councils' letters and batch keys awaiting
    # release; releasing finds the batch key among them (another council's answers 404).
    "web:letters": lambda c: [
        Probe({}, shows=[_letter(c).batch_key, c.account.reference]),
        Probe({"template": "REMINDER"}, shows=[c.account.reference]),
    ],
    "web:letters-release": lambda c: [
        Probe({"batch_key": _letter(c, "tenancy-waiting").batch_key}, shows=[c.authority.name])
    ],
    # The streams list names each of the officer's councils, with or without streams.
    "web:streams": lambda c: [Probe({}, shows=[c.authority.name])],
}

PUBLIC_URLS: dict[str, str] = {
    "healthz": "public health check; shows no records",
    "api-schema": "public OpenAPI document; describes the API, shows no records",
    "web:login": "the sign-in page; shows no records",
    "web:logout": "signing out; shows no records",
    "web:password-change": "the signed-in officer's own password; shows no council's records",
}


# --- Walking the URL map -----------------------------------------------------------------------


def _named_urls(
    patterns: list[URLPattern | URLResolver], namespace: str = "", prefix: str = ""
) -> Iterator[tuple[str, str]]:
    """Yield (name, route) for every URL pattern, through every include; unnamed ones too."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern.url_patterns, inner, route)
        else:
            yield (f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route}>"), route


def _client(*, role: Role, authorities: list[Authority]) -> Client:
    client = Client()
    client.force_login(factories.OfficerFactory(role=role.value, authorities=authorities))
    return client


@pytest.fixture
def council_a() -> Council:
    return _council(code="ALPHA", surname="Abernethy", tag="ALPHA")


@pytest.fixture
def council_b() -> Council:
    return _council(code="BETA", surname="Bannerman", tag="BETA")


class TestTenancy:
    def test_tenancy_table_covers_every_url(self):
        urls = dict(_named_urls(get_resolver().url_patterns))
        tables = [set(RECORD_URLS), set(LIST_URLS), set(PUBLIC_URLS)]

        missing = {
            name: route for name, route in urls.items() if not any(name in t for t in tables)
        }
        stale = set().union(*tables) - set(urls)
        twice = [name for name in urls if sum(name in t for t in tables) > 1]

        assert not missing, (
            "These URLs have no row in tests/functional/test_tenancy.py:\n"
            + "\n".join(f"  {name}  (/{route})" for name, route in sorted(missing.items()))
            + "\nEvery URL must say how another council's data is kept from an officer. Give the "
            "view an access check (fetch the record with accounts.selectors.party_for_officer / "
            "account_for_officer, or filter lists by staff.selectors.visible_authority_ids; "
            "raise Http404 / NotFound when it is not found) and add a row: RECORD_URLS for a "
            "URL naming one record (how to build its kwargs from a Council), LIST_URLS for a "
            "list or search (probes and the text that would leak), or PUBLIC_URLS with the "
            "reason it shows no records."
        )
        assert not stale, f"Rows for URLs that no longer exist; remove them: {sorted(stale)}"
        assert not twice, f"URLs in more than one table; keep one row each: {twice}"

    @pytest.mark.parametrize("role", list(Role))
    def test_tenancy_gives_404_for_every_record_of_another_council(
        self, role, council_a, council_b
    ):
        client = _client(role=role, authorities=[council_a.authority])

        urls = {
            name: reverse(name, kwargs=kwargs(council_b)) for name, kwargs in RECORD_URLS.items()
        }

        answers = {f"{name} {url}": client.get(url).status_code for name, url in urls.items()}

        wrong = {url: status for url, status in answers.items() if status != 404}
        assert not wrong, (
            f"A {role.value} of council A reached council B's records (status per URL; each must "
            f"be 404, exactly like a missing record): {wrong}"
        )

    @pytest.mark.parametrize("role", list(Role))
    def test_tenancy_keeps_another_councils_data_out_of_every_list(
        self, role, council_a, council_b
    ):
        client = _client(role=role, authorities=[council_a.authority])
        leaks = []

        for name, probes in LIST_URLS.items():
            for probe in probes(council_b):
                response = client.get(reverse(name), probe.params)
                content = response.content.decode()
                if response.status_code >= 500:
                    leaks.append(f"{name} {probe.params}: status {response.status_code}")
                leaks += [
                    f"{name} {probe.params}: shows {text!r}"
                    for text in probe.shows
                    if text in content
                ]

        assert not leaks, f"A {role.value} of council A saw council B's data: {leaks}"

    def test_tenancy_test_is_not_vacuous(self, council_a):
        clients = {role: _client(role=role, authorities=[council_a.authority]) for role in Role}
        unreached = []

        for name, kwargs in RECORD_URLS.items():
            url = reverse(name, kwargs=kwargs(council_a))
            statuses = {role.value: clients[role].get(url).status_code for role in Role}
            if 200 not in statuses.values():
                unreached.append(f"{url}: {statuses}")
        for name, probes in LIST_URLS.items():
            for probe in probes(council_a):
                if not any(
                    all(
                        text in clients[role].get(reverse(name), probe.params).content.decode()
                        for text in probe.shows
                    )
                    for role in Role
                ):
                    unreached.append(f"{name} {probe.params}: no role sees {probe.shows}")

        assert not unreached, (
            "Council A's own records must be reachable by at least one role, or the 404s above "
            f"prove nothing: {unreached}"
        )

    def test_tenancy_lets_a_shared_service_officer_see_both_councils(self, council_a, council_b):
        # Every role, since some pages need a permission only one role holds (staff pages need
        # the administrator's): a record is reached by at least one role and missing for none.
        clients = {
            role: _client(role=role, authorities=[council_a.authority, council_b.authority])
            for role in Role
        }

        statuses = {
            name: {
                role.value: client.get(reverse(name, kwargs=kwargs(council_b))).status_code
                for role, client in clients.items()
            }
            for name, kwargs in RECORD_URLS.items()
        }

        wrong = {
            name: answers
            for name, answers in statuses.items()
            if 200 not in answers.values() or 404 in answers.values()
        }
        assert not wrong, wrong
