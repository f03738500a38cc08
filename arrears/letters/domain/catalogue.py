"""
The letters Arrears sends (LETTER_TEMPLATES): what each is for, the facts it needs, the debts it
may be sent for, the earliest date it may give, and what it must say.

`must_say` lists phrases the English letter must contain to carry its statutory content; a unit
test composes every letter and checks each phrase is there (tests/unit/test_letter_templates.py).
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from arrears.accounts.domain.debts import DebtType
from arrears.letters.domain.context import LetterContext
from arrears.letters.domain.documents import Block
from arrears.letters.domain.facts import Figures
from arrears.letters.domain.wording import earnings, local_taxes, parking, sundry

Wording = Callable[[Figures, LetterContext], list[Block]]


class LetterCode(StrEnum):
    REMINDER = "REMINDER"
    SECOND_REMINDER = "SECOND_REMINDER"
    FINAL_NOTICE = "FINAL_NOTICE"
    SUMMONS = "SUMMONS"
    LIABILITY_ORDER_NOTICE = "LIABILITY_ORDER_NOTICE"
    INFORMATION_REQUEST = "INFORMATION_REQUEST"
    ENFORCEMENT_REFERRAL_NOTICE = "ENFORCEMENT_REFERRAL_NOTICE"
    INVOICE_REMINDER = "INVOICE_REMINDER"
    LETTER_BEFORE_CLAIM = "LETTER_BEFORE_CLAIM"
    HB_OVERPAYMENT_REMINDER = "HB_OVERPAYMENT_REMINDER"
    PCN_NOTICE_TO_OWNER = "PCN_NOTICE_TO_OWNER"
    PCN_CHARGE_CERTIFICATE = "PCN_CHARGE_CERTIFICATE"
    PCN_ORDER_FOR_RECOVERY = "PCN_ORDER_FOR_RECOVERY"
    AEO_EMPLOYER_ORDER = "AEO_EMPLOYER_ORDER"
    AEO_DEBTOR_NOTICE = "AEO_DEBTOR_NOTICE"
    DEA_EMPLOYER_NOTICE = "DEA_EMPLOYER_NOTICE"
    FRESH_NOTICE = "FRESH_NOTICE"


class Recipient(StrEnum):
    DEBTOR = "DEBTOR"  # posted to the party at their correspondence or current address
    EMPLOYER = "EMPLOYER"  # posted to the employer named in the facts


_LOCAL_TAXES = frozenset({DebtType.COUNCIL_TAX, DebtType.BUSINESS_RATES, DebtType.BID_LEVY})
_SUNDRY = frozenset({DebtType.SUNDRY_INVOICE, DebtType.SOCIAL_CARE_CONTRIBUTION})
_HB = frozenset({DebtType.HOUSING_BENEFIT_OVERPAYMENT})
_PCN = frozenset({DebtType.PARKING_PCN})
_CT = frozenset({DebtType.COUNCIL_TAX})
_LOCAL_TAX_FACTS = ("debt_label", "amount_due", "pay_by_date")
_OPTIONAL = ("balance", "period")


@dataclass(frozen=True)
class LetterTemplate:
    code: LetterCode
    title: str
    title_cy: str  # draft Welsh, for a translator to check (docs/letters.md)
    purpose: str  # for officers: when the letter is sent
    rule: str  # the RULES.md section it implements
    required: tuple[str, ...]
    optional: tuple[str, ...]
    debt_types: frozenset[DebtType] | None  # None: any kind of debt
    english: Wording
    welsh: Wording
    legal_basis: Callable[[LetterContext], str]
    must_say: tuple[str, ...]
    recipient: Recipient = Recipient.DEBTOR
    # (date fact, days): the date must be at least this many days after the issue date.
    minimum_days: tuple[tuple[str, int], ...] = ()


_TEMPLATES = (
    LetterTemplate(
        code=LetterCode.REMINDER,
        title="Reminder notice",
        title_cy="Hysbysiad atgoffa",
        purpose="An instalment is missed: pay the overdue instalments within 7 days.",
        rule="RULES.md §2.2, §2.12",
        required=_LOCAL_TAX_FACTS,
        optional=_OPTIONAL,
        debt_types=_LOCAL_TAXES,
        english=local_taxes.reminder,
        welsh=local_taxes.reminder_cy,
        legal_basis=local_taxes.reminder_basis,
        # CT Regs reg 23: 7 days beginning with the day of issue, so day 7 is issue + 6.
        minimum_days=(("pay_by_date", 6),),
        must_say=(
            "instalments you have missed",
            "any instalment due in the next 7 days",
            "lose the right to pay by instalments",
            "due 7 days later",
        ),
    ),
    LetterTemplate(
        code=LetterCode.SECOND_REMINDER,
        title="Second reminder notice",
        title_cy="Ail hysbysiad atgoffa",
        purpose="A second instalment default in the year: the last reminder before the balance "
        "falls due without one.",
        rule="RULES.md §2.2, §2.12",
        required=_LOCAL_TAX_FACTS,
        optional=_OPTIONAL,
        debt_types=_LOCAL_TAXES,
        english=local_taxes.second_reminder,
        welsh=local_taxes.second_reminder_cy,
        legal_basis=local_taxes.reminder_basis,
        minimum_days=(("pay_by_date", 6),),
        must_say=(
            "lose the right to pay by instalments",
            "second reminder",
            "due the next day",
            "will not send another reminder",
        ),
    ),
    LetterTemplate(
        code=LetterCode.FINAL_NOTICE,
        title="Final notice",
        title_cy="Hysbysiad terfynol",
        purpose="No reminder was used: the last notice before a summons.",
        rule="RULES.md §2.3",
        required=_LOCAL_TAX_FACTS,
        optional=_OPTIONAL,
        debt_types=_LOCAL_TAXES,
        english=local_taxes.final_notice,
        welsh=local_taxes.final_notice_cy,
        legal_basis=local_taxes.final_notice_basis,
        minimum_days=(("pay_by_date", 6),),
        must_say=("final notice", "summons", "costs"),
    ),
    LetterTemplate(
        code=LetterCode.SUMMONS,
        title="Summons to the magistrates' court",
        title_cy="Gwŷs i'r llys ynadon",
        purpose="A complaint to the magistrates' court for a liability order.",
        rule="RULES.md §2.4",
        required=(
            "debt_label",
            "amount_due",
            "costs",
            "hearing_date",
            "hearing_time",
            "court_name",
        ),
        optional=("period",),
        debt_types=_LOCAL_TAXES,
        english=local_taxes.summons,
        welsh=local_taxes.summons_cy,
        legal_basis=local_taxes.summons_basis,
        # CT Regs reg 35(2A): at least 14 days between service and the order. The recovery engine
        # adds the deemed postal service days; this is the floor from the issue date.
        minimum_days=(("hearing_date", 14),),
        must_say=(
            "Date of hearing",
            "Time",
            "Court",
            "Amount unpaid",
            "Costs so far",
            "before the hearing, we will stop the court action",
            "liability order",
        ),
    ),
    LetterTemplate(
        code=LetterCode.LIABILITY_ORDER_NOTICE,
        title="Liability order",
        title_cy="Gorchymyn atebolrwydd",
        purpose="Tells the debtor a liability order was made and what may follow.",
        rule="RULES.md §2.4, §2.6-§2.8, §2.12",
        required=("debt_label", "amount_due"),
        optional=("costs", "hearing_date", "court_name", "balance"),
        debt_types=_LOCAL_TAXES,
        english=local_taxes.liability_order,
        welsh=local_taxes.liability_order_cy,
        legal_basis=local_taxes.liability_order_basis,
        must_say=("made a liability order", "enforcement agents"),
    ),
    LetterTemplate(
        code=LetterCode.INFORMATION_REQUEST,
        title="Request for information",
        title_cy="Cais am wybodaeth",
        purpose="After a liability order: the debtor must give employment and income details.",
        rule="RULES.md §2.5",
        required=("debt_label", "pay_by_date"),
        optional=("amount_due", "balance"),
        debt_types=_CT,
        english=local_taxes.information_request,
        welsh=local_taxes.information_request_cy,
        legal_basis=local_taxes.information_request_basis,
        # Reg 36 says "within 14 days"; the generous reading (RULES.md §0.2 item 4) is 14 days
        # after the issue date.
        minimum_days=(("pay_by_date", 14),),
        must_say=("within 14 days", "criminal offence", "false", "fined", "employer"),
    ),
    LetterTemplate(
        code=LetterCode.ENFORCEMENT_REFERRAL_NOTICE,
        title="Before we pass your debt to enforcement agents",
        title_cy="Cyn i ni drosglwyddo'ch dyled i asiantau gorfodi",
        purpose="A last chance to pay or agree before the debt goes to enforcement agents.",
        rule="RULES.md §1.1, §2.8",
        required=_LOCAL_TAX_FACTS,
        optional=("costs", "balance", "stage_name"),
        debt_types=None,
        english=local_taxes.enforcement_referral,
        welsh=local_taxes.enforcement_referral_cy,
        legal_basis=local_taxes.enforcement_referral_basis,
        minimum_days=(("pay_by_date", 0),),
        must_say=("enforcement agents", "fees"),
    ),
    LetterTemplate(
        code=LetterCode.INVOICE_REMINDER,
        title="Invoice reminder",
        title_cy="Nodyn atgoffa am anfoneb",
        purpose="A sundry invoice (or an unpaid fixed penalty) is overdue.",
        rule="RULES.md §8.1",
        required=_LOCAL_TAX_FACTS,
        optional=_OPTIONAL,
        debt_types=_SUNDRY | {DebtType.FIXED_PENALTY_NOTICE},
        english=sundry.invoice_reminder,
        welsh=sundry.invoice_reminder_cy,
        legal_basis=sundry.invoice_reminder_basis,
        minimum_days=(("pay_by_date", 0),),
        must_say=("has not been paid", "county court"),
    ),
    LetterTemplate(
        code=LetterCode.LETTER_BEFORE_CLAIM,
        title="Letter before claim",
        title_cy="Llythyr cyn hawlio",
        purpose="Pre-Action Protocol letter of claim before a county court claim.",
        rule="RULES.md §8.1, §4.3",
        required=_LOCAL_TAX_FACTS,
        optional=(
            "balance",
            "period",
            "contact_address",
            "interest_statement",
            "agreement_statement",
            "instalments_statement",
        ),
        debt_types=_SUNDRY | _HB,
        english=sundry.letter_before_claim,
        welsh=sundry.letter_before_claim_cy,
        legal_basis=sundry.letter_before_claim_basis,
        # RULES.md §8.1: 30 days to reply before proceedings.
        minimum_days=(("pay_by_date", 30),),
        must_say=(
            "Pre-Action Protocol for Debt Claims",
            "Amount we are claiming",
            "interest",
            "copy of any document",
            "has not been sold or passed to anyone else",
            "30 days",
            "Send the Reply Form to",
            "debt advice",
            "14 days' notice",
            "How to pay or discuss payment",
            "statement of your account",
            "Information Sheet",
            "Reply Form",
            "Financial Statement",
        ),
    ),
    LetterTemplate(
        code=LetterCode.HB_OVERPAYMENT_REMINDER,
        title="Housing benefit overpayment: reminder",
        title_cy="Gordaliad budd-dal tai: nodyn atgoffa",
        purpose="A housing benefit overpayment invoice is unpaid.",
        rule="RULES.md §4.1-§4.3",
        required=_LOCAL_TAX_FACTS,
        optional=_OPTIONAL,
        debt_types=_HB,
        english=sundry.hb_overpayment,
        welsh=sundry.hb_overpayment_cy,
        legal_basis=sundry.hb_overpayment_basis,
        minimum_days=(("pay_by_date", 0),),
        must_say=("housing benefit", "Direct Earnings Attachment", "hardship", "appeal"),
    ),
    LetterTemplate(
        code=LetterCode.PCN_NOTICE_TO_OWNER,
        title="Notice to owner",
        title_cy="Hysbysiad i'r perchennog",
        purpose="A penalty charge notice is unpaid after 28 days.",
        rule="RULES.md §3",
        required=("penalty_amount", "pay_by_date"),
        optional=(
            "increased_amount",
            "vehicle_registration",
            "contravention",
            "contravention_date",
        ),
        debt_types=_PCN,
        english=parking.notice_to_owner,
        welsh=parking.notice_to_owner_cy,
        legal_basis=parking.notice_to_owner_basis,
        # 28 days beginning with service; service is on or after the issue date.
        minimum_days=(("pay_by_date", 27),),
        must_say=("Penalty charge", "representations", "charge certificate", "go up by 50%"),
    ),
    LetterTemplate(
        code=LetterCode.PCN_CHARGE_CERTIFICATE,
        title="Charge certificate",
        title_cy="Tystysgrif tâl",
        purpose="No payment or representations after the notice to owner: the penalty rises 50%.",
        rule="RULES.md §3",
        required=("increased_amount", "pay_by_date"),
        optional=("penalty_amount", "costs", "vehicle_registration"),
        debt_types=_PCN,
        english=parking.charge_certificate,
        welsh=parking.charge_certificate_cy,
        legal_basis=parking.charge_certificate_basis,
        # 14 days beginning with service of the charge certificate.
        minimum_days=(("pay_by_date", 13),),
        must_say=("gone up by 50%", "Traffic Enforcement Centre", "court fee"),
    ),
    LetterTemplate(
        code=LetterCode.PCN_ORDER_FOR_RECOVERY,
        title="Order for recovery",
        title_cy="Gorchymyn adennill",
        purpose="The charge is registered at the Traffic Enforcement Centre.",
        rule="RULES.md §3",
        required=("increased_amount", "costs", "pay_by_date"),
        optional=("amount_due", "vehicle_registration"),
        debt_types=_PCN,
        english=parking.order_for_recovery,
        welsh=parking.order_for_recovery_cy,
        legal_basis=parking.order_for_recovery_basis,
        # 21 days from service of the order.
        minimum_days=(("pay_by_date", 20),),
        must_say=(
            "registered as a debt",
            "witness statement",
            "did not receive the notice to owner",
            "did not receive a rejection notice",
            "no response to your appeal",
            "already paid",
            "warrant of control",
        ),
    ),
    LetterTemplate(
        code=LetterCode.AEO_EMPLOYER_ORDER,
        title="Attachment of earnings order",
        title_cy="Gorchymyn atafaelu enillion",
        purpose="Orders the debtor's employer to deduct council tax from their earnings.",
        rule="RULES.md §2.6",
        required=("employer_name", "employer_address", "amount_due"),
        optional=(),
        debt_types=_CT,  # RULES.md §2.12: none for business rates
        english=earnings.aeo_employer,
        welsh=earnings.aeo_employer_cy,
        legal_basis=earnings.aeo_basis,
        recipient=Recipient.EMPLOYER,
        must_say=("net earnings", "whole of the net earnings", "£1", "deduction table"),
    ),
    LetterTemplate(
        code=LetterCode.AEO_DEBTOR_NOTICE,
        title="Attachment of earnings order: what it means for you",
        title_cy="Gorchymyn atafaelu enillion: beth mae'n ei olygu i chi",
        purpose="Tells the debtor an attachment of earnings order was sent to their employer.",
        rule="RULES.md §2.6",
        required=("employer_name", "amount_due"),
        optional=(),
        debt_types=_CT,
        english=earnings.aeo_debtor,
        welsh=earnings.aeo_debtor_cy,
        legal_basis=earnings.aeo_basis,
        must_say=("attachment of earnings order", "leave this job"),
    ),
    LetterTemplate(
        code=LetterCode.DEA_EMPLOYER_NOTICE,
        title="Direct Earnings Attachment notice",
        title_cy="Hysbysiad Atafaelu Enillion yn Uniongyrchol",
        purpose="Asks the debtor's employer to deduct a housing benefit overpayment from pay.",
        rule="RULES.md §4.2",
        required=("employer_name", "employer_address", "amount_due"),
        optional=(),
        debt_types=_HB,
        english=earnings.dea_employer,
        welsh=earnings.dea_employer_cy,
        legal_basis=earnings.dea_basis,
        recipient=Recipient.EMPLOYER,
        must_say=("net earnings", "40%", "£1", "fewer than 10"),
    ),
    LetterTemplate(
        code=LetterCode.FRESH_NOTICE,
        title="We are starting recovery again",
        title_cy="Rydym yn ailddechrau adennill y ddyled",
        purpose="Recovery resumes after a hold (for example when a Breathing Space ends).",
        rule="RULES.md §5.2, §5.4",
        required=_LOCAL_TAX_FACTS,
        optional=("balance", "stage_name"),
        debt_types=None,
        english=local_taxes.fresh_notice,
        welsh=local_taxes.fresh_notice_cy,
        legal_basis=local_taxes.fresh_notice_basis,
        minimum_days=(("pay_by_date", 0),),
        must_say=("paused", "starting recovery again", "not added any fees or charges"),
    ),
)

LETTER_TEMPLATES: dict[str, LetterTemplate] = {t.code.value: t for t in _TEMPLATES}
