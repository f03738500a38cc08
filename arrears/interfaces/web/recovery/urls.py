"""Officer UI URLs for recovery (included by arrears/interfaces/web/urls.py)."""

from django.urls import URLPattern, path

from arrears.interfaces.web.recovery import holds, queues, runs, streams

urlpatterns: list[URLPattern] = [
    # The "Today" work queue (queues.py).
    path("work/", queues.WorkQueue.as_view(), name="work-queue"),
    # The daily recovery run: list, preview, start, a run and its approval (runs.py).
    path("recovery/runs/", runs.RunList.as_view(), name="recovery-runs"),
    path("recovery/runs/preview/", runs.RunPreview.as_view(), name="recovery-run-preview"),
    path("recovery/runs/start/", runs.RunStart.as_view(), name="recovery-run-start"),
    path("recovery/runs/<int:run_id>/", runs.RunDetail.as_view(), name="recovery-run"),
    path(
        "recovery/runs/<int:run_id>/approve/",
        runs.RunApprove.as_view(),
        name="recovery-run-approve",
    ),
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
