from django.db import migrations


def seed(apps, schema_editor):
    from bihuan.resolution.defaults import seed_library

    seed_library(apps.get_model("resolution", "Scenario"),
                 apps.get_model("resolution", "VerificationChecklist"))


class Migration(migrations.Migration):
    dependencies = [("resolution", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
