"""
Wording of deductions from earnings: council tax attachment of earnings orders (CT Regs regs
37-42 and Schedule 4, RULES.md §2.6) and housing benefit Direct Earnings Attachment notices
(RULES.md §4.2).

Orders and notices to an employer are addressed to the employer (facts `employer_name` and
`employer_address`); they name the employee but never give the employee's address. The Welsh is a
draft that a Welsh translator must check before use (docs/letters.md).
"""

from arrears.letters.domain.context import LetterContext
from arrears.letters.domain.documents import Block, bullets, callout, figures, heading, para
from arrears.letters.domain.facts import Figures
from arrears.letters.domain.wording.local_taxes import CT_REGS


def _employee_rows(f: Figures, c: LetterContext) -> list[tuple[str, str]]:
    return [
        ("Employee", c.debtor_name),
        ("Our reference", c.account_reference),
        ("Amount to be recovered", f.money("amount_due")),
    ]


def _table_name(c: LetterContext) -> str:
    # RULES.md §2.6: Wales has its own table for orders made from 1 April 2022.
    if c.is_wales:
        return "the deduction table for Wales (Schedule 4, as amended in Wales from 1 April 2022)"
    return "the deduction table for England (Schedule 4, as amended from 1 April 2007)"


# --- Attachment of earnings order, to the employer ---------------------------------------------


def aeo_employer(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para(
            f"{c.authority_name} has a liability order against your employee, {c.debtor_name}, "
            f"for unpaid council tax. Under regulation 37 of {CT_REGS}, we order you to make "
            "deductions from their earnings and pay them to us."
        ),
        figures(*_employee_rows(f, c)),
        callout(
            "From the next pay day, take the amount worked out from the table enclosed from "
            "your employee's net earnings each pay day, until you have paid us "
            f"{f.money('amount_due')}."
        ),
        heading("How to work out the deduction"),
        bullets(
            "Net earnings are pay after income tax, Class 1 National Insurance and pension "
            "contributions.",
            "Use the table for the pay period: weekly, monthly or daily.",
            "Find the band that the whole of the net earnings falls in, and take that "
            "percentage of the whole of the net earnings.",
        ),
        heading("Paying us"),
        para(
            f"Pay the deductions to us, quoting our reference {c.account_reference}. You may "
            "also take £1 from your employee's earnings each time you make a deduction, to cover "
            "your costs."
        ),
        para(
            "If this person does not work for you, or stops working for you, tell us straight "
            "away. The law requires you to comply with this order."
        ),
        heading("Enclosed with this order"),
        bullets(_table_name(c)),
    ]


def aeo_employer_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        figures(
            ("Cyflogai", c.debtor_name),
            ("Ein cyfeirnod", c.account_reference),
            ("Swm i'w adennill", f.money("amount_due")),
        ),
        callout(
            "Tynnwch y swm a gyfrifir o'r tabl amgaeedig o enillion net eich cyflogai bob "
            f"diwrnod cyflog, nes eich bod wedi talu {f.money('amount_due')} i ni."
        ),
    ]


def aeo_basis(c: LetterContext) -> str:
    return (
        f"Attachment of earnings order under regulations 37 to 42 of, and Schedule 4 to, {CT_REGS}."
    )


# --- Attachment of earnings order, notice to the debtor ----------------------------------------


def aeo_debtor(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para(
            "You have not paid your council tax, so we have sent your employer, "
            f"{f.text('employer_name')}, an attachment of earnings order."
        ),
        figures(
            ("Your employer", f.text("employer_name")),
            ("Amount to be recovered", f.money("amount_due")),
        ),
        para(
            "Your employer must now take money from your pay each pay day and send it to us, "
            f"until {f.money('amount_due')} is paid. The amount depends on how much you earn and "
            "is set by law. Your employer may also take £1 each time to cover their costs."
        ),
        callout("If you leave this job or start a new one, tell us straight away."),
        para(
            "If the deductions leave you unable to pay for essentials such as rent, food and "
            "energy, contact us. We may be able to agree another way for you to pay."
        ),
    ]


def aeo_debtor_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para(
            "Rydym wedi anfon gorchymyn atafaelu enillion at eich cyflogwr, "
            f"{f.text('employer_name')}. Bydd eich cyflogwr yn tynnu arian o'ch cyflog nes bod "
            f"{f.money('amount_due')} wedi'i dalu."
        ),
        callout(
            "Os byddwch yn gadael y swydd hon neu'n dechrau swydd newydd, rhowch wybod i ni ar "
            "unwaith."
        ),
    ]


# --- Direct Earnings Attachment (housing benefit overpayments, RULES.md §4.2) ------------------


def dea_employer(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para(
            f"Your employee, {c.debtor_name}, has been overpaid housing benefit. We are asking "
            "you to deduct money from their earnings and pay it to us (a Direct Earnings "
            "Attachment). No court order is needed for this."
        ),
        figures(*_employee_rows(f, c)),
        callout(
            "Each pay day, take the percentage shown in the table enclosed from your employee's "
            f"net earnings, until you have paid us {f.money('amount_due')}."
        ),
        heading("How to work out the deduction"),
        bullets(
            "Net earnings are pay after income tax, National Insurance and pension contributions.",
            "Find the band that the whole of the net earnings falls in, and take that "
            "percentage of the whole of the net earnings.",
            "This deduction and any other attachments you make must not add up to more than 40% "
            "of net earnings.",
            "You may take £1 each time you make a deduction, to cover your costs.",
        ),
        para(
            "If you employ fewer than 10 people, you do not have to make these deductions: "
            "tell us, and we will recover the overpayment another way."
        ),
        para(
            "If this person does not work for you, or stops working for you, tell us straight away."
        ),
        heading("Enclosed with this notice"),
        bullets("the Direct Earnings Attachment deduction table"),
    ]


def dea_employer_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        figures(
            ("Cyflogai", c.debtor_name),
            ("Ein cyfeirnod", c.account_reference),
            ("Swm i'w adennill", f.money("amount_due")),
        ),
        callout(
            "Tynnwch y ganran yn y tabl amgaeedig o enillion net eich cyflogai bob diwrnod "
            f"cyflog, nes eich bod wedi talu {f.money('amount_due')} i ni."
        ),
    ]


def dea_basis(c: LetterContext) -> str:
    return (
        "Direct Earnings Attachment under the Social Security Administration Act 1992 and the "
        "Social Security (Overpayments and Recovery) Regulations 2013."
    )
