from django.db import migrations


def seed(apps, schema_editor):
    from bihuan.routing.clock import BusinessCalendar
    from bihuan.routing.defaults import POLICIES

    Calendar = apps.get_model("routing", "BusinessCalendarModel")
    Policy = apps.get_model("routing", "SlaPolicy")
    if not Calendar.objects.exists():
        Calendar.objects.create(name="默认服务时间（工作日 9-12, 13-21，含法定节假日与调休）",
                                data=BusinessCalendar().as_dict())
    if Policy.objects.exists():
        return
    for name, position, priorities, channels, fr, nu, res, fu, basis, actions in POLICIES:
        Policy.objects.create(
            name=name, position=position, priorities=priorities, channels=channels,
            first_response_minutes=fr, next_update_minutes=nu, resolution_minutes=res,
            follow_up_minutes=fu, first_response_basis=basis, next_update_basis=basis,
            resolution_basis=basis, follow_up_basis=basis, warn_ratio=0.75, actions=actions,
        )


class Migration(migrations.Migration):
    dependencies = [("routing", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
