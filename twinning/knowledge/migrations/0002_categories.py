"""The knowledge base's categories: the same keys as the helpdesk's ticket categories."""

from django.db import migrations

CATEGORIES = [
    ("technical", "Technical questions", "Τεχνικά θέματα", 10),
    ("pedagogical", "Teaching and pedagogy", "Παιδαγωγικά θέματα", 20),
    ("account", "Account and validation", "Λογαριασμός και επικύρωση", 30),
    ("projects", "Projects", "Έργα", 40),
    ("labels", "Quality labels", "Ετικέτες Ποιότητας", 50),
    ("courses", "Courses and certificates", "Μαθήματα και βεβαιώσεις", 60),
    ("other", "Other questions", "Άλλα θέματα", 90),
]


def add(apps, schema_editor):
    Category = apps.get_model("knowledge", "Category")
    for key, name_en, name_el, position in CATEGORIES:
        Category.objects.update_or_create(
            key=key, defaults={"name_en": name_en, "name_el": name_el, "position": position}
        )


def remove(apps, schema_editor):
    Category = apps.get_model("knowledge", "Category")
    Category.objects.filter(key__in=[c[0] for c in CATEGORIES], articles__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
