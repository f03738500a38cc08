"""
The end of every letter to a debtor: how to pay, how to contact us, free debt advice, and an
invitation to tell us about difficulties (RULES.md §6.2, §6.3).

The advice services' telephone numbers and websites must be checked before each print run is
approved for a new year (docs/letters.md). The Welsh is a draft that a Welsh translator must
check before use.
"""

from arrears.letters.domain.context import LetterContext
from arrears.letters.domain.documents import Block, bullets, heading, para
from arrears.letters.domain.facts import Figures

ADVICE_SERVICES = (
    "MoneyHelper: 0800 138 7777, www.moneyhelper.org.uk",
    "StepChange Debt Charity: 0800 138 1111, www.stepchange.org",
)
CITIZENS_ADVICE = {
    "ENG": "Citizens Advice: 0800 144 8848, www.citizensadvice.org.uk",
    "WLS": "Citizens Advice Cymru (Advicelink Cymru): 0800 702 2020, "
    "www.citizensadvice.org.uk/wales",
}
BUSINESS_DEBTLINE = "Business Debtline (for business debts): 0800 197 6026, businessdebtline.org"


def _advice(c: LetterContext) -> tuple[str, ...]:
    services = [*ADVICE_SERVICES, CITIZENS_ADVICE.get(c.nation, CITIZENS_ADVICE["ENG"])]
    if c.is_business_debt:
        services.append(BUSINESS_DEBTLINE)
    return tuple(services)


def contact_lines(f: Figures, c: LetterContext) -> tuple[str, ...]:
    """Return how to reach the council, as lines for the letterhead (never empty)."""
    lines = []
    if f.has("contact_phone"):
        lines.append(f"Telephone: {f.text('contact_phone')}")
    if f.has("contact_email"):
        lines.append(f"Email: {f.text('contact_email')}")
    if f.has("contact_website"):
        lines.append(f"Website: {f.text('contact_website')}")
    if not lines:
        lines.append(f"Find our contact details on the {c.authority_name} website")
    return tuple(lines)


def _how_to_contact(f: Figures, c: LetterContext) -> str:
    ways = []
    if f.has("contact_phone"):
        ways.append(f"call us on {f.text('contact_phone')}")
    if f.has("contact_email"):
        ways.append(f"email {f.text('contact_email')}")
    if f.has("contact_website"):
        ways.append(f"visit {f.text('contact_website')}")
    if not ways:
        return f"Contact {c.authority_name}: you can find our details on the council's website."
    joined = ", ".join(ways[:-1]) + (" or " if len(ways) > 1 else "") + ways[-1]
    return f"To contact us, {joined}."


def closing(f: Figures, c: LetterContext) -> list[Block]:
    """Return the closing sections of a letter to a debtor, in English."""
    pay_online = (
        f"online at {f.text('contact_website')}"
        if f.has("contact_website")
        else f"online through the {c.authority_name} website"
    )
    return [
        heading("How to pay"),
        para(
            f"You can pay {pay_online}, by phone, or by bank transfer. Always quote your "
            f"reference: {c.account_reference}."
        ),
        para(_how_to_contact(f, c)),
        heading("If you are finding it hard to pay"),
        para(
            "Contact us as soon as you can. We can agree payments you can afford. Please tell us "
            "if you are struggling, or if anything makes it harder for you to deal with this "
            "letter, such as illness, a disability, a bereavement or a change in your "
            "circumstances. We will take it into account."
        ),
        heading("Free, independent debt advice"),
        para("Debt advice is free. You do not need to pay anyone to help you with your debts."),
        bullets(*_advice(c)),
        para(
            "If you need this letter in another format, such as large print, please tell us. "
            "You can ask for letters in Welsh."
        ),
    ]


def closing_cy(f: Figures, c: LetterContext) -> list[Block]:
    """Return the closing sections in Welsh (draft, for a translator to check)."""
    return [
        heading("Sut i dalu"),
        para(
            "Gallwch dalu ar-lein, dros y ffôn neu drwy drosglwyddiad banc. Rhowch eich "
            f"cyfeirnod bob tro: {c.account_reference}."
        ),
        heading("Os ydych chi'n cael trafferth talu"),
        para(
            "Cysylltwch â ni cyn gynted â phosibl. Gallwn gytuno ar daliadau y gallwch eu "
            "fforddio. Rhowch wybod i ni os ydych chi'n cael trafferth, neu os oes rhywbeth yn ei "
            "gwneud hi'n anoddach i chi ddelio â'r llythyr hwn, fel salwch, anabledd, profedigaeth "
            "neu newid yn eich amgylchiadau."
        ),
        heading("Cyngor annibynnol am ddim ar ddyledion"),
        bullets(*_advice(c)),
        para("Mae croeso i chi gysylltu â ni yn Gymraeg."),
    ]


def employer_closing(f: Figures, c: LetterContext) -> list[Block]:
    """Return the closing of a letter to an employer: who to contact, nothing about debt advice."""
    return [heading("Questions"), para(_how_to_contact(f, c))]


def employer_closing_cy(f: Figures, c: LetterContext) -> list[Block]:
    return [heading("Cwestiynau"), para("Mae croeso i chi gysylltu â ni yn Gymraeg.")]
