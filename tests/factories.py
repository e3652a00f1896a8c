"""factory_boy factories for the domain; every later issue adds its models here."""

import datetime

import factory

from accounts.models import User
from accounts.roles import Role
from areas.models import Area, AreaKind


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    kind = AreaKind.COMMUNE
    name = factory.Sequence(lambda n: f"Xã Số {n}")
    code = factory.Sequence(lambda n: f"T{n:05d}")


class CountryFactory(AreaFactory):
    kind = AreaKind.COUNTRY
    name = "Việt Nam"
    code = "VN"
    parent = None


class ProvinceFactory(AreaFactory):
    kind = AreaKind.PROVINCE
    name = factory.Sequence(lambda n: f"Tỉnh Số {n}")


class CommuneFactory(AreaFactory):
    kind = AreaKind.COMMUNE


class VillageFactory(AreaFactory):
    kind = AreaKind.VILLAGE
    code = ""
    name = factory.Sequence(lambda n: f"Thôn {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn"
    last_name = "Nguyễn"
    role = Role.COMMUNE_OFFICER
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-2026")

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ModelTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "models_registry.ModelType"
        django_get_or_create = ["name"]

    name = "Tổ tuần tra phòng, chống tội phạm"
    category = "patrol"


class GrassrootsModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "models_registry.GrassrootsModel"

    name = factory.Sequence(lambda n: f"Tổ tuần tra số {n}")
    model_type = factory.SubFactory(ModelTypeFactory)
    established_on = datetime.date(2021, 3, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "models_registry.Person"

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    birth_year = 1980
    gender = "male"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "models_registry.Membership"

    role = "member"
    joined_on = datetime.date(2021, 3, 1)


class CameraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "models_registry.Camera"

    code = factory.Sequence(lambda n: f"CAM-{n:03d}")
    place = "Ngã ba chợ"
    kind = "fixed"
    funding = "public"
    installed_on = datetime.date(2022, 5, 1)


class AwardFactory(factory.django.DjangoModelFactory):
    """An award to a grassroots model (pass ``model``); other kinds set their own fields."""

    class Meta:
        model = "awards.Award"

    recipient_kind = "model"
    model = None
    person = None
    unit = factory.LazyAttribute(
        lambda o: o.model.commune if o.model else o.person.commune if o.person else None
    )
    form = "certificate_of_merit"
    issuer = "police_director"
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-CAT")
    decision_date = datetime.date(2025, 8, 19)
    reason = "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc"


def _category(code: str = "theft_property"):
    from patrols.models import IncidentCategory

    return IncidentCategory.objects.get(code=code)


class IncidentFactory(factory.django.DjangoModelFactory):
    """An incident of a grassroots model (pass ``model``), a patrol find by default; a tip-off
    with ``detected_by="tip_off"`` (and ``solved_case`` to link it to its case)."""

    class Meta:
        model = "patrols.Incident"

    commune = factory.LazyAttribute(lambda o: o.model.commune)
    occurred_at = datetime.datetime(2025, 3, 10, 14, 0, tzinfo=datetime.UTC)
    category = factory.LazyFunction(_category)
    detected_by = "patrol"
    outcome = "handed_to_police"
