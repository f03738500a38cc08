"""Officer UI URLs for recovery (included by arrears/interfaces/web/urls.py)."""

from django.urls import URLPattern, path

from arrears.interfaces.web.recovery import holds

urlpatterns: list[URLPattern] = [
    # Holds on an account (holds.py).
    path(
        "accounts/<int:account_id>/holds/new/",
        holds.HoldRecord.as_view(),
        name="account-hold-new",
    ),
    path(
        "accounts/<int:account_id>/holds/<int:hold_id>/end/",
        holds.HoldEnd.as_view(),
        name="account-hold-end",
    ),
]
