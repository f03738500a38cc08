"""
Wording of council tax, business rates and BID levy letters (RULES.md §2.2–§2.5, §2.12).

Each letter has an English body and a Welsh part with its key sentences (for bilingual letters).
The Welsh is a draft that a Welsh translator must check before use (docs/letters.md).
"""

from arrears.accounts.domain.debts import DebtType
from arrears.letters.domain.context import LetterContext, lower_first
from arrears.letters.domain.documents import Block, bullets, callout, figures, heading, para
from arrears.letters.domain.facts import Figures

CT_REGS = "the Council Tax (Administration and Enforcement) Regulations 1992"
NNDR_REGS = "the Non-Domestic Rating (Collection and Enforcement) (Local Lists) Regulations 1989"
BID_REGS = "the Business Improvement Districts (England) Regulations 2004"


def regulations(c: LetterContext) -> str:
    """Return the regulations a council tax, business rates or BID levy letter is made under."""
    if c.debt_type == DebtType.BUSINESS_RATES:
        return NNDR_REGS
    if c.debt_type == DebtType.BID_LEVY:
        return BID_REGS
    return CT_REGS


def _debt(f: Figures) -> str:
    return lower_first(f.text("debt_label"))


def _amount_rows(f: Figures) -> list[tuple[str, str]]:
    rows = [("Amount to pay", f.money("amount_due")), ("Pay by", f.date_en("pay_by_date"))]
    if f.has("balance"):
        rows.append(("Total balance on the account", f.money("balance")))
    return rows


def _amount_rows_cy(f: Figures) -> list[tuple[str, str]]:
    return [("Swm i'w dalu", f.money("amount_due")), ("Talu erbyn", f.date_cy("pay_by_date"))]


def after_liability_order(c: LetterContext) -> Block:
    """What a council may do after a liability order: fewer remedies for business debts."""
    if c.is_business_debt:
        # RULES.md §2.12: no attachment of earnings or benefit deductions for business rates.
        return bullets(
            "instruct enforcement agents (bailiffs), who will add their fees to what you owe",
            "start insolvency proceedings (bankruptcy, or winding up a company)",
            "make a claim in the civil courts",
        )
    return bullets(
        "tell your employer to take money from your wages (an attachment of earnings order)",
        "ask the Department for Work and Pensions to take money from your benefits",
        "instruct enforcement agents (bailiffs), who will add their fees to what you owe",
        "in some cases, apply for a charging order on your home or ask the court to make you "
        "bankrupt",
    )


# --- Reminder notices (CT Regs reg 23, RULES.md §2.2) ------------------------------------------


def reminder(f: Figures, c: LetterContext) -> list[Block]:
    balance = f" of {f.money('balance')}" if f.has("balance") else ""
    return [
        para(
            f"You have not paid all the instalments due for your {_debt(f)}. "
            "This is a reminder notice."
        ),
        figures(*_amount_rows(f)),
        callout(f"Pay {f.money('amount_due')} by {f.date_en('pay_by_date')}."),
        para(
            "This is the total of the instalments you have missed and any instalment due in "
            "the next 7 days."
        ),
        heading(f"If you do not pay by {f.date_en('pay_by_date')}"),
        para(
            f"You will lose the right to pay by instalments. The whole balance{balance} will "
            "then be due 7 days later. If it is not paid, we may ask the magistrates' court for "
            "a summons. That would add costs to what you owe."
        ),
        para("If you have paid in the last few days, thank you: you do not need to do anything."),
    ]


def reminder_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para("Nid ydych wedi talu'r holl randaliadau sy'n ddyledus ar eich cyfrif."),
        figures(*_amount_rows_cy(f)),
        callout(f"Talwch {f.money('amount_due')} erbyn {f.date_cy('pay_by_date')}."),
        para(
            "Os na fyddwch yn talu erbyn y dyddiad hwn, byddwch yn colli'r hawl i dalu fesul "
            "rhandaliad. Bydd y balans cyfan yn ddyledus 7 diwrnod yn ddiweddarach."
        ),
    ]


def second_reminder(f: Figures, c: LetterContext) -> list[Block]:
    return [
        *reminder(f, c),
        heading("This is your second reminder this year"),
        para(
            "If you pay this amount but then miss another instalment before the end of the "
            "financial year (31 March), you will lose the right to pay by instalments straight "
            "away. The whole balance will be due the next day, and we will not send another "
            "reminder."
        ),
    ]


def second_reminder_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        *reminder_cy(f, c),
        para(
            "Dyma'r ail hysbysiad atgoffa eleni. Os byddwch yn methu rhandaliad arall eleni, bydd "
            "y balans cyfan yn ddyledus y diwrnod wedyn, heb hysbysiad atgoffa arall."
        ),
    ]


def reminder_basis(c: LetterContext) -> str:
    if c.debt_type == DebtType.COUNCIL_TAX:
        return f"Reminder notice under regulation 23 of {CT_REGS}."
    return f"Reminder notice under {regulations(c)}."


# --- Final notice (CT Regs reg 33, RULES.md §2.3) -----------------------------------------------


def final_notice(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para(f"You have not paid your {_debt(f)}. This is a final notice."),
        figures(*_amount_rows(f)),
        callout(f"Pay {f.money('amount_due')} by {f.date_en('pay_by_date')}."),
        heading(f"If you do not pay by {f.date_en('pay_by_date')}"),
        para(
            "We may ask the magistrates' court for a summons without writing to you again. "
            "Costs would be added to what you owe."
        ),
    ]


def final_notice_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para("Nid ydych wedi talu'r swm sy'n ddyledus. Dyma hysbysiad terfynol."),
        figures(*_amount_rows_cy(f)),
        callout(f"Talwch {f.money('amount_due')} erbyn {f.date_cy('pay_by_date')}."),
        para(
            "Os na fyddwch yn talu, efallai y byddwn yn gofyn i'r llys ynadon am wŷs heb "
            "ysgrifennu atoch eto. Byddai costau'n cael eu hychwanegu at y swm sy'n ddyledus."
        ),
    ]


def final_notice_basis(c: LetterContext) -> str:
    if c.debt_type == DebtType.COUNCIL_TAX:
        return f"Final notice under regulation 33 of {CT_REGS}."
    return f"Final notice under {regulations(c)}."


# --- Summons (CT Regs regs 34-35, RULES.md §2.4) ------------------------------------------------


def summons_total(f: Figures) -> str:
    return f"£{f.amount('amount_due') + f.amount('costs'):,.2f}"


def summons(f: Figures, c: LetterContext) -> list[Block]:
    total = summons_total(f)
    return [
        para(
            f"{c.authority_name} has complained to the magistrates' court that you have not paid "
            f"your {_debt(f)}. You are summoned to appear before the court to explain why you "
            "have not paid."
        ),
        figures(
            ("Court", f.text("court_name")),
            ("Date of hearing", f.date_en("hearing_date")),
            ("Time", f.time_en("hearing_time")),
            ("Amount unpaid", f.money("amount_due")),
            ("Costs so far", f.money("costs")),
            ("Total to pay", total),
        ),
        callout(
            f"If you pay {total} (the amount unpaid and the costs) before the hearing, we will "
            "stop the court action and you do not need to attend."
        ),
        heading("What happens at the hearing"),
        para(
            "If the amount is still unpaid, we will ask the court to make a liability order "
            "against you. If the court makes the order, more costs may be added."
        ),
        para(
            "The court can consider only certain reasons for not making the order: for example, "
            "that you are not the person who must pay, that the amount has already been paid, "
            "or that we have not followed the correct steps. Not being able to afford the amount "
            "is not one of them, but we can agree a way to pay with you."
        ),
        heading("After a liability order, we can"),
        after_liability_order(c),
        para(
            "You do not need to attend the hearing if you have paid, or if you have agreed a way "
            "to pay with us. If you think the amount is wrong, contact us before the hearing."
        ),
    ]


def summons_cy(f: Figures, c: LetterContext) -> list[Block]:
    total = summons_total(f)
    return [
        para(
            f"Mae'n rhaid i chi ddod i {f.text('court_name')} ar {f.date_cy('hearing_date')} am "
            f"{f.text('hearing_time')} i egluro pam nad ydych wedi talu."
        ),
        figures(
            ("Llys", f.text("court_name")),
            ("Dyddiad y gwrandawiad", f.date_cy("hearing_date")),
            ("Amser", f.text("hearing_time")),
            ("Swm heb ei dalu", f.money("amount_due")),
            ("Costau hyd yma", f.money("costs")),
            ("Cyfanswm i'w dalu", total),
        ),
        callout(
            f"Os byddwch yn talu {total} cyn y gwrandawiad, byddwn yn atal yr achos llys ac ni "
            "fydd angen i chi ddod i'r llys."
        ),
    ]


def summons_basis(c: LetterContext) -> str:
    if c.debt_type == DebtType.COUNCIL_TAX:
        return (
            f"Summons under regulations 34 and 35 of {CT_REGS}. If the amount unpaid and the "
            "costs reasonably incurred are paid or tendered before the hearing, the application "
            "will not proceed (regulation 34(5))."
        )
    return f"Summons to the magistrates' court under {regulations(c)}."


# --- Liability order (RULES.md §2.4) ------------------------------------------------------------


def liability_order(f: Figures, c: LetterContext) -> list[Block]:
    where = f" at {f.text('court_name')}" if f.has("court_name") else ""
    when = f" on {f.date_en('hearing_date')}" if f.has("hearing_date") else ""
    rows = [("Amount you owe now", f.money("amount_due"))]
    if f.has("costs"):
        rows.append(("Costs included in that amount", f.money("costs")))
    return [
        para(
            f"The magistrates' court{where} made a liability order against you{when} for your "
            f"unpaid {_debt(f)}."
        ),
        figures(*rows),
        callout(
            f"Pay {f.money('amount_due')} now, or contact us straight away to agree a way to pay."
        ),
        heading("What we can do now"),
        para("Unless you pay or agree a way to pay, we can:"),
        after_liability_order(c),
        para(
            "We may also ask you for information about your job and income. The law says you "
            "must give it to us."
        ),
    ]


def liability_order_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para("Mae'r llys ynadon wedi gwneud gorchymyn atebolrwydd yn eich erbyn."),
        figures(("Swm sy'n ddyledus nawr", f.money("amount_due"))),
        callout(
            f"Talwch {f.money('amount_due')} nawr, neu cysylltwch â ni ar unwaith i gytuno ar "
            "ffordd o dalu."
        ),
    ]


def liability_order_basis(c: LetterContext) -> str:
    if c.debt_type == DebtType.COUNCIL_TAX:
        return f"Liability order made under regulation 34 of {CT_REGS}."
    return f"Liability order made under {regulations(c)}."


# --- Request for information (CT Regs reg 36, RULES.md §2.5) ------------------------------------


def information_request(f: Figures, c: LetterContext) -> list[Block]:
    blocks = [
        para(
            f"The magistrates' court has made a liability order against you for your unpaid "
            f"{_debt(f)}. The law says you must give us information to help us decide how to "
            "recover the debt."
        ),
        callout(f"Fill in the form enclosed and return it to us by {f.date_en('pay_by_date')}."),
        para("We need to know:"),
        bullets(
            "whether you are employed, and your employer's name and address",
            "what you are paid, and what is taken off your pay (such as tax, National Insurance "
            "and pension)",
            "any other income you have, including benefits",
            "whether anyone else is responsible for paying this council tax with you",
        ),
        heading("You must reply within 14 days"),
        para(
            "It is a criminal offence not to give us this information within 14 days without a "
            "reasonable excuse. It is also an offence to give information you know is false, or "
            "to give it without caring whether it is true. You could be fined."
        ),
    ]
    if f.has("amount_due"):
        blocks.append(
            para(
                f"You owe {f.money('amount_due')}. If you pay it in full, you do not need to "
                "return the form."
            )
        )
    return blocks


def information_request_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        callout(
            f"Llenwch y ffurflen amgaeedig a'i hanfon yn ôl atom erbyn {f.date_cy('pay_by_date')}."
        ),
        para(
            "Mae'n drosedd peidio â rhoi'r wybodaeth hon i ni o fewn 14 diwrnod heb esgus "
            "rhesymol, neu roi gwybodaeth ffug. Gallech gael dirwy."
        ),
    ]


def information_request_basis(c: LetterContext) -> str:
    return f"Request for information under regulation 36 of {CT_REGS}."


# --- Before passing a debt to enforcement agents (RULES.md §1, §2.8) ---------------------------


def enforcement_referral(f: Figures, c: LetterContext) -> list[Block]:
    fee = f", starting with a compliance fee of {f.money('costs')}" if f.has("costs") else ""
    return [
        para(f"You have not paid your {_debt(f)}, and you have not agreed a way to pay with us."),
        figures(*_amount_rows(f)),
        callout(
            f"Pay {f.money('amount_due')} by {f.date_en('pay_by_date')}, or contact us, to stop us "
            "passing your debt to enforcement agents."
        ),
        para(
            f"If we pass your debt to enforcement agents (sometimes called bailiffs), they will "
            f"add their fees to what you owe{fee}. They may visit you and take control of goods "
            "to sell."
        ),
        para(
            "If you have a health condition, a disability or anything else that makes this hard "
            "for you, tell us before that date. We will take it into account."
        ),
    ]


def enforcement_referral_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        figures(*_amount_rows_cy(f)),
        callout(
            f"Talwch {f.money('amount_due')} erbyn {f.date_cy('pay_by_date')}, neu cysylltwch â "
            "ni, i'n hatal rhag trosglwyddo'ch dyled i asiantau gorfodi."
        ),
        para("Bydd asiantau gorfodi (beilïaid) yn ychwanegu eu ffioedd at y swm sy'n ddyledus."),
    ]


def enforcement_referral_basis(c: LetterContext) -> str:
    return (
        "Enforcement agents act under Schedule 12 to the Tribunals, Courts and Enforcement Act "
        "2007 and the Taking Control of Goods Regulations 2013; their fees are set by the Taking "
        "Control of Goods (Fees) Regulations 2014."
    )


# --- Recovery resumed after a hold (RULES.md §5.4 item 6) ---------------------------------------


def fresh_notice(f: Figures, c: LetterContext) -> list[Block]:
    rows = _amount_rows(f)
    if f.has("stage_name"):
        rows.append(("Stage of recovery", f.text("stage_name")))
    return [
        para(
            f"Recovery of your {_debt(f)} was paused. The pause has now ended, so we are "
            "starting recovery again."
        ),
        para("We have not added any fees or charges for the time recovery was paused."),
        figures(*rows),
        callout(
            f"Pay {f.money('amount_due')} by {f.date_en('pay_by_date')}, or contact us to agree "
            "a way to pay."
        ),
        para(
            "If your circumstances have changed, for example if you have been getting debt "
            "advice, please tell us. We can agree payments you can afford."
        ),
    ]


def fresh_notice_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para(
            "Roedd y gwaith o adennill eich dyled wedi'i atal. Mae'r cyfnod hwnnw wedi dod i "
            "ben, felly rydym yn ailddechrau. Nid ydym wedi ychwanegu unrhyw ffioedd na thaliadau "
            "am y cyfnod hwnnw."
        ),
        figures(*_amount_rows_cy(f)),
        callout(
            f"Talwch {f.money('amount_due')} erbyn {f.date_cy('pay_by_date')}, neu cysylltwch â "
            "ni i gytuno ar ffordd o dalu."
        ),
    ]


def fresh_notice_basis(c: LetterContext) -> str:
    return (
        "Recovery resumes after a pause. No interest, fees or charges may be added for a "
        "Breathing Space (Debt Respite Scheme (Breathing Space Moratorium and Mental Health "
        "Crisis Moratorium) (England and Wales) Regulations 2020, regulation 7)."
    )
