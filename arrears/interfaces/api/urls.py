"""API URLs: /api/v1/..., the OpenAPI document at /api/schema/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from arrears.interfaces.api import views

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("v1/health/", views.health, name="api-health"),
]
