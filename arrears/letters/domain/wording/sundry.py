"""
Wording of sundry debt letters: invoice reminders, housing benefit overpayments (RULES.md §4) and
the Pre-Action Protocol letter of claim (RULES.md §8.1).

The Welsh is a draft that a Welsh translator must check before use (docs/letters.md).
"""

from arrears.letters.domain.context import LetterContext, lower_first
from arrears.letters.domain.documents import Block, bullets, callout, figures, heading, para
from arrears.letters.domain.facts import Figures

# RULES.md §8.1: what a letter of claim must enclose.
LETTER_BEFORE_CLAIM_ENCLOSURES = (
    "an up-to-date statement of your account",
    "the Information Sheet",
    "the Reply Form",
    "a Financial Statement form, to tell us about your income and spending",
)
LETTER_BEFORE_CLAIM_ENCLOSURES_CY = (
    "datganiad cyfredol o'ch cyfrif",
    "y Daflen Wybodaeth",
    "y Ffurflen Ymateb",
    "ffurflen Datganiad Ariannol",
)


def _debt(f: Figures) -> str:
    return lower_first(f.text("debt_label"))


def _amount_rows(f: Figures, *, amount_label: str = "Amount overdue") -> list[tuple[str, str]]:
    rows = [(amount_label, f.money("amount_due")), ("Pay by", f.date_en("pay_by_date"))]
    if f.has("balance"):
        rows.append(("Total balance on the account", f.money("balance")))
    return rows


def _amount_rows_cy(f: Figures) -> list[tuple[str, str]]:
    return [("Swm sy'n ddyledus", f.money("amount_due")), ("Talu erbyn", f.date_cy("pay_by_date"))]


# --- Invoice reminder (sundry debts) -----------------------------------------------------------


def invoice_reminder(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para(f"Our invoice for {_debt(f)} has not been paid."),
        figures(*_amount_rows(f)),
        callout(f"Pay {f.money('amount_due')} by {f.date_en('pay_by_date')}."),
        para(
            "If you do not pay or contact us by then, we may take further action to recover the "
            "debt. This may include a claim in the county court, which could add court fees and "
            "interest."
        ),
        para("If you think you do not owe this amount, or part of it, tell us why straight away."),
    ]


def invoice_reminder_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para("Nid yw ein hanfoneb wedi'i thalu."),
        figures(*_amount_rows_cy(f)),
        callout(f"Talwch {f.money('amount_due')} erbyn {f.date_cy('pay_by_date')}."),
    ]


def invoice_reminder_basis(c: LetterContext) -> str:
    return "Reminder of an unpaid invoice. The debt may be recovered through the county court."


# --- Housing benefit overpayment (RULES.md §4) --------------------------------------------------


def hb_overpayment(f: Figures, c: LetterContext) -> list[Block]:
    period = f" for {f.text('period')}" if f.has("period") else ""
    return [
        para(
            f"We wrote to you about housing benefit that was overpaid to you{period}. The "
            "overpayment has not been repaid."
        ),
        figures(*_amount_rows(f, amount_label="Overpayment to repay")),
        callout(
            f"Pay {f.money('amount_due')} by {f.date_en('pay_by_date')}, or contact us to agree "
            "how to repay it."
        ),
        heading("If you do not pay or contact us"),
        para("We can recover an overpayment without going to court:"),
        bullets(
            "by taking it from any housing benefit you still get",
            "by asking the Department for Work and Pensions to take it from other benefits you get",
            "by asking your employer to take it from your wages (a Direct Earnings Attachment)",
        ),
        para("We may also make a claim in the county court."),
        para(
            "If repaying at the usual rate would cause you hardship, tell us about your income "
            "and spending. We can agree a lower rate."
        ),
        para(
            "If you think you do not owe this overpayment, or that it was caused by our mistake, "
            "contact us. You may be able to ask us to look at the decision again, or appeal."
        ),
    ]


def hb_overpayment_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para("Nid yw'r budd-dal tai a ordalwyd i chi wedi'i ad-dalu."),
        figures(*_amount_rows_cy(f)),
        callout(
            f"Talwch {f.money('amount_due')} erbyn {f.date_cy('pay_by_date')}, neu cysylltwch â "
            "ni i gytuno sut i'w ad-dalu."
        ),
    ]


def hb_overpayment_basis(c: LetterContext) -> str:
    return (
        "Recovery of a housing benefit overpayment under the Social Security Administration Act "
        "1992, the Housing Benefit Regulations 2006 (regulation 102) and the Social Security "
        "(Overpayments and Recovery) Regulations 2013."
    )


# --- Letter before claim (Pre-Action Protocol for Debt Claims, RULES.md §8.1) ------------------


def _reply_to(f: Figures, c: LetterContext) -> str:
    if f.has("contact_address"):
        return f"{c.authority_name}, " + ", ".join(f.lines("contact_address"))
    return f"{c.authority_name} at the address on the envelope enclosed"


def letter_before_claim(f: Figures, c: LetterContext) -> list[Block]:
    reply_by = f.date_en("pay_by_date")
    interest = (
        f.text("interest_statement")
        if f.has("interest_statement")
        else "We are not adding interest or other charges to this debt. If we have to start a "
        "court claim, the court may add interest and court fees."
    )
    agreement = (
        f.text("agreement_statement")
        if f.has("agreement_statement")
        else f"This debt is for {_debt(f)}. You can ask us for a copy of any document it is "
        "based on, such as the invoice, the agreement or the decision letter, and we will send "
        "it to you."
    )
    blocks = [
        para(
            f"We are writing about your unpaid {_debt(f)}. This letter is sent under the "
            "Pre-Action Protocol for Debt Claims. If we cannot resolve this with you, we may "
            "start a claim against you in the county court."
        ),
        figures(("Amount we are claiming", f.money("amount_due")), ("Reply by", reply_by)),
        callout(f"Please reply by {reply_by}, using the Reply Form enclosed."),
        heading("Interest and charges"),
        para(interest),
        heading("What the debt is for"),
        para(agreement),
        para(
            f"The debt is owed to {c.authority_name}. It has not been sold or passed to anyone "
            "else."
        ),
    ]
    if f.has("instalments_statement"):
        blocks += [heading("Your payments"), para(f.text("instalments_statement"))]
    blocks += [
        heading("What you need to do"),
        para(f"You have 30 days from the date of this letter to reply: until {reply_by}."),
        bullets(
            "If you agree you owe the debt, fill in the Reply Form and the Financial Statement, "
            "and tell us how you would like to pay.",
            "If you do not agree that you owe it, or all of it, tell us why on the Reply Form.",
            "If you need documents or advice before you can reply, say so on the Reply Form.",
        ),
        para(f"Send the Reply Form to {_reply_to(f, c)}."),
        para(
            "If you tell us you are getting debt advice, we will give you a reasonable time to "
            "get it before we take any further step. If you ask for documents, we will not start "
            "court action until 30 days after we send them to you. If you reply and we still "
            "cannot agree, we will give you at least 14 days' notice before we start a claim."
        ),
        para(
            f"If you do not reply by {reply_by}, we may start a court claim without writing to "
            "you again. A county court judgment could make it harder and more expensive for you "
            "to borrow money."
        ),
        heading("Enclosed with this letter"),
        bullets(*LETTER_BEFORE_CLAIM_ENCLOSURES),
        heading("How to pay or discuss payment"),
        para(
            "You can pay in full, or contact us to discuss paying in a way you can afford. The "
            "ways to pay and to contact us are below."
        ),
    ]
    return blocks


def letter_before_claim_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para(
            "Rydym yn ysgrifennu atoch o dan y Protocol Cyn Cychwyn Achos ar gyfer Hawliadau "
            "Dyled. Os na allwn ddatrys hyn gyda chi, efallai y byddwn yn dechrau hawliad yn "
            "eich erbyn yn y llys sirol."
        ),
        figures(
            ("Swm rydym yn ei hawlio", f.money("amount_due")),
            ("Ateb erbyn", f.date_cy("pay_by_date")),
        ),
        callout(
            f"Atebwch erbyn {f.date_cy('pay_by_date')}, gan ddefnyddio'r Ffurflen Ymateb amgaeedig."
        ),
        heading("Wedi'u hamgáu gyda'r llythyr hwn"),
        bullets(*LETTER_BEFORE_CLAIM_ENCLOSURES_CY),
    ]


def letter_before_claim_basis(c: LetterContext) -> str:
    return (
        "Letter of claim under the Pre-Action Protocol for Debt Claims (in force from 1 October "
        "2017). Enclosed: statement of account, Information Sheet, Reply Form, Financial "
        "Statement."
    )
