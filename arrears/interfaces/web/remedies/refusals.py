"""The named refusals of the remedies services, shown to the officer in their own words."""

from arrears.enforcement import services as enforcement
from arrears.recovery.domain.attachment import NoTableInForce, PeriodNotVerified
from arrears.recovery.domain.deductions import RateNotHeld
from arrears.recovery.services import attachments, deductions, information, remedies

# ValueError covers the letters service's refusals (no postal address, a Breathing Space, a
# template refusing its facts) and the services' checks of what was typed.
REFUSALS: tuple[type[Exception], ...] = (
    remedies.RemedyNotAllowed,
    remedies.NoRecoveryCase,
    remedies.UnknownRemedy,
    remedies.NotADebtor,
    information.NotAfterLiabilityOrder,
    information.ReplyDeadlineNotPassed,
    deductions.DeductionInForce,
    deductions.DeductionNotInForce,
    deductions.AboveMaximumDeduction,
    attachments.TooManyAttachmentOrders,
    attachments.OrderNotActive,
    attachments.PaymentAlreadyRecorded,
    attachments.NotAPayDay,
    enforcement.ReferralNotOpen,
    NoTableInForce,
    PeriodNotVerified,
    RateNotHeld,
    ValueError,
)
