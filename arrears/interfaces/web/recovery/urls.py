"""Officer UI URLs for recovery (included by arrears/interfaces/web/urls.py)."""

from django.urls import URLPattern, path

from arrears.interfaces.web.recovery import holds, queues, streams

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
    # Recovery streams administration (streams.py).
    path("streams/", streams.StreamList.as_view(), name="streams"),
    path(
        "streams/install/<int:authority_id>/",
        streams.InstallDefaults.as_view(),
        name="streams-install",
    ),
    path("streams/<int:stream_id>/", streams.StreamVersion.as_view(), name="stream"),
    path("streams/<int:stream_id>/edit/", streams.NewVersion.as_view(), name="stream-edit"),
    path(
        "streams/<int:stream_id>/stages/<int:stage_id>/change/",
        streams.StageChange.as_view(),
        name="stream-stage-change",
    ),
    path(
        "streams/<int:stream_id>/stages/<int:stage_id>/costs/new/",
        streams.CostAdd.as_view(),
        name="stream-cost-add",
    ),
]
