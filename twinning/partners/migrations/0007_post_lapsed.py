"""Posts whose date has passed are marked ``lapsed`` (then by the sweep), so that the search's partial
indexes leave them out (0008). Filled here for the posts already expired."""

from django.db import migrations, models
from django.utils import timezone


def mark_lapsed(apps, schema_editor):
    Post = apps.get_model("partners", "Post")
    Post.objects.filter(expires_on__lt=timezone.localdate()).update(lapsed=True)


class Migration(migrations.Migration):
    dependencies = [("partners", "0006_post_fit_gin")]

    operations = [
        migrations.RemoveIndex(model_name="post", name="post_live_newest_idx"),
        migrations.AddField(
            model_name="post",
            name="lapsed",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_lapsed, migrations.RunPython.noop),
    ]
