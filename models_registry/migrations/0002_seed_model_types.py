from django.db import migrations


def seed(apps, schema_editor):
    from models_registry.catalogue import seed_model_types

    seed_model_types(apps.get_model("models_registry", "ModelType"))


class Migration(migrations.Migration):
    dependencies = [("models_registry", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
