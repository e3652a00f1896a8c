"""Celery application. Without CELERY_BROKER_URL tasks run inline (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("anninh")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The review reports' tasks and the dashboards' weekly digest live in their parts of the
# reports app.
app.autodiscover_tasks(["reports.reviews", "reports.dashboards"])
