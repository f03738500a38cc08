"""Officer UI URLs after the liability order (included by arrears/interfaces/web/urls.py)."""

from django.urls import URLPattern, path

from arrears.interfaces.web.remedies import orders, views

_ACCOUNT = "accounts/<int:account_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{_ACCOUNT}remedies/", views.AccountRemedies.as_view(), name="account-remedies"),
    path(
        f"{_ACCOUNT}remedies/information-reply/",
        views.InformationReplyRecord.as_view(),
        name="remedy-information-reply",
    ),
    path(
        f"{_ACCOUNT}remedies/enforcement-agents/",
        views.EnforcementReferral.as_view(),
        name="remedy-referral",
    ),
    path(
        f"{_ACCOUNT}enforcement-cases/<int:case_id>/outcome/",
        views.EnforcementOutcome.as_view(),
        name="remedy-referral-outcome",
    ),
    path(
        f"{_ACCOUNT}remedies/benefit-deduction/",
        views.BenefitDeductionRecord.as_view(),
        name="remedy-benefit-deduction",
    ),
    path(
        f"{_ACCOUNT}benefit-deductions/<int:deduction_id>/end/",
        views.BenefitDeductionEnd.as_view(),
        name="remedy-benefit-deduction-end",
    ),
    path(
        f"{_ACCOUNT}remedies/charging-order/",
        views.ChargingOrder.as_view(),
        name="remedy-charging-order",
    ),
    path(f"{_ACCOUNT}remedies/bankruptcy/", views.Bankruptcy.as_view(), name="remedy-bankruptcy"),
    path(f"{_ACCOUNT}remedies/committal/", views.Committal.as_view(), name="remedy-committal"),
    path(
        f"{_ACCOUNT}remedies/housing-benefit-deduction/",
        views.HbDeduction.as_view(),
        name="remedy-hb-deduction",
    ),
    path(
        f"{_ACCOUNT}remedies/direct-earnings-attachment/",
        views.DirectEarningsAttachment.as_view(),
        name="remedy-dea",
    ),
    # Attachment of earnings orders (RULES.md §2.6).
    path(f"{_ACCOUNT}attachment-orders/new/", orders.AttachmentOrderNew.as_view(), name="aeo-new"),
    path("attachment-orders/<int:order_id>/", orders.AttachmentOrderDetail.as_view(), name="aeo"),
    path(
        "attachment-orders/<int:order_id>/payments/new/",
        orders.EmployerPaymentRecord.as_view(),
        name="aeo-payment",
    ),
    path(
        "attachment-orders/<int:order_id>/cease/",
        orders.AttachmentOrderCease.as_view(),
        name="aeo-cease",
    ),
]
