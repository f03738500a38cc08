"""
The document register (docs/letters.md): letters, releasing them to print, print batches.

Viewing needs `VIEW_LETTERS`; releasing a batch key, withdrawing a letter, downloading a whole
print batch and marking it printed need `RELEASE_LETTERS` (team leaders and managers). A letter
or batch reaches an officer only through `letters.selectors.letter_for_officer` and
`batch_for_officer`, and a batch key only through `batch_key_is_visible`, so another council's
answers 404 for every role, before the role is asked about. Every list shows "Confidential
address" in place of a withheld address; the PDF of a letter to a confidential address (which
must carry it, to be posted) downloads only for officers who may release letters.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from arrears.interfaces.web import access
from arrears.interfaces.web.letters import forms
from arrears.interfaces.web.views import Page
from arrears.kernel import clock
from arrears.kernel.money import format_pounds
from arrears.letters import selectors, services
from arrears.letters.domain.facts import FACT_KINDS, FactKind, date_en
from arrears.letters.models import BatchStatus, Letter, LetterStatus, PrintBatch
from arrears.staff import selectors as staff_selectors
from arrears.staff.domain.policy import Permission

REGISTER_URL_NAME = "web:letters"
PAGE_SIZE = 50


def _can_release(officer: Any) -> bool:
    return staff_selectors.officer_can(officer=officer, permission=Permission.RELEASE_LETTERS)


def _pdf(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Letters carry names and addresses: never kept in a shared cache or the browser's.
    response["Cache-Control"] = "no-store"
    return response


def _paged(request: HttpRequest, letters: Any, params: dict[str, Any]) -> dict[str, Any]:
    paginator = Paginator(letters, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))

    def href(number: int) -> str:
        query = {key: value for key, value in params.items() if value} | {"page": number}
        return "?" + urlencode(query)

    return {
        "rows": selectors.register_rows(page.object_list),
        "letter_count": paginator.count,
        "page_number": page.number,
        "page_count": paginator.num_pages,
        "previous_href": href(page.previous_page_number()) if page.has_previous() else "",
        "next_href": href(page.next_page_number()) if page.has_next() else "",
    }


class LettersPage(Page):
    """A letters page: the navigation marks "Letters" as the current section."""

    url_name = REGISTER_URL_NAME


class Register(LettersPage):
    """Every letter of the officer's councils, filtered; batch keys awaiting release."""

    permission = Permission.VIEW_LETTERS
    template_name = "letters/register.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        authority_ids = staff_selectors.visible_authority_ids(officer=self.officer)
        form = forms.RegisterFilter(self.request.GET or None)
        filters: dict[str, Any] = {}
        if form.is_bound and form.is_valid():
            filters = {name: value for name, value in form.cleaned_data.items() if value}
        letters = selectors.register(authority_ids=authority_ids, **filters)
        params = {name: self.request.GET.get(name, "") for name in form.fields}
        context.update(_paged(self.request, letters, params))
        context.update(
            form=form,
            is_filtered=bool(filters),
            awaiting=selectors.awaiting_release(authority_ids=authority_ids),
            batches=selectors.recent_batches(authority_ids=authority_ids),
            can_release=_can_release(self.officer),
        )
        return context


class LetterMixin(access.PermissionRequired):
    """A page about one letter, found for the officer in `load`."""

    letter: Letter

    def load(self) -> None:
        try:
            self.letter = selectors.letter_for_officer(
                officer=self.officer, letter_id=self.kwargs["letter_id"]
            )
        except Letter.DoesNotExist as error:
            raise Http404("No such letter") from error


def _fact_rows(letter: Letter) -> list[tuple[str, str]]:
    """Return the letter's facts for people, leaving out where it was sent (shown apart)."""
    rows = []
    for name, value in letter.facts.items():
        kind = FACT_KINDS.get(name, FactKind.TEXT)
        if name == "employer_address":
            continue
        if kind == FactKind.MONEY:
            shown = format_pounds(Decimal(value))
        elif kind == FactKind.DATE:
            shown = date_en(dt.date.fromisoformat(value))
        else:
            shown = value
        rows.append((name.replace("_", " ").capitalize(), shown))
    return rows


class LetterDetail(LetterMixin, LettersPage):
    """One letter: what it is, who it is to, where it stands; download its PDF."""

    permission = Permission.VIEW_LETTERS
    template_name = "letters/letter.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        [row] = selectors.register_rows([self.letter])
        can_release = _can_release(self.officer)
        context.update(
            row=row,
            letter=self.letter,
            facts=_fact_rows(self.letter),
            can_download=can_release or not self.letter.is_confidential_address,
            can_withdraw=can_release
            and self.letter.status in (LetterStatus.AWAITING_RELEASE, LetterStatus.RELEASED),
        )
        return context


class LetterPdf(LetterMixin):
    """Download one letter as a PDF (audited). A letter to a confidential address downloads
    only for officers who may release letters: its PDF has to show the address."""

    permission = Permission.VIEW_LETTERS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.letter.is_confidential_address and not _can_release(self.officer):
            raise PermissionDenied(Permission.RELEASE_LETTERS.value)
        content = services.letter_pdf(letter=self.letter, actor=self.actor)
        return _pdf(content, filename=f"letter-{self.letter.pk}.pdf")


class LetterWithdraw(LetterMixin, LettersPage):
    """Withdraw a letter before it is printed, with the reason (audited)."""

    permission = Permission.RELEASE_LETTERS
    template_name = "letters/withdraw.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        [context["row"]] = selectors.register_rows([self.letter])
        context.setdefault("form", forms.Withdraw())
        context["can_withdraw"] = self.letter.status in (
            LetterStatus.AWAITING_RELEASE,
            LetterStatus.RELEASED,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = forms.Withdraw(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        count = services.withdraw_letters(
            letter_ids=[self.letter.pk], actor=self.actor, reason=form.cleaned_data["reason"]
        )
        if count:
            messages.success(request, f"Letter {self.letter.pk} has been withdrawn")
        else:
            messages.info(request, f"Letter {self.letter.pk} was already printed or withdrawn")
        return HttpResponseRedirect(reverse("web:letter", kwargs={"letter_id": self.letter.pk}))


class ReleaseBatch(LettersPage):
    """Release the letters awaiting release under one batch key into a print batch."""

    permission = Permission.RELEASE_LETTERS
    template_name = "letters/release.html"

    def load(self) -> None:
        self.batch_key = (self.request.POST or self.request.GET).get("batch_key", "")
        if not self.batch_key or not selectors.batch_key_is_visible(
            officer=self.officer, batch_key=self.batch_key
        ):
            raise Http404("No letters await release under that batch key")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        authority_ids = staff_selectors.visible_authority_ids(officer=self.officer)
        context["waiting"] = next(
            w
            for w in selectors.awaiting_release(authority_ids=authority_ids)
            if w.batch_key == self.batch_key
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        batch = services.release_letters(
            batch_key=self.batch_key, actor=self.actor, released_on=clock.today()
        )
        if batch is None:
            messages.info(
                request,
                "No letters were released: every letter was withdrawn because the person is in "
                "a Breathing Space",
            )
            return HttpResponseRedirect(reverse(REGISTER_URL_NAME))
        messages.success(
            request, f"{batch.letter_count} letter{'s' if batch.letter_count != 1 else ''} released"
        )
        return HttpResponseRedirect(reverse("web:print-batch", kwargs={"batch_id": batch.pk}))


class BatchMixin(access.PermissionRequired):
    """A page about one print batch, found for the officer in `load`."""

    batch: PrintBatch

    def load(self) -> None:
        try:
            self.batch = selectors.batch_for_officer(
                officer=self.officer, batch_id=self.kwargs["batch_id"]
            )
        except PrintBatch.DoesNotExist as error:
            raise Http404("No such print batch") from error


class BatchDetail(BatchMixin, LettersPage):
    """A print batch: its figures and letters; download the PDF, mark it printed."""

    permission = Permission.VIEW_LETTERS
    template_name = "letters/batch.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        authority_ids = staff_selectors.visible_authority_ids(officer=self.officer)
        letters = selectors.register(authority_ids=authority_ids, print_batch_id=self.batch.pk)
        context.update(_paged(self.request, letters, {}))
        context.update(
            batch=self.batch,
            is_printed=self.batch.status == BatchStatus.PRINTED,
            can_release=_can_release(self.officer),
        )
        return context


class BatchPdf(BatchMixin):
    """Download the batch's PDF for the printer (audited); rendered on first download."""

    permission = Permission.RELEASE_LETTERS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        content = services.print_batch_pdf(batch=self.batch, actor=self.actor)
        return _pdf(content, filename=f"print-batch-{self.batch.pk}.pdf")


class BatchPrinted(BatchMixin, LettersPage):
    """Mark a print batch printed once the print room has printed it (audited)."""

    permission = Permission.RELEASE_LETTERS
    template_name = "letters/printed.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["batch"] = self.batch
        context["is_printed"] = self.batch.status == BatchStatus.PRINTED
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.mark_batch_printed(batch=self.batch, actor=self.actor)
        except services.BatchNotRendered:
            context = self.get_context_data(
                error="Download the batch for printing before you mark it printed"
            )
            return self.render_to_response(context, status=400)
        except services.BatchAlreadyPrinted:
            pass
        else:
            messages.success(request, f"Print batch {self.batch.pk} marked as printed")
        return HttpResponseRedirect(reverse("web:print-batch", kwargs={"batch_id": self.batch.pk}))
