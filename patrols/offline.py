"""Offline shift entry: the service worker that keeps the entry page and its assets on the
phone, and the page that lists the records waiting on it (README, "Offline entry").

The queue itself lives in the phone's IndexedDB and is sent by the pages' own script
(``static/js/offline.js``) to ``/api/shifts/``; the server keeps no state of it.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.http import HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.generic import TemplateView

# What the entry page loads, kept on the phone when the service worker installs. A script or
# stylesheet added to the entry page (or to base.html) belongs here too; anything else under
# /static/ the page loads is cached the first time it is fetched.
PRECACHE = [
    "vendor/bootstrap.min.css",
    "css/app.css",
    "img/favicon.svg",
    "vendor/htmx.min.js",
    "vendor/idb-keyval/idb-keyval.umd.js",
    "js/app.js",
    "js/forms.js",
    "js/offline-record.js",
    "js/offline-list.js",
    "js/offline.js",
    "js/formset.js",
    "js/shift.js",
    "js/shift-entry-fields.js",
    "js/shift-entry-offline.js",
]
# The worker's own code, in load order: Workbox's modules, then ours.
WORKER_SCRIPTS = [
    "vendor/workbox/workbox-core.prod.js",
    "vendor/workbox/workbox-routing.prod.js",
    "vendor/workbox/workbox-strategies.prod.js",
    "vendor/workbox/workbox-precaching.prod.js",
    "js/sw.js",
]


def _hashed_names() -> bool:
    """Production stores static files under content-hashed names (whitenoise's manifest)."""
    return isinstance(staticfiles_storage, ManifestFilesMixin)


def _revision(path: str) -> str | None:
    """A hashed URL is its own revision; otherwise the file's content hash."""
    if _hashed_names():
        return None
    found = finders.find(path)
    if not found:
        return None
    with open(found, "rb") as f:
        return hashlib.md5(f.read(), usedforsecurity=False).hexdigest()[:12]


def worker_config() -> dict:
    """The precache list with the URLs the pages really load, and the paths the worker
    routes. Its text changes whenever a file it names changes, and so does the worker's, which
    is how the phone learns to update."""
    precache = [{"url": static(p), "revision": _revision(p)} for p in PRECACHE]
    scripts = [static(p) for p in WORKER_SCRIPTS]
    version = hashlib.md5(
        json.dumps([precache, scripts, [_revision(p) for p in WORKER_SCRIPTS]]).encode(),
        usedforsecurity=False,
    ).hexdigest()[:12]
    return {
        "version": version,
        "precache": precache,
        "scripts": scripts,
        "hashed": _hashed_names(),
        "static": settings.STATIC_URL,
        "entry": reverse("patrols:shift_add"),
        "queue": reverse("patrols:offline_queue"),
        "data": reverse("shift-entry-data-list"),
        "login": reverse("accounts:login"),
        "logout": reverse("accounts:logout"),
    }


def _worker_script() -> str:
    config = worker_config()
    imports = ", ".join(json.dumps(url) for url in config["scripts"])
    return (
        "// An ninh cơ sở: the service worker of offline shift entry (patrols/offline.py).\n"
        f"self.ANNINH_OFFLINE = {json.dumps(config)};\n"
        f"importScripts({imports});\n"
    )


def service_worker(request):
    """The worker script. Served from a view, not as a static file, because it names the
    hashed URLs of this deployment; served under /patrols/ but allowed the whole site, so
    that a page opened with no connection falls back to the list of waiting records."""
    # Cheap enough to build on each request: hashed names are looked up in the manifest in
    # memory; without them (development) a dozen small files are hashed.
    response = HttpResponse(_worker_script(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


class OfflineQueueView(LoginRequiredMixin, PermissionRequiredMixin, TemplateView):
    """Trên máy này: the shifts kept on this phone — waiting, sending, sent, refused or
    waiting for a login. The page is a frame: its rows are read from the phone by
    ``static/js/offline.js``; the server holds none of them."""

    permission_required = "patrols.add_shift"
    raise_exception = False
    template_name = "patrols/offline_queue.html"

    def handle_no_permission(self):
        if self.request.user.is_authenticated:
            self.raise_exception = True
        return super().handle_no_permission()
