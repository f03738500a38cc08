"""
The composition root. The Celery app loads with Django, as Celery's Django guide asks, so that
a task started from a web page runs eagerly in the embedded default and goes to the broker when
CELERY_BROKER_URL is set.
"""

from arrears.config.celery import app as celery_app

__all__ = ["celery_app"]
