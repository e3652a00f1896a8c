"""Fill the Vietnamese sort key of the units stored before it existed."""

from django.db import migrations

from areas.base.sorting import refresh_sort_keys


def fill(apps, schema_editor):
    refresh_sort_keys(apps.get_model("areas", "Area").objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_sort_name"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
