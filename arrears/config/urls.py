"""Root URLs: the officer UI at /, the API under /api/v1/, and /healthz."""

from django.urls import include, path

from arrears.interfaces.api import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("api/", include("arrears.interfaces.api.urls")),
    path("", include("arrears.interfaces.web.urls")),
]
