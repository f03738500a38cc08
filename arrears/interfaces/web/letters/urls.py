"""Officer UI URLs for letters (included by arrears/interfaces/web/urls.py)."""

from django.urls import URLPattern, path

from arrears.interfaces.web.letters import views

urlpatterns: list[URLPattern] = [
    path("letters/", views.Register.as_view(), name="letters"),
    path("letters/release/", views.ReleaseBatch.as_view(), name="letters-release"),
    path("letters/<int:letter_id>/", views.LetterDetail.as_view(), name="letter"),
    path("letters/<int:letter_id>/letter.pdf", views.LetterPdf.as_view(), name="letter-pdf"),
    path(
        "letters/<int:letter_id>/withdraw/",
        views.LetterWithdraw.as_view(),
        name="letter-withdraw",
    ),
    path("letters/batches/<int:batch_id>/", views.BatchDetail.as_view(), name="print-batch"),
    path(
        "letters/batches/<int:batch_id>/letters.pdf",
        views.BatchPdf.as_view(),
        name="print-batch-pdf",
    ),
    path(
        "letters/batches/<int:batch_id>/printed/",
        views.BatchPrinted.as_view(),
        name="print-batch-printed",
    ),
]
