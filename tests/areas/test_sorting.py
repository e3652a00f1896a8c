"""Vietnamese alphabetical order (areas.base.sorting): the key, the stored column kept on every
write path, the data migrations that fill it, and the key against PostgreSQL's own ICU ``vi``
collation where the server has one (the machine's PostgreSQL 15; not the embedded wheel)."""

import importlib
import itertools
import random
import sqlite3
import unicodedata
from pathlib import Path

import pytest
import vietnamadminunits
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.migrations.loader import MigrationLoader

from areas.base.sorting import refresh_sort_keys, sort_key_length, vi_key, vi_person_key
from areas.models import Area, AreaKind
from tests.factories import CommuneFactory, GrassrootsModelFactory, PersonFactory


def in_order(*names):
    return sorted(names, key=vi_key) == list(names)


# --- The key --------------------------------------------------------------------------------


def test_letters_in_the_vietnamese_alphabet():
    assert in_order(*"aăâbcdđeêghiklmnoôơpqrstuưvxy")
    assert in_order("Bắc", "Bình")  # ă < i
    assert in_order("Dung", "Đức")  # đ is a letter after d, not a d with a mark
    assert in_order("Đức", "Eo Gió")
    assert in_order("ong", "ông", "ơn", "pa")  # o < ô < ơ < p
    assert in_order("ung", "ưng", "va")
    assert in_order("Xã Dung", "Xã Đạ Huoai", "Xã Đức Trọng")


def test_tones_count_only_between_equal_letters_in_dictionary_order():
    assert in_order("a", "à", "ả", "ã", "á", "ạ")
    assert in_order("ma", "mà", "mả", "mã", "má", "mạ", "mac", "mác")
    assert in_order("ạ", "ă")  # a letter outweighs any tone
    assert in_order("Bà Điểm", "Ba Vì")  # the letters decide first (đ < v)
    assert in_order("Ba Vì", "Bà Vì")  # then the first tone that differs
    assert in_order("ầ", "ẩ", "ẫ", "ấ", "ậ")  # tones on â


def test_case_and_unicode_form_do_not_count():
    assert vi_key("ĐỨC TRỌNG") == vi_key("đức trọng") == vi_key("Đức Trọng")
    nfd = unicodedata.normalize("NFD", "Xã Bắc Gia Nghĩa")
    assert vi_key(nfd) == vi_key("Xã Bắc Gia Nghĩa")


def test_spaces_punctuation_digits_and_other_characters():
    assert in_order("An", "An Bình", "Ana")  # a space before any letter
    assert in_order("Ea H'leo", "Ea Hleo")  # punctuation before letters
    assert in_order("Tổ 9", "Tổ A")  # digits before letters
    assert vi_key("  Thôn   Phi Nôm ") == vi_key("Thôn Phi Nôm")
    assert vi_key("K’Ho") == vi_key("K'Ho")  # a typographic apostrophe is an apostrophe
    assert vi_key("Thôn\u200b 1") == vi_key("Thôn 1")  # a zero-width space does not count
    assert vi_key("Ðức") == vi_key("Đức")  # an Icelandic eth typed for Đ
    assert in_order("Zeta", "Ωmega")  # another script after the letters


def test_numbers_in_numeric_order():
    assert in_order("Thôn 1", "Thôn 2", "Thôn 9", "Thôn 10", "Thôn 11", "Thôn 100")
    assert in_order("Tổ 2A", "Tổ 2B", "Tổ 10")
    assert vi_key("Tổ 02") == vi_key("Tổ 2")  # leading zeros do not count
    assert in_order("Khu 9" * 3, "Khu " + "1" * 25)  # a long run of digits still orders


def test_a_person_is_filed_under_the_given_name():
    people = ["Trần Thị An", "Nguyễn Văn Ân", "Lê Văn Bình", "Nguyễn Đức", "Bùi Văn Dũng"]
    assert sorted(people, key=vi_person_key) == [
        "Trần Thị An",
        "Nguyễn Văn Ân",
        "Lê Văn Bình",
        "Bùi Văn Dũng",
        "Nguyễn Đức",
    ]
    # The same given name: then by family and middle names.
    assert in_order_person("Lê Văn An", "Nguyễn Thị An", "Nguyễn Văn An")
    assert vi_person_key("An") == vi_key("An")


def in_order_person(*names):
    return sorted(names, key=vi_person_key) == list(names)


def test_a_key_fits_its_column():
    rng = random.Random(3)
    alphabet = "aăâđêôơư0123456789 'Á-ẬỹZ\u0301\u0323"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        assert len(vi_key(text)) <= sort_key_length(len(text))
    assert len(vi_key("1a" * 60)) <= sort_key_length(120)


# --- Against ICU, where PostgreSQL has it ---------------------------------------------------


def _official_names() -> list[str]:
    data = Path(vietnamadminunits.__file__).parent / "data" / "dataset.db"
    db = sqlite3.connect(data)
    names = set()
    for table, columns in (
        ("admin_units", ("province", "ward", "provinceShort", "wardShort")),
        ("admin_units_legacy", ("province", "district", "ward", "districtShort", "wardShort")),
    ):
        for column in columns:
            names.update(n for (n,) in db.execute(f"SELECT DISTINCT {column} FROM {table}") if n)
    db.close()
    return sorted(names)


def _generated_names(count: int) -> list[str]:
    rng = random.Random(7)
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"
    tones = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]

    def letter():
        c = rng.choice(letters)
        c = c.upper() if rng.random() < 0.3 else c
        return unicodedata.normalize("NFC", c + rng.choice(tones))

    def word():
        r = rng.random()
        if r < 0.1:
            return str(rng.randint(0, 120)) if rng.random() < 0.8 else f"0{rng.randint(0, 9)}"
        if r < 0.15:
            return rng.choice("-'.,()/") + letter()
        return "".join(letter() for _ in range(rng.randint(1, 4)))

    return sorted({" ".join(word() for _ in range(rng.randint(1, 3))) for _ in range(count)})


@pytest.mark.django_db
@pytest.mark.parametrize("source", ["official units", "generated"])
def test_the_key_orders_as_icu_vietnamese_collation(source):
    with connection.cursor() as cursor:
        try:
            with transaction.atomic():
                # Secondary strength (no case), numbers by value: the order the key promises.
                cursor.execute(
                    "CREATE COLLATION pg_temp.vi_test (provider = icu, "
                    "locale = 'vi-u-kn-true-ks-level2', deterministic = false)"
                )
        except DatabaseError:
            pytest.skip("this PostgreSQL has no ICU (the embedded wheel): nothing to compare")
        names = _official_names() if source == "official units" else _generated_names(15000)
        cursor.execute(
            "SELECT n, dense_rank() OVER (ORDER BY n COLLATE pg_temp.vi_test) AS r "
            "FROM unnest(%s::text[]) AS n ORDER BY r",
            [names],
        )
        ranked = cursor.fetchall()
    assert len(ranked) > 10000
    wrong = [
        (a, b)
        for (a, rank_a), (b, rank_b) in itertools.pairwise(ranked)
        if vi_key(a) > vi_key(b) or (rank_a == rank_b) != (vi_key(a) == vi_key(b))
    ]
    assert wrong == []


# --- The stored column ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_key_is_kept_on_save_update_fields_and_bulk_create(province):
    commune = CommuneFactory(parent=province, name="Xã Bình Thuận")
    assert commune.sort_name == vi_key("Xã Bình Thuận")
    commune.name = "Xã Bắc Gia Nghĩa"
    commune.save(update_fields=["name"])
    assert Area.objects.get(pk=commune.pk).sort_name == vi_key("Xã Bắc Gia Nghĩa")

    pk = Area.reserve_ids()[0]
    Area.objects.bulk_create(
        [Area(pk=pk, name="Xã Đức Trọng", kind=AreaKind.COMMUNE, level=3, parent=province)]
    )
    assert Area.objects.get(pk=pk).sort_name == vi_key("Xã Đức Trọng")

    person = PersonFactory(commune=commune, full_name="Nguyễn Văn An")
    assert person.sort_name == vi_person_key("Nguyễn Văn An")


@pytest.mark.django_db
def test_the_key_is_not_in_the_change_history(province):
    events = apps.get_model("areas", "AreaEvent")
    assert "sort_name" not in {f.name for f in events._meta.fields}
    commune = CommuneFactory(parent=province, name="Xã Bình Thuận")
    before = events.objects.count()
    Area.objects.filter(pk=commune.pk).update(sort_name="")  # a key-only write
    assert events.objects.count() == before


@pytest.mark.django_db
def test_the_data_migrations_fill_the_rows_stored_before(province):
    communes = [
        CommuneFactory(parent=province, name=name)
        for name in ("Xã Đức Trọng", "Xã Dung", "Xã Bình Thuận", "Xã Bắc Gia Nghĩa")
    ]
    GrassrootsModelFactory(commune=communes[0], name="Đội xung kích")
    PersonFactory(commune=communes[0], full_name="Trần Thị Ánh")
    tables = [
        "areas_area",
        "models_registry_grassrootsmodel",
        "models_registry_person",
        "models_registry_modeltype",
        "patrols_incidentcategory",
    ]
    with connection.cursor() as cursor:
        for table in tables:  # as the rows were before the column existed
            cursor.execute(f"UPDATE {table} SET sort_name = ''")

    loader = MigrationLoader(connection)
    for app, name in [
        ("areas", "0003_fill_sort_name"),
        ("models_registry", "0006_fill_sort_name"),
        ("patrols", "0006_fill_sort_name"),
    ]:
        state = loader.project_state((app, name), at_end=False)
        importlib.import_module(f"{app}.migrations.{name}").fill(state.apps, None)

    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table} WHERE sort_name = ''")
            assert cursor.fetchone() == (0,), table
    names = list(
        Area.objects.filter(parent=province).order_by("sort_name").values_list("name", flat=True)
    )
    assert names == ["Xã Bắc Gia Nghĩa", "Xã Bình Thuận", "Xã Dung", "Xã Đức Trọng"]
    assert refresh_sort_keys(Area.objects.all()) == 0  # nothing left stale
