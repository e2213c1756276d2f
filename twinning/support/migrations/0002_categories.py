"""The helpdesk's categories, with their route and their targets in business hours of the NSO."""

from django.db import migrations

CATEGORIES = [
    # key, English, Greek, route, first reply (h), resolution (h), position
    ("technical", "Technical problem", "Τεχνικό πρόβλημα", "nso", 8, 40, 10),
    ("pedagogical", "Pedagogical question", "Παιδαγωγική ερώτηση", "ambassadors", 16, 80, 20),
    ("account", "Account and validation", "Λογαριασμός και επικύρωση", "nso", 4, 16, 30),
    ("projects", "Projects", "Έργα", "nso", 8, 40, 40),
    ("labels", "Quality labels", "Ετικέτες Ποιότητας", "nso", 16, 80, 50),
    ("courses", "Courses and certificates", "Μαθήματα και βεβαιώσεις", "nso", 8, 40, 60),
    ("other", "Something else", "Κάτι άλλο", "nso", 8, 40, 90),
]


def add(apps, schema_editor):
    Category = apps.get_model("support", "Category")
    for key, en, el, route, first, resolution, position in CATEGORIES:
        Category.objects.update_or_create(
            key=key,
            defaults={"name_en": en, "name_el": el, "route": route, "first_reply_hours": first,
                      "resolution_hours": resolution, "position": position},
        )  # fmt: skip


def remove(apps, schema_editor):
    apps.get_model("support", "Category").objects.filter(key__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
