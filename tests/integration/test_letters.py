"""The document register: creating, releasing, withdrawing and printing letters."""

import datetime as dt
import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from arrears.accounts.models import AddressKind
from arrears.audit.models import AuditEvent
from arrears.audit.services import Actor
from arrears.letters import rendering, selectors, services
from arrears.letters.domain.facts import MissingFact
from arrears.letters.models import BatchStatus, Letter, LetterStatus, PrintFile
from tests import factories

pytestmark = pytest.mark.django_db

ISSUE_DATE = dt.date(2026, 12, 1)
FACTS = {
    "debt_label": "Council tax 2026/27",
    "amount_due": "312.00",
    "pay_by_date": "2026-12-07",
    "balance": "1450.50",
}


@pytest.fixture
def actor(officer_a):
    return Actor(officer_id=officer_a.pk, ip_address="127.0.0.1", channel="web")


def _debtor(authority, *, surname="Smith", language="EN", address=True):
    party = factories.PartyFactory(
        authority=authority, surname=surname, preferred_language=language
    )
    if address:
        factories.AddressFactory(party=party, line_1="1 High Street", postcode="KT1 1EU")
    account = factories.DebtAccountFactory(authority=authority, parties=[party])
    return party, account


def _request(party, account, *, template="REMINDER", facts=None, source="recovery-action:1"):
    return services.LetterRequest(
        authority_id=account.authority_id,
        account_id=account.pk,
        party_id=party.pk,
        template=template,
        issue_date=ISSUE_DATE,
        facts=FACTS if facts is None else facts,
        source=source,
    )


def _pages_of(letter_ids):
    """Return the pages each letter prints on its own."""
    return [
        rendering.render(
            items=[services.letter_document(Letter.objects.get(pk=letter_id))],
            timestamp=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
        ).page_count
        for letter_id in letter_ids
    ]


class TestCreateLetters:
    def test_create_letters_snapshots_the_recipient_and_returns_ids_in_order(self, authority_a):
        first, first_account = _debtor(authority_a, surname="Abbott")
        second, second_account = _debtor(authority_a, surname="Barker")
        factories.AddressFactory(
            party=second, kind=AddressKind.CORRESPONDENCE, line_1="PO Box 12", postcode="KT2 5AA"
        )

        ids = services.create_letters(
            requests=[_request(second, second_account), _request(first, first_account)],
            batch_key="run:2026-12-01",
        )

        letters = {letter.pk: letter for letter in Letter.objects.filter(pk__in=ids)}
        assert [letters[i].party_id for i in ids] == [second.pk, first.pk]
        assert letters[ids[0]].address_lines == ["PO Box 12", "Kingston upon Thames", "KT2 5AA"]
        assert letters[ids[1]].recipient_name == first.display_name
        assert letters[ids[1]].status == LetterStatus.AWAITING_RELEASE
        assert letters[ids[1]].facts["authority_name"] == authority_a.name
        assert letters[ids[1]].facts["account_reference"] == first_account.reference

    def test_create_letters_uses_a_fixed_number_of_queries(self, authority_a):
        few = [_request(*_debtor(authority_a)) for _ in range(2)]
        many = [_request(*_debtor(authority_a)) for _ in range(25)]

        with CaptureQueriesContext(connection) as few_queries:
            services.create_letters(requests=few, batch_key="few")
        with CaptureQueriesContext(connection) as many_queries:
            services.create_letters(requests=many, batch_key="many")

        assert len(many_queries) == len(few_queries)

    def test_create_letters_stays_within_its_query_budget(
        self, authority_a, django_assert_max_num_queries
    ):
        requests = [_request(*_debtor(authority_a)) for _ in range(40)]

        with django_assert_max_num_queries(10):
            ids = services.create_letters(requests=requests, batch_key="budget")

        assert len(ids) == 40

    def test_create_letters_refuses_a_missing_fact_and_creates_nothing(self, authority_a):
        good = _request(*_debtor(authority_a))
        bad = _request(*_debtor(authority_a), template="SUMMONS")

        with pytest.raises(MissingFact, match="SUMMONS letter needs costs"):
            services.create_letters(requests=[good, bad], batch_key="refused")

        assert not Letter.objects.filter(batch_key="refused").exists()

    def test_create_letters_refuses_a_party_not_on_the_account(self, authority_a):
        party, _ = _debtor(authority_a)
        _, other_account = _debtor(authority_a)

        with pytest.raises(services.LetterRecordsNotFound):
            services.create_letters(requests=[_request(party, other_account)], batch_key="k")

    def test_create_letters_refuses_another_councils_account(self, authority_a, authority_b):
        party, account = _debtor(authority_b)
        request = _request(party, account)
        wrong = services.LetterRequest(**{**request.__dict__, "authority_id": authority_a.pk})

        with pytest.raises(services.LetterRecordsNotFound):
            services.create_letters(requests=[wrong], batch_key="k")

    def test_create_letters_refuses_contact_in_a_breathing_space(self, authority_a):
        party, account = _debtor(authority_a)
        factories.MarkerFactory(
            party=party, kind="BREATHING_SPACE", category="STANDARD", start_date=ISSUE_DATE
        )

        with pytest.raises(services.ContactNotAllowed, match="§5.2"):
            services.create_letters(requests=[_request(party, account)], batch_key="k")

    def test_create_letters_refuses_a_debtor_without_an_address(self, authority_a):
        party, account = _debtor(authority_a, address=False)

        with pytest.raises(services.NoPostalAddress):
            services.create_letters(requests=[_request(party, account)], batch_key="k")

    def test_create_letters_keeps_a_batch_key_to_one_council(self, authority_a, authority_b):
        services.create_letters(requests=[_request(*_debtor(authority_a))], batch_key="shared")

        with pytest.raises(services.BatchKeyInUse):
            services.create_letters(requests=[_request(*_debtor(authority_b))], batch_key="shared")

    def test_create_letters_flags_a_confidential_address_but_keeps_it_for_posting(
        self, authority_a
    ):
        party, account = _debtor(authority_a)
        factories.MarkerFactory(party=party, kind="CONFIDENTIAL_ADDRESS", category="")

        [letter_id] = services.create_letters(requests=[_request(party, account)], batch_key="k")

        letter = Letter.objects.select_related("account").get(pk=letter_id)
        assert letter.is_confidential_address
        assert letter.address_lines[0] == "1 High Street"
        [row] = selectors.register_rows([letter])
        assert row.address == "Confidential address"
        assert "High Street" not in str(row)

    def test_create_letters_sends_an_employer_letter_to_the_employer(self, authority_a):
        party, account = _debtor(authority_a)
        factories.MarkerFactory(party=party, kind="CONFIDENTIAL_ADDRESS", category="")
        facts = {
            "employer_name": "Acme Widgets Ltd",
            "employer_address": "1 Works Road\nSurbiton\nKT6 4AA",
            "amount_due": "812.40",
        }

        [letter_id] = services.create_letters(
            requests=[_request(party, account, template="AEO_EMPLOYER_ORDER", facts=facts)],
            batch_key="k",
        )

        letter = Letter.objects.get(pk=letter_id)
        assert letter.recipient_name == "Acme Widgets Ltd"
        assert letter.address_lines == ["1 Works Road", "Surbiton", "KT6 4AA"]
        assert not letter.is_confidential_address
        assert letter.party_name == party.display_name

    @pytest.mark.parametrize(
        ("preferred", "nation", "language"),
        [("EN", "ENG", "EN"), ("CY", "ENG", "CY"), ("EN", "WLS", "CY")],
    )
    def test_create_letters_writes_welsh_speakers_and_welsh_councils_bilingual_letters(
        self, preferred, nation, language
    ):
        authority = factories.AuthorityFactory(nation=nation)

        [letter_id] = services.create_letters(
            requests=[_request(*_debtor(authority, language=preferred))], batch_key="k"
        )

        letter = Letter.objects.get(pk=letter_id)
        assert letter.language == language
        document = services.letter_document(letter)
        assert [s.language for s in document.sections] == (
            ["cy", "en"] if language == "CY" else ["en"]
        )


class TestReleaseLetters:
    def test_release_letters_puts_every_waiting_letter_in_one_audited_batch(
        self, authority_a, actor
    ):
        ids = services.create_letters(
            requests=[_request(*_debtor(authority_a)) for _ in range(3)], batch_key="run-1"
        )

        batch = services.release_letters(batch_key="run-1", actor=actor, released_on=ISSUE_DATE)

        assert batch is not None
        assert batch.letter_count == 3
        assert batch.released_by_id == actor.officer_id
        statuses = set(Letter.objects.filter(pk__in=ids).values_list("status", "print_batch"))
        assert statuses == {(LetterStatus.RELEASED, batch.pk)}
        events = AuditEvent.objects.filter(action__startswith="letters.")
        assert events.filter(action="letters.batch.released", object_id=str(batch.pk)).exists()
        assert events.filter(action="letters.letter.released").count() == 3
        assert services.release_letters(batch_key="run-1", actor=actor, released_on=ISSUE_DATE) is (
            None
        )

    def test_release_letters_withdraws_a_letter_whose_party_entered_a_breathing_space(
        self, authority_a, actor
    ):
        held_party, held_account = _debtor(authority_a)
        ids = services.create_letters(
            requests=[_request(held_party, held_account), _request(*_debtor(authority_a))],
            batch_key="run-2",
        )
        factories.MarkerFactory(
            party=held_party,
            kind="BREATHING_SPACE",
            category="STANDARD",
            start_date=dt.date(2026, 12, 2),
        )

        batch = services.release_letters(
            batch_key="run-2", actor=actor, released_on=dt.date(2026, 12, 2)
        )

        held = Letter.objects.get(pk=ids[0])
        assert held.status == LetterStatus.WITHDRAWN
        assert "Breathing Space" in held.withdrawn_reason
        assert batch is not None
        assert batch.letter_count == 1
        assert AuditEvent.objects.filter(
            action="letters.letter.withdrawn", object_id=str(ids[0]), party_id=held_party.pk
        ).exists()


class TestWithdrawLetters:
    def test_withdraw_letters_needs_a_reason(self, authority_a, actor):
        ids = services.create_letters(requests=[_request(*_debtor(authority_a))], batch_key="w")

        with pytest.raises(services.ReasonRequired):
            services.withdraw_letters(letter_ids=ids, actor=actor, reason="   ")

    def test_withdraw_letters_leaves_printed_letters_alone(self, authority_a, actor):
        printed = services.create_letters(requests=[_request(*_debtor(authority_a))], batch_key="p")
        batch = services.release_letters(batch_key="p", actor=actor, released_on=ISSUE_DATE)
        services.render_print_batch(batch=batch)
        services.mark_batch_printed(batch=batch, actor=actor)
        waiting = services.create_letters(requests=[_request(*_debtor(authority_a))], batch_key="q")

        count = services.withdraw_letters(
            letter_ids=printed + waiting, actor=actor, reason="Breathing Space started"
        )

        assert count == 1
        assert Letter.objects.get(pk=printed[0]).status == LetterStatus.PRINTED
        assert Letter.objects.get(pk=waiting[0]).status == LetterStatus.WITHDRAWN
        event = AuditEvent.objects.get(action="letters.letter.withdrawn")
        assert event.detail["reason"] == "Breathing Space started"

    def test_withdraw_letters_takes_a_letter_out_of_a_rendered_batch(self, authority_a, actor):
        ids = services.create_letters(
            requests=[_request(*_debtor(authority_a)) for _ in range(2)], batch_key="r"
        )
        batch = services.release_letters(batch_key="r", actor=actor, released_on=ISSUE_DATE)
        before = services.render_print_batch(batch=batch)

        services.withdraw_letters(letter_ids=ids[:1], actor=actor, reason="Paid in full")

        batch.refresh_from_db()
        assert batch.letter_count == 1
        assert batch.file_sha256 == ""
        assert not PrintFile.objects.filter(batch=batch).exists()
        after = services.render_print_batch(batch=batch)
        assert rendering.count_pages(after) == _pages_of(ids[1:])[0]
        assert rendering.count_pages(before) == sum(_pages_of(ids))


class TestRenderPrintBatch:
    def test_render_print_batch_prints_every_letter_confidential_ones_last(
        self, authority_a, actor
    ):
        confidential_party, confidential_account = _debtor(authority_a, surname="Quiet")
        factories.MarkerFactory(party=confidential_party, kind="CONFIDENTIAL_ADDRESS", category="")
        welsh = _debtor(authority_a, language="CY")
        ids = services.create_letters(
            requests=[
                _request(confidential_party, confidential_account),
                _request(*welsh),
                _request(*_debtor(authority_a)),
            ],
            batch_key="print",
        )
        batch = services.release_letters(batch_key="print", actor=actor, released_on=ISSUE_DATE)

        pdf = services.render_print_batch(batch=batch)

        batch.refresh_from_db()
        assert pdf.startswith(b"%PDF")
        # Every letter's own pages, plus the cover sheet of the confidential stream.
        assert rendering.count_pages(pdf) == sum(_pages_of(ids)) + 1 == batch.page_count
        assert batch.file_sha256 == hashlib.sha256(pdf).hexdigest()
        assert batch.file_size == len(pdf)
        assert batch.engine == "TYPST"
        assert batch.confidential_count == 1
        # The bilingual letter is longer than the English one.
        pages = _pages_of(ids)
        assert pages[1] > pages[2]

    def test_render_print_batch_keeps_the_printed_file(self, authority_a, actor):
        services.create_letters(requests=[_request(*_debtor(authority_a))], batch_key="kept")
        batch = services.release_letters(batch_key="kept", actor=actor, released_on=ISSUE_DATE)
        with pytest.raises(services.BatchNotRendered):
            services.mark_batch_printed(batch=batch, actor=actor)

        downloaded = services.print_batch_pdf(batch=batch, actor=actor)
        services.mark_batch_printed(batch=batch, actor=actor)
        batch.refresh_from_db()

        assert batch.status == BatchStatus.PRINTED
        assert services.render_print_batch(batch=batch) == downloaded
        assert set(Letter.objects.filter(print_batch=batch).values_list("status", flat=True)) == {
            LetterStatus.PRINTED
        }
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        assert {"letters.batch.downloaded", "letters.batch.printed"} <= actions
        with pytest.raises(services.BatchAlreadyPrinted):
            services.mark_batch_printed(batch=batch, actor=actor)

    def test_render_print_batch_can_use_weasyprint(self, authority_a, actor):
        services.create_letters(requests=[_request(*_debtor(authority_a))], batch_key="weasy")
        batch = services.release_letters(batch_key="weasy", actor=actor, released_on=ISSUE_DATE)

        pdf = services.render_print_batch(batch=batch, engine="WEASYPRINT")

        batch.refresh_from_db()
        assert pdf.startswith(b"%PDF")
        assert batch.engine == "WEASYPRINT"
        assert batch.page_count >= 1


class TestLetterPdf:
    def test_letter_pdf_is_audited(self, authority_a, actor):
        party, account = _debtor(authority_a)
        [letter_id] = services.create_letters(requests=[_request(party, account)], batch_key="one")

        pdf = services.letter_pdf(letter=Letter.objects.get(pk=letter_id), actor=actor)

        assert pdf.startswith(b"%PDF")
        event = AuditEvent.objects.get(action="letters.letter.downloaded")
        assert event.party_id == party.pk
        assert event.detail["sha256"] == hashlib.sha256(pdf).hexdigest()


class TestRegister:
    def test_register_filters_by_date_template_and_status(self, authority_a, authority_b):
        services.create_letters(requests=[_request(*_debtor(authority_a))], batch_key="a")
        summons_facts = {
            **FACTS,
            "costs": "70.00",
            "hearing_date": "2027-01-20",
            "hearing_time": "10:00",
            "court_name": "Kingston Magistrates' Court",
        }
        services.create_letters(
            requests=[_request(*_debtor(authority_a), template="SUMMONS", facts=summons_facts)],
            batch_key="b",
        )
        services.create_letters(requests=[_request(*_debtor(authority_b))], batch_key="c")

        mine = selectors.register(authority_ids=[authority_a.pk])
        summonses = selectors.register(authority_ids=[authority_a.pk], template="SUMMONS")
        later = selectors.register(authority_ids=[authority_a.pk], date_from=dt.date(2026, 12, 2))

        assert mine.count() == 2
        assert [letter.template for letter in summonses] == ["SUMMONS"]
        assert not later.exists()
        waiting = selectors.awaiting_release(authority_ids=[authority_a.pk])
        assert sorted(w.batch_key for w in waiting) == ["a", "b"]
