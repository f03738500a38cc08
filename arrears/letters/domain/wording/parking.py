"""
Wording of civil parking enforcement letters (Traffic Management Act 2004, RULES.md §3).

The account reference of a parking debt is the penalty charge notice number. The Welsh is a
draft that a Welsh translator must check before use (docs/letters.md).
"""

from decimal import Decimal

from arrears.kernel.money import format_pounds, round_to_penny
from arrears.letters.domain.context import LetterContext
from arrears.letters.domain.documents import Block, bullets, callout, figures, heading, para
from arrears.letters.domain.facts import Figures

# RULES.md §3: a charge certificate increases the penalty by 50%.
CHARGE_CERTIFICATE_INCREASE = Decimal("1.5")

# The grounds on which an owner may make representations against a notice to owner
# (Civil Enforcement of Road Traffic Contraventions (Representations and Appeals) (England)
# Regulations 2022), in plain words.
REPRESENTATION_GROUNDS = (
    "the contravention did not happen",
    "you were not the owner of the vehicle when it happened",
    "the vehicle was being used without your consent",
    "you are a vehicle-hire firm and the vehicle was on hire under a signed agreement",
    "the penalty is more than the amount that applies",
    "there has been a procedural impropriety by the council",
    "the traffic order that applies is invalid",
    "the penalty charge has already been paid in full",
)

# RULES.md §3: the grounds for a witness statement against an order for recovery.
WITNESS_STATEMENT_GROUNDS = (
    "you did not receive the notice to owner",
    "you made representations about the penalty charge but did not receive a rejection notice",
    "you appealed to the adjudicator against the rejection of your representations but had no "
    "response to your appeal, or your appeal was allowed",
    "you have already paid the penalty charge in full",
)


def charge_certificate_amount(penalty: Decimal) -> Decimal:
    """Return the penalty increased by 50% by a charge certificate (RULES.md §3)."""
    return round_to_penny(penalty * CHARGE_CERTIFICATE_INCREASE)


def _rules(c: LetterContext) -> str:
    if c.is_wales:
        return "the Traffic Management Act 2004 and the regulations made under it for Wales"
    return (
        "the Traffic Management Act 2004 and the Civil Enforcement of Road Traffic "
        "Contraventions (Approved Devices, Charging Guidelines and General Provisions) (England) "
        "Regulations 2022"
    )


def _what_for(f: Figures) -> str:
    parts = []
    if f.has("contravention_date"):
        parts.append(f" on {f.date_en('contravention_date')}")
    if f.has("vehicle_registration"):
        parts.append(f" to the vehicle with registration {f.text('vehicle_registration')}")
    else:
        parts.append(" to a vehicle")
    if f.has("contravention"):
        parts.append(f", for this contravention: {f.text('contravention')}")
    return "".join(parts)


def _pcn_rows(f: Figures, c: LetterContext) -> list[tuple[str, str]]:
    rows = [("Penalty charge notice", c.account_reference)]
    if f.has("vehicle_registration"):
        rows.append(("Vehicle registration", f.text("vehicle_registration")))
    return rows


# --- Notice to owner ---------------------------------------------------------------------------


def notice_to_owner(f: Figures, c: LetterContext) -> list[Block]:
    pay_by = f.date_en("pay_by_date")
    return [
        para(
            f"Penalty charge notice {c.account_reference} was issued{_what_for(f)}. Our records "
            "show that you were the owner (the registered keeper) of the vehicle at the time. "
            "The penalty charge has not been paid."
        ),
        figures(
            *_pcn_rows(f, c),
            ("Penalty charge", f.money("penalty_amount")),
            ("Pay, or make representations, by", pay_by),
        ),
        callout(f"Pay {f.money('penalty_amount')} by {pay_by}, or make representations by then."),
        heading("If you do not pay or make representations"),
        para(
            "We may send you a charge certificate. The penalty will then go up by 50%, to "
            f"{f.money('increased_amount')}."
        ),
        heading("Making representations"),
        para(
            f"You can ask us to cancel the penalty by writing to us by {pay_by}, on any of these "
            "grounds:"
        ),
        bullets(*REPRESENTATION_GROUNDS),
        para(
            "You can also tell us about any other reason you think we should cancel it. We will "
            "consider what you say and write to you with our decision. If we reject your "
            "representations, you can appeal to an independent adjudicator."
        ),
        para("Do not pay if you want to make representations: paying the penalty closes the case."),
    ]


def notice_to_owner_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        figures(
            ("Hysbysiad tâl cosb", c.account_reference),
            ("Tâl cosb", f.money("penalty_amount")),
            ("Talu, neu gyflwyno sylwadau, erbyn", f.date_cy("pay_by_date")),
        ),
        callout(
            f"Talwch {f.money('penalty_amount')} erbyn {f.date_cy('pay_by_date')}, neu "
            "cyflwynwch sylwadau i ni erbyn y dyddiad hwnnw."
        ),
        para(
            "Os na wnewch chi, efallai y byddwn yn anfon tystysgrif tâl atoch a bydd y tâl yn "
            f"cynyddu 50%, i {f.money('increased_amount')}."
        ),
    ]


def notice_to_owner_basis(c: LetterContext) -> str:
    return f"Notice to owner under {_rules(c)}."


# --- Charge certificate -------------------------------------------------------------------------


def charge_certificate(f: Figures, c: LetterContext) -> list[Block]:
    rows = _pcn_rows(f, c)
    if f.has("penalty_amount"):
        rows.append(("Original penalty", f.money("penalty_amount")))
    rows += [("Amount now due", f.money("increased_amount")), ("Pay by", f.date_en("pay_by_date"))]
    fee = f" (currently {f.money('costs')})" if f.has("costs") else ""
    return [
        para(
            f"We sent you a notice to owner about penalty charge notice {c.account_reference}. "
            "The penalty was not paid, and no representations or appeal succeeded, in the time "
            "allowed. So the penalty has gone up by 50%. This is a charge certificate."
        ),
        figures(*rows),
        callout(f"Pay {f.money('increased_amount')} by {f.date_en('pay_by_date')}."),
        para(
            "If you do not pay by then, we may register the debt at the Traffic Enforcement "
            "Centre, Northampton County Court, without writing to you again. A court fee"
            f"{fee} would be added to what you owe."
        ),
    ]


def charge_certificate_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para("Mae'r tâl cosb heb ei dalu, felly mae wedi cynyddu 50%. Dyma dystysgrif tâl."),
        figures(
            ("Hysbysiad tâl cosb", c.account_reference),
            ("Swm sy'n ddyledus nawr", f.money("increased_amount")),
            ("Talu erbyn", f.date_cy("pay_by_date")),
        ),
        callout(f"Talwch {f.money('increased_amount')} erbyn {f.date_cy('pay_by_date')}."),
    ]


def charge_certificate_basis(c: LetterContext) -> str:
    return f"Charge certificate under {_rules(c)}."


# --- Order for recovery (Traffic Enforcement Centre) --------------------------------------------


def order_total(f: Figures) -> str:
    if f.has("amount_due"):
        return f.money("amount_due")
    return format_pounds(f.amount("increased_amount") + f.amount("costs"))


def order_for_recovery(f: Figures, c: LetterContext) -> list[Block]:
    total = order_total(f)
    pay_by = f.date_en("pay_by_date")
    return [
        para(
            f"The unpaid penalty charge for penalty charge notice {c.account_reference} has been "
            "registered as a debt at the Traffic Enforcement Centre, Northampton County Court. "
            "This is an order for recovery."
        ),
        figures(
            *_pcn_rows(f, c),
            ("Increased penalty charge", f.money("increased_amount")),
            ("Court fee", f.money("costs")),
            ("Total to pay", total),
            ("Pay, or file a witness statement, by", pay_by),
        ),
        callout(f"Pay {total} by {pay_by}, or file a witness statement by then."),
        heading("Filing a witness statement"),
        para("You can fill in the witness statement form enclosed if:"),
        bullets(*WITNESS_STATEMENT_GROUNDS),
        para(
            "Send the witness statement to the Traffic Enforcement Centre, not to us. If you are "
            "late, you can ask the court for permission to file it out of time."
        ),
        para(
            f"If you do not pay or file a witness statement by {pay_by}, we can ask the court to "
            "authorise a warrant of control and pass it to enforcement agents, who will add their "
            "fees to what you owe."
        ),
    ]


def order_for_recovery_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [
        para(
            "Mae'r tâl cosb heb ei dalu wedi'i gofrestru fel dyled yn y Ganolfan Gorfodi "
            "Traffig, Llys Sirol Northampton."
        ),
        figures(
            ("Hysbysiad tâl cosb", c.account_reference),
            ("Cyfanswm i'w dalu", order_total(f)),
            ("Talu, neu ffeilio datganiad tyst, erbyn", f.date_cy("pay_by_date")),
        ),
        callout(
            f"Talwch {order_total(f)} erbyn {f.date_cy('pay_by_date')}, neu ffeiliwch ddatganiad "
            "tyst erbyn y dyddiad hwnnw."
        ),
    ]


def order_for_recovery_basis(c: LetterContext) -> str:
    return (
        f"Order for recovery under {_rules(c)}, and Part 75 of the Civil Procedure Rules "
        "(Traffic Enforcement Centre)."
    )
