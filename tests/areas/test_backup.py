"""Backups (README, "Backups"): `manage.py backup` writes the database and the private files
into one dated archive; `manage.py restore` brings both back into a new, empty database — the
same rows per table, the same PDF bytes, the history triggers working — and refuses a database
that is not empty, or an archive whose checksums do not match. Real PostgreSQL, real pg_dump."""

import dataclasses
import datetime
import io
import json
import os
import re
import tarfile
from urllib.parse import quote

import psycopg
import pytest
import weasyprint
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from areas.backup.postgres import (
    BackupError,
    Database,
    find_tool,
    inventory,
    tool_version,
)
from models_registry.models import Person
from reports.models import RenderStatus, ReportVersion
from reports.reviews import jobs, services
from reports.statistics import Period
from tests.factories import (
    AwardFactory,
    GrassrootsModelFactory,
    MembershipFactory,
    ModelTypeFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def url(database: Database) -> str:
    user = quote(database.user) + (f":{quote(database.password)}" if database.password else "")
    if database.host.startswith("/"):  # the embedded server's socket directory
        return f"postgres://{user}@/{database.name}?host={quote(database.host)}"
    port = f":{database.port}" if database.port else ""
    return f"postgres://{user}@{database.host}{port}/{database.name}"


@pytest.fixture
def source() -> Database:
    return Database.from_settings(connection.settings_dict)


@pytest.fixture
def new_database(source):
    """A new, empty database on the same server, dropped afterwards."""
    target = dataclasses.replace(source, name=f"{source.name}_restored_{os.getpid()}")
    with dataclasses.replace(source, name="postgres").connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.name}"')
        conn.execute(f"CREATE DATABASE \"{target.name}\" ENCODING 'UTF8' TEMPLATE template0")
    yield target
    with dataclasses.replace(source, name="postgres").connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{target.name}" WITH (FORCE)')


def private_storage(settings, root):
    settings.PRIVATE_MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }


@pytest.fixture
def world(settings, tmp_path, commune_a, village_a, officer_a):
    """A commune's registry, an award and a review report whose rendered PDF is in a private
    directory of the test's own."""
    private_storage(settings, tmp_path / "private")
    team = GrassrootsModelFactory(
        name="Tổ tuần tra Phi Nôm", commune=commune_a, model_type=ModelTypeFactory()
    )
    person = PersonFactory(full_name="Trần Văn An", commune=commune_a, village=village_a)
    MembershipFactory(person=person, model=team, role="leader")
    AwardFactory(model=team, decision_number="5/QĐ-CAT")
    report = services.create_report(
        user=officer_a,
        kind="interim",
        unit=commune_a,
        period=Period(datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)),
        title="Sơ kết tuần tra Phi Nôm",
    )
    version = ReportVersion.objects.create(report=report, number=1, requested_by=officer_a)
    pdf = weasyprint.HTML(string="<h1>Báo cáo sơ kết Phi Nôm</h1>").write_pdf()
    name = jobs.store_pdf(version, pdf)
    ReportVersion.objects.filter(pk=version.pk).update(status=RenderStatus.READY, pdf=name, pages=1)
    return {"person": person, "pdf_name": name, "pdf": pdf, "private": tmp_path / "private"}


def backup(tmp_path) -> tuple:
    out = io.StringIO()
    call_command("backup", output_dir=tmp_path / "backups", stdout=out)
    (path,) = (tmp_path / "backups").glob("*.tar")
    return path, out.getvalue()


def counts(database: Database) -> dict:
    with database.connect() as conn:
        return inventory(conn)


def test_backup_and_restore_into_a_new_database(world, tmp_path, source, new_database):
    path, said = backup(tmp_path)
    assert re.fullmatch(r"anninh-\d{4}-\d\d-\d\dT\d{4}\.tar", path.name) and str(path) in said
    assert path.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only
    with tarfile.open(path) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names == {"db.dump", "manifest.json", f"private/{world['pdf_name']}"}
    expected = counts(source)
    assert manifest["tables"] == expected["tables"]
    assert manifest["tables"]["public.reports_reportversion"] == 1
    assert manifest["tables"]["public.models_registry_person"] == 1
    assert manifest["private"][world["pdf_name"]]["size"] == len(world["pdf"])
    assert manifest["versions"]["pg_dump"].split()[2].split(".")[0] == str(
        manifest["server_major"]
    )  # the server's own major version

    restored_private = tmp_path / "restored-private"
    call_command(
        "restore",
        str(path),
        database_url=url(new_database),
        private_root=restored_private,
        stdout=io.StringIO(),
    )
    restored = counts(new_database)
    assert restored["tables"] == expected["tables"]
    assert restored["triggers"] == expected["triggers"] and restored["extensions"]
    assert (restored_private / world["pdf_name"]).read_bytes() == world["pdf"]

    # The history triggers came back: an update is recorded, a hard delete refused.
    events = apps.get_model("models_registry", "PersonEvent")._meta.db_table
    person = Person._meta.db_table
    with new_database.connect() as conn:
        before = conn.execute(f"SELECT count(*) FROM {events}").fetchone()[0]
        conn.execute(f"UPDATE {person} SET full_name = 'Trần Văn Bình'")
        assert conn.execute(f"SELECT count(*) FROM {events}").fetchone()[0] == before + 1
        with pytest.raises(psycopg.errors.RaiseException):
            conn.execute(f"DELETE FROM {person}")


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(
    world, tmp_path, source, new_database
):
    path, _ = backup(tmp_path)
    with new_database.connect() as conn:
        conn.execute("CREATE TABLE notes (text text)")
        conn.execute("INSERT INTO notes VALUES ('kept')")
    with pytest.raises(CommandError, match="is not empty"):
        call_command(
            "restore", str(path), database_url=url(new_database), private_root=tmp_path / "p"
        )
    assert counts(new_database)["tables"] == {"public.notes": 1}  # untouched
    assert not (tmp_path / "p").exists()

    # The portal's own database (the source) is refused too.
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(path), private_root=tmp_path / "p")

    call_command(
        "restore",
        str(path),
        database_url=url(new_database),
        private_root=tmp_path / "p",
        force=True,
        stdout=io.StringIO(),
    )
    assert counts(new_database)["tables"] == counts(source)["tables"]  # notes gone
    assert (tmp_path / "p" / world["pdf_name"]).read_bytes() == world["pdf"]


def test_restore_refuses_files_in_the_private_directory(world, tmp_path, new_database):
    path, _ = backup(tmp_path)
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "scan.pdf").write_bytes(b"%PDF-1.7 a scan")
    with pytest.raises(CommandError, match="holds 1 files"):
        call_command(
            "restore", str(path), database_url=url(new_database), private_root=tmp_path / "p"
        )
    assert counts(new_database)["tables"] == {}


def rewrite(path, change):
    """The archive with ``change(name, data)`` applied to each member's bytes."""
    with tarfile.open(path) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(path, "w") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))


def test_a_damaged_archive_changes_nothing(world, tmp_path, new_database):
    path, _ = backup(tmp_path)
    pdf = f"private/{world['pdf_name']}"
    rewrite(path, lambda name, data: data[:-5] + b"XXXXX" if name == pdf else data)
    with pytest.raises(CommandError, match="does not match its checksum"):
        call_command(
            "restore", str(path), database_url=url(new_database), private_root=tmp_path / "p"
        )
    assert counts(new_database)["tables"] == {} and not (tmp_path / "p").exists()


def test_a_dump_from_a_newer_server_is_refused(world, tmp_path, new_database):
    path, _ = backup(tmp_path)

    def newer(name, data):
        if name != "manifest.json":
            return data
        return json.dumps({**json.loads(data), "server_major": 99}).encode()

    rewrite(path, newer)
    with pytest.raises(CommandError, match="comes from PostgreSQL 99"):
        call_command("restore", str(path), database_url=url(new_database))
    assert counts(new_database)["tables"] == {}


def test_pg_dump_of_the_server_major_version_or_a_clear_error(source):
    with source.connect() as conn:
        major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    path, text = find_tool("pg_dump", major)
    assert tool_version(path)[0] == major and f"(PostgreSQL) {major}." in text
    with pytest.raises(BackupError, match=r"no pg_dump of PostgreSQL 7, .*found: .*\(\d+\)"):
        find_tool("pg_dump", 7)


def test_database_urls():
    tcp = Database.from_url("postgres://an:m%40t@db.example:5433/anninh")
    assert (tcp.user, tcp.password, tcp.host, tcp.port, tcp.name) == (
        "an",
        "m@t",
        "db.example",
        "5433",
        "anninh",
    )
    assert tcp.env()["PGPASSWORD"] == "m@t" and "m@t" not in str(tcp)
    socket = Database.from_url("postgres://postgres@/anninh?host=/var/Run/PG")
    assert (socket.host, socket.name) == ("/var/Run/PG", "anninh")
    with pytest.raises(BackupError, match="not a PostgreSQL database URL") as refused:
        Database.from_url("mysql://an:secret@db/anninh")
    assert "secret" not in str(refused.value)
