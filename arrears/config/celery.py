"""The Celery application: batch work runs on workers in production, eagerly when embedded."""

import importlib
import os
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arrears.config.settings")

# The task modules of arrears.interfaces.tasks. Pages start tasks by name (the interfaces may
# not import each other), so every process registers them: a worker when it imports its
# modules, a web process when it first looks a task up (the app finalises then, after Django
# is set up).
TASKS_PACKAGE = "arrears.interfaces.tasks"
TASK_MODULES = ["recovery"]

app = Celery("arrears")
app.config_from_object("django.conf:settings", namespace="CELERY")
for module in TASK_MODULES:
    app.autodiscover_tasks([TASKS_PACKAGE], related_name=module)


@app.on_after_finalize.connect
def _register_task_modules(sender: Celery, **kwargs: Any) -> None:
    from django.apps import apps

    if apps.ready:
        for name in TASK_MODULES:
            importlib.import_module(f"{TASKS_PACKAGE}.{name}")
