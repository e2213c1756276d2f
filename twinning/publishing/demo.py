"""The demo's published pages (``manage.py load_demo``): the tree in Greek and English, WELCOME issue 1 with three
articles (each translated), categories and tags, a news item of the Greek NSO, the information pages, a guide
whose activities come from demo projects, a CC BY resource, the editorial workflow and an editor-in-chief.
Done once: a second run finds the issue and stops."""

from __future__ import annotations

import datetime

from django.utils import timezone

from twinning.accounts.demo import give_demo_second_factor
from twinning.core.demo import register_demo

CATEGORIES = [
    ("ai", "Τεχνητή Νοημοσύνη", "Artificial intelligence"),
    ("stem", "STEM", "STEM"),
    ("inclusion", "Συμπερίληψη", "Inclusion"),
    ("ite", "Αρχική εκπαίδευση εκπαιδευτικών", "Initial teacher education"),
]

ARTICLES = [
    # (slug, category, tags, Greek title, Greek summary, Greek body, English title, English summary, English body)
    (
        "ai-in-class",
        "ai",
        ["AI", "STEM"],
        "Τεχνητή νοημοσύνη με ασφάλεια στην τάξη",
        "Πώς δύο σχολεία χρησιμοποίησαν εργαλεία ΤΝ σε ένα κοινό έργο, με κανόνες που έγραψαν οι ίδιοι οι μαθητές.",
        "<p>Οι μαθητές συνέταξαν έναν κοινό κώδικα χρήσης πριν αγγίξουν οποιοδήποτε εργαλείο.</p>",
        "Safe artificial intelligence in the classroom",
        "How two schools used AI tools in a shared project, under rules the pupils wrote themselves.",
        "<p>The pupils drafted a shared code of use before touching any tool.</p>",
    ),
    (
        "inclusion-through-music",
        "inclusion",
        ["inclusion"],
        "Συμπερίληψη μέσα από τη μουσική",
        "Μια χορωδία τριών χωρών όπου κάθε μαθητής βρίσκει ρόλο.",
        "<p>Κάθε σχολείο ηχογράφησε ένα μέρος του τραγουδιού στη δική του γλώσσα.</p>",
        "Inclusion through music",
        "A choir of three countries where every pupil finds a part.",
        "<p>Each school recorded a part of the song in its own language.</p>",
    ),
    (
        "future-teachers",
        "ite",
        ["ITE"],
        "Μελλοντικοί εκπαιδευτικοί στο eTwinning",
        "Φοιτητές παιδαγωγικών τμημάτων σχεδιάζουν το πρώτο τους έργο.",
        "<p>Το πρόγραμμα ITE φέρνει τα πανεπιστήμια κοντά στα σχολεία.</p>",
        "Future teachers in eTwinning",
        "Student teachers design their first project.",
        "<p>The ITE programme brings universities close to schools.</p>",
    ),
]

INFORMATION = [
    ("what-is-etwinning", "Τι είναι το eTwinning", "What eTwinning is",
     "<p>Η κοινότητα σχολείων της Ευρώπης για συνεργατικά έργα.</p>",
     "<p>Europe's community of schools working on projects together.</p>"),
    ("how-to-join", "Πώς εγγράφομαι", "How to join",
     "<p>Δημιουργήστε λογαριασμό, δηλώστε το σχολείο σας και η ΕΥΥ σας επικυρώνει.</p>",
     "<p>Create an account, add your school, and your NSO validates you.</p>"),
    ("nso-programmes", "Προγράμματα της ΕΥΥ", "The NSO's programmes",
     "<p>Σεμινάρια, ημερίδες, πρεσβευτές και Ετικέτες Ποιότητας.</p>",
     "<p>Seminars, information days, ambassadors and Quality Labels.</p>"),
    ("contact", "Επικοινωνία", "Contact",
     "<p>Η Εθνική Υπηρεσία Υποστήριξης απαντά μέσα από την υποστήριξη της πλατφόρμας.</p>",
     "<p>The National Support Organisation answers through the platform's support desk.</p>"),
]  # fmt: skip


def load_publishing() -> list[tuple[str, str]]:
    from twinning.accounts.models import User, ValidationStatus
    from twinning.projects.models import Project
    from twinning.staff.models import StaffRole

    from . import cms, services, tree
    from .models import (
        ArticleCategory,
        ArticlePage,
        EditorialBoardMember,
        GuidePage,
        InformationPage,
        Licence,
        MagazineIssue,
        NewsPage,
        ResourcePage,
    )

    if MagazineIssue.objects.filter(number=1).exists():
        return []
    sections = tree.ensure_tree(("GR",))
    categories = {}
    for slug, name_el, name_en in CATEGORIES:
        categories[slug] = ArticleCategory.objects.get_or_create(
            slug=slug, defaults={"name_el": name_el, "name_en": name_en}
        )[0]
    issue = MagazineIssue.objects.create(
        number=1,
        date=timezone.localdate() - datetime.timedelta(days=20),
        title_el="Συνεργασία χωρίς σύνορα",
        title_en="Working together across borders",
        editorial_el="<p>Καλώς ήρθατε στο πρώτο τεύχος του WELCOME.</p>",
        editorial_en="<p>Welcome to the first issue of WELCOME.</p>",
    )
    magazine = sections["magazine"]
    for slug, cat, tags, t_el, s_el, b_el, t_en, s_en, b_en in ARTICLES:
        page = ArticlePage(
            title=t_el, slug=slug, summary=s_el, body=b_el, issue=issue, licence=Licence.CC_BY,
            pupils_consent=True, author_name="Συντακτική επιτροπή WELCOME",
        )  # fmt: skip
        page.categories.set([categories[cat]])
        page.tags.set(tags)
        tree.add_with_translation(magazine, page, t_en, summary=s_en, body=b_en, author_name="WELCOME editorial board")
    news = sections["news"]
    greece_section = news.get_children().filter(slug="gr").first()
    if greece_section is not None:
        tree.add_with_translation(
            greece_section.specific,
            NewsPage(
                title="Ανοίγουν οι αιτήσεις για τις Ετικέτες Ποιότητας",
                slug="quality-labels-open",
                summary="Οι αιτήσεις για την Εθνική Ετικέτα Ποιότητας δέχονται έως το τέλος του μήνα.",
                body="<p>Υποβάλετε την αίτησή σας από τη σελίδα του έργου σας.</p>",
            ),
            "Applications for Quality Labels are open",
            summary="Applications for the National Quality Label are accepted until the end of the month.",
            body="<p>Apply from your project's page.</p>",
        )
    home = cms.ensure_homes()["el"]
    for slug, t_el, t_en, b_el, b_en in INFORMATION:
        if not InformationPage.objects.filter(slug=slug).exists():
            tree.add_with_translation(home, InformationPage(title=t_el, slug=slug, body=b_el), t_en, body=b_en)
    project = Project.objects.filter(title="Robots that help").first()
    activity = {
        "title": "Ένα ρομπότ που βοηθά στο σχολείο",
        "description": "<p>Οι μαθητές σχεδιάζουν σε ομάδες ένα ρομπότ για μια πραγματική ανάγκη.</p>",
        "project_id": project.pk if project else None,
    }
    guide = GuidePage(
        title="Ρομποτική και συνεργασία",
        slug="robotics-guide",
        summary="Δραστηριότητες για την τάξη από πραγματικά έργα eTwinning.",
        activities=[("activity", activity)],
    )
    tree.add_with_translation(
        sections["publications"],
        guide,
        "Robotics and collaboration",
        summary="Classroom activities from real eTwinning projects.",
        activities=[
            (
                "activity",
                {**activity, "title": "A robot that helps at school",
                 "description": "<p>In teams, pupils design a robot for a real need.</p>"},
            )
        ],
    )  # fmt: skip
    tree.add_with_translation(
        sections["resources"],
        ResourcePage(
            title="Οδηγός ασφαλούς διαδικτύου",
            slug="safe-internet-guide",
            summary="Φύλλα εργασίας για την ασφάλεια στο διαδίκτυο.",
            link="https://www.betterinternetforkids.eu/",
            licence=Licence.CC_BY,
        ),
        "Safe internet guide",
        summary="Worksheets on staying safe online.",
    )
    chief = (
        User.objects.filter(validation_status=ValidationStatus.VALIDATED, staff_roles__isnull=True, is_active=True)
        .order_by("pk")
        .first()
    )
    css = (
        User.objects.filter(staff_roles__kind=StaffRole.Kind.CSS).first()
        or User.objects.filter(is_superuser=True).first()
    )
    accounts: list[tuple[str, str]] = []
    if chief is not None and not EditorialBoardMember.objects.filter(user=chief).exists():
        if css is not None:
            services.board_member_set(actor=css, user=chief, role=EditorialBoardMember.Role.EDITOR_IN_CHIEF)
        else:
            EditorialBoardMember.objects.create(user=chief, role=EditorialBoardMember.Role.EDITOR_IN_CHIEF)
        give_demo_second_factor(chief)  # the CMS asks for it, as it does of staff
        accounts.append((chief.email, "WELCOME's editor-in-chief (/cms/, with the demo's TOTP)"))
    return accounts


register_demo("publishing", load_publishing, position=89)
