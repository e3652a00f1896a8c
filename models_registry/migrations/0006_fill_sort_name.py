"""Fill the Vietnamese sort keys of the model types, models and persons stored before they
existed."""

from django.db import migrations

from areas.base.sorting import refresh_sort_keys


def fill(apps, schema_editor):
    for name in ("ModelType", "GrassrootsModel", "Person"):
        refresh_sort_keys(apps.get_model("models_registry", name).objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("models_registry", "0005_sort_name"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
