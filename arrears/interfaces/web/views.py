"""Officer UI views (placeholder until the web interface lands)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Arrears")


class Login(auth_views.LoginView):
    pass


class Logout(auth_views.LogoutView):
    pass
