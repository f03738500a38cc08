"""Officer UI URLs."""

from django.urls import path

from arrears.interfaces.web import views

app_name = "web"

urlpatterns = [
    path("", views.Search.as_view(), name="home"),
    path("login/", views.Login.as_view(), name="login"),
    path("logout/", views.Logout.as_view(), name="logout"),
    path("parties/<int:party_id>/", views.PartyDetail.as_view(), name="party"),
    path("accounts/<int:account_id>/", views.AccountDetail.as_view(), name="account"),
    path("audit/", views.AuditTrail.as_view(), name="audit"),
    # Import upload, preview and confirm (arrears/interfaces/web/imports.py) are added below.
]
