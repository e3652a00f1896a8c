"""The one scoping mechanism: each role sees its unit's subtree and nothing else."""

import pytest

from accounts.roles import Role
from areas.models import Area
from areas.scoping import ScopeError, is_scoped_model, scoped_to, unscoped
from tests.conftest import outside_any_scope
from tests.factories import CommuneFactory, UserFactory


@pytest.fixture
def tree(province, other_province, commune_a, commune_b, village_a, village_b):
    far = CommuneFactory(parent=other_province, name="Xã Ia Grai")
    return {"far": far}


def visible(user):
    return set(Area.objects.for_user(user).values_list("name", flat=True))


def test_commune_officer_sees_own_commune_and_its_villages_only(tree, officer_a):
    assert visible(officer_a) == {"Xã Hiệp Thạnh", "Thôn Phi Nôm"}


def test_province_staff_sees_the_province_subtree(tree, province_staff):
    assert visible(province_staff) == {
        "Tỉnh Lâm Đồng",
        "Xã Hiệp Thạnh",
        "Xã Đức Trọng",
        "Thôn Phi Nôm",
        "Thôn Bắc Hội",
    }


def test_country_scope_sees_everything(tree, administrator):
    assert "Xã Ia Grai" in visible(administrator)
    assert Area.objects.for_user(administrator).count() == Area.objects.count()


@pytest.mark.parametrize("superuser", [False, True])
def test_user_without_scope_sees_nothing(tree, superuser):
    user = UserFactory(role="", scope_unit=None, is_superuser=superuser)
    assert visible(user) == set()


def test_inactive_and_anonymous_users_see_nothing(tree, officer_a):
    from django.contrib.auth.models import AnonymousUser

    assert Area.objects.for_user(AnonymousUser()).count() == 0
    officer_a.is_active = False
    assert visible(officer_a) == set()


def test_soft_deleted_rows_are_hidden_but_kept(village_a, officer_a):
    village_a.soft_delete()
    assert "Thôn Phi Nôm" not in visible(officer_a)
    assert Area.all_objects.filter(pk=village_a.pk).exists()


def test_role_scope_levels_are_validated(commune_a, province):
    from django.core.exceptions import ValidationError

    user = UserFactory.build(username="x", role=Role.COMMUNE_OFFICER, scope_unit=province)
    with pytest.raises(ValidationError) as err:
        user.full_clean()
    assert "scope_unit" in err.value.message_dict


def test_role_groups_follow_the_role(commune_a, province):
    user = UserFactory(role=Role.COMMUNE_OFFICER, scope_unit=commune_a)
    assert list(user.groups.values_list("name", flat=True)) == [Role.COMMUNE_OFFICER]
    assert user.has_perm("areas.add_area")
    user.role = Role.SECRETARY
    user.scope_unit = province
    user.save()
    user = type(user).objects.get(pk=user.pk)
    assert list(user.groups.values_list("name", flat=True)) == [Role.SECRETARY]
    assert not user.has_perm("areas.add_area")


# --- scoping fails loudly ----------------------------------------------------------------


def scoped_models():
    from django.apps import apps

    return sorted((m for m in apps.get_models() if is_scoped_model(m)), key=lambda m: m._meta.label)


def test_every_owned_model_is_scoped():
    labels = {m._meta.label for m in scoped_models()}
    assert {
        "areas.Area",
        "models_registry.GrassrootsModel",
        "models_registry.Person",
        "models_registry.Membership",
        "patrols.Shift",
        "patrols.ShiftParticipant",
        "patrols.Incident",
        "patrols.ShiftMonth",
        "awards.Award",
        "awards.Proposal",
        "awards.ProposalRecipient",
        "reports.ReviewReport",
        "reports.ReportVersion",
        "accounts.Notification",
        "accounts.NotificationPreference",
    } <= labels


@pytest.mark.parametrize("model", scoped_models(), ids=lambda m: m._meta.label)
def test_reading_an_owned_model_outside_any_scope_raises(db, model):
    for manager in ("objects", "all_objects"):
        queryset = getattr(model, manager, model.objects)
        for read in (list, lambda qs: qs.count(), lambda qs: qs.exists(), lambda qs: qs.first()):
            with pytest.raises(ScopeError):
                outside_any_scope(read, queryset.all())


def test_a_subquery_outside_any_scope_raises_too(tree, officer_a):
    inner = Area.objects.filter(level=4).values("parent")
    outer = Area.objects.for_user(officer_a).filter(pk__in=inner)
    with pytest.raises(ScopeError):
        outside_any_scope(list, outer)


def test_an_explicit_scope_reads_anywhere(tree, officer_a):
    names = outside_any_scope(
        lambda: set(Area.objects.for_user(officer_a).values_list("name", flat=True))
    )
    assert names == {"Xã Hiệp Thạnh", "Thôn Phi Nôm"}


def test_the_active_scope_narrows_every_read(tree, officer_a, commune_a, commune_b):
    def read():
        with scoped_to(officer_a):
            return (
                set(Area.objects.values_list("name", flat=True)),
                set(
                    Area.objects.filter(pk__in=Area.objects.values("parent")).values_list(
                        "name", flat=True
                    )
                ),
                list(commune_b.children.all()),
                Area.objects.filter(pk=commune_b.pk).update(short_name="x"),
            )

    names, parents, children_of_b, updated = outside_any_scope(read)
    assert names == {"Xã Hiệp Thạnh", "Thôn Phi Nôm"}
    assert parents == {"Xã Hiệp Thạnh"}
    assert children_of_b == [] and updated == 0
    commune_b.refresh_from_db()
    assert commune_b.short_name != "x"


def test_a_user_without_a_unit_sees_nothing_in_their_scope(tree):
    user = UserFactory(role="", scope_unit=None)

    def read():
        with scoped_to(user):
            return Area.objects.count()

    assert outside_any_scope(read) == 0


def test_an_unscoped_block_names_its_reason(tree):
    with pytest.raises(ValueError):
        unscoped(" ")

    def read():
        with unscoped("counting every unit for this test"):
            return Area.objects.count()

    assert outside_any_scope(read) == Area.objects.count() > 0


def test_the_request_scope_is_the_user_known_when_the_query_runs(tree, officer_a, rf):
    """An API token is authenticated by DRF inside the view, after the middleware: the scope
    follows the request's user as it is when the query runs."""
    from django.contrib.auth.models import AnonymousUser

    from areas.scoping import ScopeMiddleware

    def view(request):
        before = Area.objects.count()
        request.user = officer_a  # what DRF's authentication does
        return before, set(Area.objects.values_list("name", flat=True))

    request = rf.get("/")
    request.user = AnonymousUser()
    before, names = outside_any_scope(ScopeMiddleware(view), request)
    assert before == 0
    assert names == {"Xã Hiệp Thạnh", "Thôn Phi Nôm"}


def test_a_token_client_of_the_api_is_scoped_to_its_user(tree, officer_a):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=officer_a).key}")
    names = {row["name"] for row in client.get("/api/areas/").json()["results"]}
    assert names == {"Xã Hiệp Thạnh", "Thôn Phi Nôm"}


def test_a_correlated_subquery_is_bounded_by_its_outer_query(tree, officer_a):
    """``correlated()`` reads only rows tied to the outer (scoped) rows: it adds no filter."""
    from django.db.models import Count, OuterRef, Subquery

    def read():
        children = (
            Area.objects.correlated()
            .filter(parent=OuterRef("pk"))
            .values("parent")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return dict(
            Area.objects.for_user(officer_a).annotate(n=Subquery(children)).values_list("name", "n")
        )

    assert outside_any_scope(read) == {"Xã Hiệp Thạnh": 1, "Thôn Phi Nôm": None}


def test_a_delete_is_scoped_like_a_read(tree, officer_a, village_b):
    """A queryset delete (the collector's and the fast path's) narrows to the scope, and refuses
    outside any scope."""
    rows = Area.objects.filter(pk=village_b.pk)
    with pytest.raises(ScopeError):
        outside_any_scope(lambda: rows.delete())
    with pytest.raises(ScopeError):
        outside_any_scope(lambda: rows._raw_delete("default"))

    def delete_as_officer():
        with scoped_to(officer_a):
            return rows.delete()[0], rows._raw_delete("default")

    assert outside_any_scope(delete_as_officer) == (0, 0)
    assert Area.objects.filter(pk=village_b.pk).exists()


def test_a_union_is_scoped_side_by_side_not_whole(tree, officer_a):
    union = Area.objects.filter(level=4).union(Area.objects.filter(level=5))
    with pytest.raises(ScopeError):
        union.for_user(officer_a)


def test_rows_of_listed_communes_are_read_by_their_ids_and_checked_inside_the_unit(
    tree, province_staff, officer_a, commune_a, commune_b
):
    from models_registry.models import GrassrootsModel
    from tests.factories import GrassrootsModelFactory

    own = GrassrootsModelFactory(commune=commune_a)
    other = GrassrootsModelFactory(commune=commune_b)
    far = GrassrootsModelFactory(commune=tree["far"])
    communes = Area.objects.for_user(province_staff).filter(level=commune_a.level)
    listed = {a.pk: a.path for a in communes.filter(pk=commune_a.pk)}
    qs = GrassrootsModel.objects.for_user_in_communes(province_staff, listed)
    assert set(qs) == {own}
    # The whole list of the province: its communes' rows, never another province's.
    listed = {a.pk: a.path for a in communes}
    assert set(GrassrootsModel.objects.for_user_in_communes(province_staff, listed)) == {own, other}
    # A commune outside the user's unit is refused, not read.
    with pytest.raises(ScopeError):
        GrassrootsModel.objects.for_user_in_communes(officer_a, {commune_b.pk: commune_b.path})
    with pytest.raises(ScopeError):
        GrassrootsModel.objects.for_user_in_communes(
            province_staff, {far.commune_id: far.commune.path}
        )
    # No unit: nothing.
    nobody = UserFactory(role="", scope_unit=None)
    assert not GrassrootsModel.objects.for_user_in_communes(nobody, listed).exists()


def test_rows_owned_by_a_user_are_that_users_only_whatever_the_unit(
    tree, officer_a, officer_b, administrator
):
    """A notification belongs to its recipient: not even the country's scope reaches
    another user's; the active scope and the explicit one agree; no user, none."""
    from accounts.models import Notification

    mine = Notification.objects.create(recipient=officer_a, kind="report_ready", title="A")
    theirs = Notification.objects.create(recipient=officer_b, kind="report_ready", title="B")
    assert list(Notification.objects.for_user(officer_a)) == [mine]
    assert list(Notification.objects.for_user(administrator)) == []
    with scoped_to(officer_b):
        assert list(Notification.objects.all()) == [theirs]
        assert Notification.objects.filter(pk=mine.pk).update(title="x") == 0  # writes too
    officer_a.is_active = False
    assert list(Notification.objects.for_user(officer_a)) == []
    with unscoped("the test reads every user's"):
        assert Notification.objects.count() == 2
    with pytest.raises(ScopeError):
        outside_any_scope(list, Notification.objects.all())
