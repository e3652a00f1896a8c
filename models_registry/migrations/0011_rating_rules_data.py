"""The statutory team type gets its rating rules (Hoàn thành tốt / Hoàn thành / Không hoàn
thành nhiệm vụ, over 15/11 – 14/11); the ratings already recorded stay on the Tốt / Trung
bình / Yếu scale, those of years already over approved as they stand, the current year's
confirmed (the province approves them on the rating page)."""

from django.db import migrations
from django.db.models import F
from django.utils import timezone


def forwards(apps, schema_editor):
    ModelType = apps.get_model("models_registry", "ModelType")
    ModelRating = apps.get_model("models_registry", "ModelRating")
    ModelType.objects.filter(is_statutory=True).update(rating_scale="duty", rating_year="nov15")
    ModelRating.objects.update(scale="grade")
    this_year = timezone.localdate().year
    ModelRating.objects.filter(year__lt=this_year).update(
        status="approved", approved_at=F("updated_at")
    )
    ModelRating.objects.filter(year__gte=this_year).update(status="confirmed")


def backwards(apps, schema_editor):
    ModelType = apps.get_model("models_registry", "ModelType")
    ModelType.objects.update(rating_scale="grade", rating_year="calendar")


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0010_rating_scales_and_status")]

    operations = [migrations.RunPython(forwards, backwards)]
