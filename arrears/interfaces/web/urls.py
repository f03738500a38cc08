"""Officer UI URLs."""

from django.urls import path

from arrears.interfaces.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.Login.as_view(), name="login"),
    path("logout/", views.Logout.as_view(), name="logout"),
]
