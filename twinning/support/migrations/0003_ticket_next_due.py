"""The queue's sort key stored on the ticket (what is due next while it is open), filled for existing tickets in
one statement, with the index the queue's default view reads."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Case, F, When
from django.db.models.functions import Coalesce

OPEN = ["new", "open", "waiting"]


def fill(apps, schema_editor):
    Ticket = apps.get_model("support", "Ticket")
    Ticket.objects.filter(status__in=OPEN).update(
        next_due=Case(
            When(first_replied_at=None, then=Coalesce("first_reply_due", "resolution_due")),
            default=F("resolution_due"),
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0004_country_hosted_here"),
        ("support", "0002_categories"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="ticket",
            name="next_due",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(fields=["country", "next_due", "-created_at", "-id"], name="support_ticket_next_due"),
        ),
    ]
