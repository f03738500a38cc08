"""Officer UI URLs for court (included by arrears/interfaces/web/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
