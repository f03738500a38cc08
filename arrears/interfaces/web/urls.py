"""Officer UI URLs."""

from django.urls import include, path

from arrears.interfaces.web import exports, imports, staff, views
from arrears.interfaces.web.ledger_actions import views as ledger_actions
from arrears.interfaces.web.party_changes import views as party_changes

app_name = "web"

urlpatterns = [
    path("", views.Search.as_view(), name="home"),
    path("login/", views.Login.as_view(), name="login"),
    path("logout/", views.Logout.as_view(), name="logout"),
    path("parties/<int:party_id>/", views.PartyDetail.as_view(), name="party"),
    path("accounts/<int:account_id>/", views.AccountDetail.as_view(), name="account"),
    path("audit/", views.AuditTrail.as_view(), name="audit"),
    # Audited CSV exports (arrears/interfaces/web/exports.py).
    path("parties/<int:party_id>/export.csv", exports.PartyExport.as_view(), name="party-export"),
    path("export.csv", exports.SearchExport.as_view(), name="search-export"),
    # Ledger actions on an account (arrears/interfaces/web/ledger_actions/).
    path(
        "accounts/<int:account_id>/payments/new/",
        ledger_actions.RecordPayment.as_view(),
        name="record-payment",
    ),
    path(
        "accounts/<int:account_id>/charges/new/",
        ledger_actions.PostCharge.as_view(),
        name="post-charge",
    ),
    path(
        "accounts/<int:account_id>/write-offs/new/",
        ledger_actions.WriteOff.as_view(),
        name="write-off",
    ),
    path("accounts/<int:account_id>/refunds/new/", ledger_actions.Refund.as_view(), name="refund"),
    path(
        "accounts/<int:account_id>/entries/<int:entry_id>/reverse/",
        ledger_actions.ReverseEntry.as_view(),
        name="reverse-entry",
    ),
    # Import upload, preview and confirm (arrears/interfaces/web/imports.py) are added below.
    path("imports/", imports.Upload.as_view(), name="import-upload"),
    path("imports/<int:batch_id>/", imports.BatchPage.as_view(), name="import-batch"),
    path("imports/<int:batch_id>/confirm/", imports.Confirm.as_view(), name="import-confirm"),
    path("imports/<int:batch_id>/discard/", imports.Discard.as_view(), name="import-discard"),
    # Staff administration and the officer's own password (arrears/interfaces/web/staff.py).
    path("staff/", staff.StaffList.as_view(), name="staff"),
    path("staff/new/", staff.CreateOfficer.as_view(), name="staff-new"),
    path("staff/<int:officer_id>/", staff.OfficerPage.as_view(), name="staff-officer"),
    path("staff/<int:officer_id>/change/", staff.ChangeOfficer.as_view(), name="staff-change"),
    path(
        "staff/<int:officer_id>/deactivate/",
        staff.DeactivateOfficer.as_view(),
        name="staff-deactivate",
    ),
    path(
        "staff/<int:officer_id>/reactivate/",
        staff.ReactivateOfficer.as_view(),
        name="staff-reactivate",
    ),
    path("staff/<int:officer_id>/unlock/", staff.UnlockOfficer.as_view(), name="staff-unlock"),
    path("account/password/", staff.ChangeOwnPassword.as_view(), name="password-change"),
    # Recording a party's markers and details (arrears/interfaces/web/party_changes.py).
    path(
        "parties/<int:party_id>/markers/new/",
        party_changes.MarkerRecord.as_view(),
        name="party-marker-new",
    ),
    path(
        "parties/<int:party_id>/markers/<int:marker_id>/end/",
        party_changes.MarkerEnd.as_view(),
        name="party-marker-end",
    ),
    path(
        "parties/<int:party_id>/addresses/new/",
        party_changes.AddressAdd.as_view(),
        name="party-address-new",
    ),
    path(
        "parties/<int:party_id>/contacts/new/",
        party_changes.ContactAdd.as_view(),
        name="party-contact-new",
    ),
    path(
        "parties/<int:party_id>/aliases/new/",
        party_changes.AliasAdd.as_view(),
        name="party-alias-new",
    ),
    path(
        "parties/<int:party_id>/links/new/",
        party_changes.LinkAdd.as_view(),
        name="party-link-new",
    ),
    path(
        "parties/<int:party_id>/details/change/",
        party_changes.DetailsCorrect.as_view(),
        name="party-details-change",
    ),
    # Recovery, court and letters pages live in their own packages.
    path("", include("arrears.interfaces.web.recovery.urls")),
    path("", include("arrears.interfaces.web.court.urls")),
    path("", include("arrears.interfaces.web.letters.urls")),
    path("", include("arrears.interfaces.web.remedies.urls")),
]
