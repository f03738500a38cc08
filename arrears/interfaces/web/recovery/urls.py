"""Officer UI URLs for recovery (included by arrears/interfaces/web/urls.py)."""

from django.urls import URLPattern, path

from arrears.interfaces.web.recovery import holds, queues

urlpatterns: list[URLPattern] = [
    # The "Today" work queue (queues.py).
    path("work/", queues.WorkQueue.as_view(), name="work-queue"),
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
