"""
Checking a letter request and composing the letter's text (plain Python, no database).

`check_request` runs when a letter is created, so a letter that could not be printed properly is
refused then, naming the letter and the fact; `compose_letter` runs whenever the letter is
printed, from the facts stored with it, so a letter prints the same every time.
"""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from arrears.letters.domain.catalogue import LETTER_TEMPLATES, LetterTemplate, Recipient
from arrears.letters.domain.context import WALES, LetterContext
from arrears.letters.domain.documents import LetterDocument, Section, para
from arrears.letters.domain.facts import BadFact, Figures, date_cy, date_en, read_facts
from arrears.letters.domain.wording import closing, parking

ENGLISH = "EN"
WELSH = "CY"  # a bilingual letter: Welsh first, then English


class UnknownTemplate(ValueError):
    """No letter has this code."""


class WrongDebtType(ValueError):
    """This letter cannot be sent for this kind of debt (for example an attachment of earnings
    order for business rates, RULES.md §2.12)."""


def template_for(code: str) -> LetterTemplate:
    """
    Return the template with letter code `code`.

    :raises UnknownTemplate: if there is none.
    """
    try:
        return LETTER_TEMPLATES[code]
    except KeyError as error:
        raise UnknownTemplate(f"There is no letter called {code!r}.") from error


def letter_language(*, preferred_language: str, nation: str) -> str:
    """Return "CY" (bilingual Welsh and English) for a Welsh speaker or a council in Wales."""
    return WELSH if preferred_language == WELSH or nation == WALES else ENGLISH


def check_request(
    *, code: str, facts: Mapping[str, str], issue_date: dt.date, debt_type: str
) -> dict[str, str]:
    """
    Return the facts to store with a new letter, checked and normalised.

    Fills the increased penalty of a notice to owner when not given (RULES.md §3: half as much
    again). Checks the dates the letter gives are not earlier than the law allows.

    :raises UnknownTemplate: if `code` names no letter.
    :raises WrongDebtType: if the letter is not for this kind of debt.
    :raises MissingFact: if a fact the letter needs is missing or blank.
    :raises BadFact: if a fact cannot be read, or a date is too early.
    """
    template = template_for(code)
    if template.debt_types is not None and debt_type not in template.debt_types:
        raise WrongDebtType(
            f"The {code} letter cannot be sent for a {debt_type.replace('_', ' ').lower()} debt."
        )
    checked = read_facts(template=code, required=template.required, facts=facts)
    if code == "PCN_NOTICE_TO_OWNER" and "increased_amount" not in checked:
        increased = parking.charge_certificate_amount(Decimal(checked["penalty_amount"]))
        checked["increased_amount"] = f"{increased:.2f}"
    for name, days in template.minimum_days:
        if name not in checked:
            continue
        earliest = issue_date + dt.timedelta(days=days)
        if dt.date.fromisoformat(checked[name]) < earliest:
            raise BadFact(
                template=code,
                fact=name,
                message=f"The {code} letter cannot give {name} {checked[name]}: the earliest "
                f"date the law allows for a letter issued on {issue_date.isoformat()} is "
                f"{earliest.isoformat()} ({template.rule}).",
            )
    return checked


def compose_letter(
    *,
    code: str,
    facts: Mapping[str, str],
    language: str,
    context: LetterContext,
    letter_number: str,
    recipient_name: str,
    address_lines: tuple[str, ...],
    is_confidential_address: bool = False,
) -> LetterDocument:
    """Return the whole text of a letter, from its stored (already checked) facts."""
    template = template_for(code)
    figures = Figures(facts)
    if template.recipient == Recipient.EMPLOYER:
        ending, ending_cy = closing.employer_closing, closing.employer_closing_cy
    else:
        ending, ending_cy = closing.closing, closing.closing_cy
    english = Section(
        language="en",
        title=_title(template.title, figures),
        blocks=tuple(template.english(figures, context) + ending(figures, context)),
    )
    issued = context.issue_date
    if language == WELSH:
        welsh = Section(
            language="cy",
            title=template.title_cy,
            blocks=(
                para("Mae fersiwn Saesneg o'r llythyr hwn yn dilyn. An English version follows."),
                *template.welsh(figures, context),
                *ending_cy(figures, context),
            ),
        )
        sections: tuple[Section, ...] = (welsh, english)
        references: tuple[tuple[str, str], ...] = (
            ("Dyddiad", date_cy(issued)),
            ("Date", date_en(issued)),
            ("Cyfeirnod / Reference", context.account_reference),
        )
    else:
        sections = (english,)
        references = (("Date", date_en(issued)), ("Reference", context.account_reference))
    return LetterDocument(
        letter_number=letter_number,
        sender_name=context.authority_name,
        sender_lines=closing.contact_lines(figures, context),
        recipient_name=recipient_name,
        address_lines=address_lines,
        reference_rows=references,
        sections=sections,
        legal_basis=template.legal_basis(context),
        is_confidential_address=is_confidential_address,
    )


def _title(title: str, figures: Figures) -> str:
    if figures.has("debt_label"):
        return f"{title}: {figures.text('debt_label')}"
    return title
