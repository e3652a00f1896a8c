"""Fill the Vietnamese sort key of the incident categories stored before it existed."""

from django.db import migrations

from areas.base.sorting import refresh_sort_keys


def fill(apps, schema_editor):
    refresh_sort_keys(apps.get_model("patrols", "IncidentCategory").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("patrols", "0005_sort_name"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
