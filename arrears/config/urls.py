"""Root URLs: the officer UI at /, the API under /api/v1/, and /healthz."""

from django.urls import include, path

urlpatterns = [
    path("api/", include("arrears.interfaces.api.urls")),
    path("", include("arrears.interfaces.web.urls")),
]
