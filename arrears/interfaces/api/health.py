"""`GET /healthz`: is the application up and can it reach its database (shared/INTERFACES.md)."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer {"status": "ok"} once the database answers a query, else 503 {"status": "error"}."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # The detail goes to the log, not to an unauthenticated caller.
        logger.exception("Health check: the database did not answer")
        return JsonResponse(
            {
                "status": "error",
                "database": "unavailable",
                "message": "The database did not answer.",
            },
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})
