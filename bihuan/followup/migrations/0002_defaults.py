from django.db import migrations


def forwards(apps, schema_editor):
    from bihuan.followup.defaults import seed

    seed(apps.get_model("followup", "FollowUpPolicy"), apps.get_model("followup", "ReminderRule"))


class Migration(migrations.Migration):
    dependencies = [("followup", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
