"""The Celery application: batch work runs on workers in production, eagerly when embedded."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.config.settings")

app = Celery("arrears")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["arrears.interfaces.tasks"])
