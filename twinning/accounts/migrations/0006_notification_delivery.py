"""Notification preferences become a choice per kind: e-mail at once, in the daily digest, or never
(the boolean "by e-mail" becomes "at once" or "never")."""

from django.db import migrations, models


def from_boolean(apps, schema_editor):
    NotificationPreference = apps.get_model("accounts", "NotificationPreference")
    NotificationPreference.objects.filter(email=False).update(delivery="never")
    NotificationPreference.objects.filter(email=True).update(delivery="immediately")


def to_boolean(apps, schema_editor):
    NotificationPreference = apps.get_model("accounts", "NotificationPreference")
    NotificationPreference.objects.filter(delivery="never").update(email=False)
    NotificationPreference.objects.exclude(delivery="never").update(email=True)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_pg_email_trigram_index")]

    operations = [
        migrations.AddField(
            model_name="notificationpreference",
            name="delivery",
            field=models.CharField(
                choices=[
                    ("immediately", "By e-mail at once"),
                    ("daily", "In a daily e-mail"),
                    ("never", "Only on the platform"),
                ],
                default="immediately",
                max_length=12,
                verbose_name="e-mail",
            ),
        ),
        migrations.RunPython(from_boolean, to_boolean),
        migrations.RemoveField(model_name="notificationpreference", name="email"),
    ]
