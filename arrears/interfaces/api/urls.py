"""
API URLs: the REST API under /api/v1/ and its OpenAPI 3 document at /api/schema/.

Every endpoint answers only with the records of the authorities the officer may see; another
council's record is a 404, exactly like a missing one (tests/functional/test_tenancy.py).
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from arrears.interfaces.api import accounts, entries, imports, parties, recovery

v1 = [
    path("parties/", parties.PartyList.as_view(), name="api-party-list"),
    path("parties/<int:party_id>/", parties.PartyDetail.as_view(), name="api-party-detail"),
    path("accounts/", accounts.AccountList.as_view(), name="api-account-list"),
    path("accounts/<int:account_id>/", accounts.AccountDetail.as_view(), name="api-account-detail"),
    path(
        "accounts/<int:account_id>/entries/",
        entries.AccountEntryList.as_view(),
        name="api-account-entry-list",
    ),
    path(
        "accounts/<int:account_id>/recovery/",
        recovery.AccountRecovery.as_view(),
        name="api-account-recovery",
    ),
    path("recovery-runs/", recovery.RecoveryRunList.as_view(), name="api-recovery-run-list"),
    path("entries/<int:entry_id>/", entries.EntryDetail.as_view(), name="api-entry-detail"),
    path("imports/", imports.ImportBatchList.as_view(), name="api-import-list"),
    path("imports/<int:batch_id>/", imports.ImportBatchDetail.as_view(), name="api-import-detail"),
]

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("v1/", include(v1)),
]
