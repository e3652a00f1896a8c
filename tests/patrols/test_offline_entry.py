"""Offline entry, server side: the entry page's data for the phone, the service worker with
this deployment's static URLs, the page listing what waits on the phone, and the shift API
as the phone's queue uses it (README, "Offline entry"). The phone itself is driven in
tests/e2e/test_offline_browser.py."""

import datetime
import hashlib
import json
import re
import uuid

from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from patrols import offline
from patrols.models import Shift
from tests.conftest import login
from tests.factories import GrassrootsModelFactory, MembershipFactory, PersonFactory, VillageFactory

DATA_URL = "/api/shift-entry-data/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# --- the entry page's data ----------------------------------------------------------------


def test_the_data_carries_the_communes_teams_members_service_dates_villages_and_categories(
    officer_a, model_a, crew, village_a, category, commune_b, patrol_type
):
    left = crew[5].memberships.get()
    left.left_on = datetime.date(2024, 6, 30)
    left.save()
    MembershipFactory(person=crew[5], model=model_a, joined_on=datetime.date(2025, 1, 1))
    GrassrootsModelFactory(name="Tổ tuần tra Bắc Hội", commune=commune_b, model_type=patrol_type)

    data = api(officer_a).get(DATA_URL).json()

    assert data["user"] == officer_a.pk and data["members_included"] is True
    assert [t["name"] for t in data["teams"]] == ["Tổ tuần tra Phi Nôm"]
    team = data["teams"][0]
    assert team["established_on"] == model_a.established_on.isoformat()
    members = {m["name"]: m for m in team["members"]}
    assert set(members) == {p.full_name for p in crew}
    assert members["Tuần tra viên 0"]["served"] == [
        {"role": "leader", "from": "2021-03-01", "to": None}
    ]
    assert members["Tuần tra viên 5"]["served"] == [
        {"role": "member", "from": "2021-03-01", "to": "2024-06-30"},
        {"role": "member", "from": "2025-01-01", "to": None},
    ]
    assert [v["name"] for v in data["villages"]] == [village_a.name]
    assert category.name in [c["name"] for c in data["categories"]]
    assert data["csrf_token"]
    assert "Bắc Hội" not in json.dumps(data, ensure_ascii=False)


def test_the_data_reads_a_fixed_number_of_queries(officer_a, model_a, crew, patrol_type):
    client = api(officer_a)
    client.get(DATA_URL)  # the role's permissions, read once per user

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(DATA_URL).status_code == 200
        return len(captured)

    few = queries()
    for i in range(4):
        team = GrassrootsModelFactory(commune=model_a.commune, model_type=patrol_type)
        for j in range(3):
            person = PersonFactory(commune=model_a.commune, full_name=f"Người {i}-{j}")
            MembershipFactory(person=person, model=team)
        VillageFactory(parent=model_a.commune, name=f"Thôn {i}")
    assert queries() == few


def test_a_province_user_gets_the_teams_without_members(province_staff, model_a, crew):
    data = api(province_staff).get(DATA_URL).json()
    assert data["members_included"] is False
    assert [t["id"] for t in data["teams"]] == [model_a.pk]
    assert "members" not in data["teams"][0] and data["villages"] == []


def test_without_a_session_the_data_answers_401_so_the_phone_asks_for_a_login(db):
    response = APIClient().get(DATA_URL)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")


def test_the_data_is_for_those_who_record_shifts(secretary, model_a):
    assert api(secretary).get(DATA_URL).status_code == 403


# --- the service worker ---------------------------------------------------------------------


def _worker(client):
    response = client.get(reverse("patrols:service_worker"))
    assert response.status_code == 200
    text = response.content.decode()
    config = json.loads(re.search(r"self\.ANNINH_OFFLINE = (\{.*\});", text).group(1))
    return response, text, config


def test_the_worker_is_served_for_the_whole_site_and_never_from_a_cache(client):
    response, text, config = _worker(client)
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert config["entry"] == reverse("patrols:shift_add")
    assert config["data"] == DATA_URL and config["queue"] == reverse("patrols:offline_queue")
    imports = re.search(r"importScripts\((.*)\);", text).group(1)
    assert json.loads(f"[{imports}]") == [static(p) for p in offline.WORKER_SCRIPTS]


def test_without_hashed_names_each_file_is_precached_with_its_content_hash(client):
    _response, _text, config = _worker(client)
    assert config["hashed"] is False
    for entry, path in zip(config["precache"], offline.PRECACHE, strict=True):
        with open(finders.find(path), "rb") as f:
            digest = hashlib.md5(f.read(), usedforsecurity=False).hexdigest()[:12]
        assert entry == {"url": static(path), "revision": digest}


def test_the_worker_changes_when_a_file_it_names_changes(client, monkeypatch):
    _response, before, _config = _worker(client)
    real = offline._revision
    monkeypatch.setattr(
        offline, "_revision", lambda p: "changed" if p == "js/offline.js" else real(p)
    )
    _response, after, _config = _worker(client)
    assert before != after


def test_with_hashed_names_the_worker_names_the_hashed_urls(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    _response, text, config = _worker(client)
    assert config["hashed"] is True
    urls = [e["url"] for e in config["precache"]]
    assert re.fullmatch(
        r"/static/js/offline\.[0-9a-f]{12}\.js", urls[PRECACHE_INDEX["js/offline.js"]]
    )
    assert all(e["revision"] is None for e in config["precache"])
    assert re.search(r"/static/js/sw\.[0-9a-f]{12}\.js", text)
    assert re.search(r"/static/vendor/workbox/workbox-core\.prod\.[0-9a-f]{12}\.js", text)


PRECACHE_INDEX = {path: i for i, path in enumerate(offline.PRECACHE)}


# --- the page of what waits on the phone, and the hooks on every page --------------------------


def test_the_queue_page_is_a_frame_for_the_phones_records(client_a):
    response = client_a.get(reverse("patrols:offline_queue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "data-offline-queue" in body and "Ca tuần tra lưu trên máy này" in body


def test_the_queue_page_asks_a_login_and_the_role_to_record(client, secretary):
    url = reverse("patrols:offline_queue")
    assert client.get(url).url.startswith(reverse("accounts:login"))
    assert login(secretary).get(url).status_code == 403


def test_every_page_carries_the_queue_script_with_the_users_id(client_a, officer_a):
    body = client_a.get("/").content.decode()
    assert f'data-user="{officer_a.pk}"' in body and 'data-can-enter="1"' in body
    assert "data-offline-badge" in body and "data-offline-panel" in body
    assert 'id="offline-text"' in body and "Chờ gửi" in body
    assert "Vụ việc {n}" in body  # the script puts the number in


def test_the_login_page_carries_the_queue_without_a_user(client):
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'data-user=""' in body and "data-offline-badge" in body


def test_only_the_new_shift_page_keeps_drafts(client_a, model_a, crew):
    assert "shift-entry-offline.js" in client_a.get(reverse("patrols:shift_add")).content.decode()


def test_a_saved_shifts_page_names_its_submission_key(client_a, model_a, crew):
    key = uuid.uuid4()
    shift = Shift.objects.create(
        model=model_a,
        commune=model_a.commune,
        starts_at=timezone.now() - datetime.timedelta(hours=5),
        ends_at=timezone.now() - datetime.timedelta(hours=3),
        submission_key=key,
    )
    body = client_a.get(reverse("patrols:shift_detail", args=[shift.pk])).content.decode()
    assert f'data-offline-saved="{key}"' in body


# --- the shift API as the queue uses it -------------------------------------------------------


def _queued(team, crew, category, start, end, incident_at, key=None):
    """What static/js/offline.js sends: local times as typed, without an offset."""
    return {
        "submission_key": str(key or uuid.uuid4()),
        "model": str(team.pk),
        "participants": [str(p.pk) for p in crew],
        "villages": [],
        "leader": str(crew[0].pk),
        "route": "",
        "notes": "Gửi từ hàng đợi",
        "guests_police": "1",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M:%S"),
        "ends_at": end.strftime("%Y-%m-%dT%H:%M:%S"),
        "incidents": [
            {
                "category": str(category.pk),
                "detected_by": "patrol",
                "outcome": "handed_to_police",
                "persons_involved": "1",
                "suspects_arrested": "0",
                "occurred_at": incident_at.strftime("%Y-%m-%dT%H:%M:%S"),
            }
        ],
    }


def test_a_shift_sent_hours_later_is_recorded_at_the_times_typed(
    officer_a, model_a, crew, category
):
    # Typed on the phone the night before, sent 30 hours after its end: the service judges
    # the shift's own times, and there is no rule against a late send.
    local = timezone.localtime()
    end = (local - datetime.timedelta(hours=30)).replace(minute=0, second=0, microsecond=0)
    start = end - datetime.timedelta(hours=3)
    body = _queued(
        model_a, crew, category, start, end, incident_at=start + datetime.timedelta(hours=1)
    )
    response = api(officer_a).post("/api/shifts/", body, format="json")
    assert response.status_code == 201, response.json()
    shift = Shift.objects.get()
    assert timezone.localtime(shift.starts_at).replace(tzinfo=None) == start.replace(tzinfo=None)
    assert shift.starts_at == start and shift.ends_at == end
    assert shift.incidents.get().occurred_at == start + datetime.timedelta(hours=1)


def test_the_same_record_sent_twice_is_one_shift(officer_a, model_a, crew, category):
    local = timezone.localtime()
    start = (local - datetime.timedelta(hours=8)).replace(minute=0, second=0, microsecond=0)
    body = _queued(
        model_a,
        crew,
        category,
        start,
        start + datetime.timedelta(hours=2),
        incident_at=start + datetime.timedelta(minutes=30),
    )
    client = api(officer_a)
    first = client.post("/api/shifts/", body, format="json")
    second = client.post("/api/shifts/", body, format="json")
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"] and Shift.objects.count() == 1


def test_a_refused_record_comes_back_with_the_servers_messages_by_field(
    officer_a, model_a, crew, category
):
    local = timezone.localtime()
    start = (local + datetime.timedelta(hours=2)).replace(minute=0, second=0, microsecond=0)
    body = _queued(
        model_a, crew, category, start, start + datetime.timedelta(hours=2), incident_at=start
    )
    response = api(officer_a).post("/api/shifts/", body, format="json")
    assert response.status_code == 400
    assert response.json()["starts_at"] == ["Ca tuần tra không thể bắt đầu ở thời điểm tương lai."]
    assert Shift.objects.count() == 0


def test_the_api_checks_the_token_of_a_session(client_a, model_a, crew, category):
    # The queue sends with the session's cookie and the token the data endpoint gives.
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.cookies = client_a.cookies
    local = timezone.localtime()
    start = (local - datetime.timedelta(hours=8)).replace(minute=0, second=0, microsecond=0)
    body = _queued(
        model_a, crew, category, start, start + datetime.timedelta(hours=2), incident_at=start
    )
    refused = client.post("/api/shifts/", body, content_type="application/json")
    assert refused.status_code == 403 and Shift.objects.count() == 0
    token = client.get(DATA_URL).json()["csrf_token"]
    saved = client.post(
        "/api/shifts/", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert saved.status_code == 201 and Shift.objects.count() == 1


def test_everything_the_entry_page_loads_is_kept_on_the_phone(client_a, model_a, crew):
    """A script or style added to the entry page must be in the worker's precache, or the page
    opens offline without it."""
    import re

    from patrols.offline import PRECACHE

    html = client_a.get(reverse("patrols:shift_add")).content.decode()
    loaded = set(re.findall(r'(?:src|href)="/static/([^"]+\.(?:js|css))"', html))
    assert loaded and loaded <= set(PRECACHE), loaded - set(PRECACHE)
