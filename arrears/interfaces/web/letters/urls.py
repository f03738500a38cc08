"""Officer UI URLs for letters (included by arrears/interfaces/web/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
