"""Officer UI URLs for court (included by arrears/interfaces/web/urls.py)."""

from django.urls import URLPattern, path

from arrears.interfaces.web.court import outcomes, register, views

urlpatterns: list[URLPattern] = [
    path("court/sessions/", views.SessionList.as_view(), name="court-sessions"),
    path("court/sessions/new/", views.NewSession.as_view(), name="court-session-new"),
    path("court/sessions/<int:session_id>/", views.SessionDetail.as_view(), name="court-session"),
    path(
        "court/sessions/<int:session_id>/complaint.csv",
        register.ComplaintCsv.as_view(),
        name="court-complaint-csv",
    ),
    path(
        "court/sessions/<int:session_id>/cases/<int:case_id>/outcome/",
        outcomes.CaseOutcome.as_view(),
        name="court-outcome",
    ),
    path(
        "court/sessions/<int:session_id>/outcomes/",
        outcomes.RemainingGranted.as_view(),
        name="court-outcomes",
    ),
    path("court/liability-orders/", register.LiabilityOrders.as_view(), name="liability-orders"),
    path(
        "court/liability-orders.csv",
        register.LiabilityOrdersCsv.as_view(),
        name="liability-orders-csv",
    ),
]
