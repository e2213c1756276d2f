"""The helpdesk's demo (``manage.py load_demo``): tickets of the demo teacher in different states (a new
technical one, an answered one waiting for her, a resolved and rated one), a pedagogical question routed to
the ambassador of Attica, a phone call logged by the Greek NSO, and canned replies in both languages.
Done once (nothing is added when the demo teacher already has tickets)."""

from __future__ import annotations

from twinning.core.demo import register_demo

TEACHER = "m.papadopoulou@sch.gr"


def load_support() -> list[tuple[str, str]]:
    from twinning.accounts.models import User
    from twinning.reference.models import Country
    from twinning.staff.models import StaffRole

    from . import services
    from .models import CannedReply, Category, Channel, Status, Ticket

    teacher = User.objects.filter(email=TEACHER).first()
    greece = Country.objects.filter(code="GR").first()
    nso = User.objects.filter(staff_roles__kind=StaffRole.Kind.NSO, staff_roles__country=greece).order_by("pk").first()
    if teacher is None or greece is None or nso is None or Ticket.objects.filter(requester=teacher).exists():
        return []
    categories = {c.key: c for c in Category.objects.all()}
    if not CannedReply.objects.filter(country=greece).exists():
        services.canned_reply_save(
            agent=nso, country=greece, category=categories.get("account"), title="Επικύρωση σε εξέλιξη",
            body_el="Καλησπέρα {name},\n\nο λογαριασμός σας είναι σε αναμονή επικύρωσης. Ο ΕΟΥ τον ελέγχει μέσα σε "
            "λίγες εργάσιμες ημέρες.\n\nΜε εκτίμηση,\n{agent}",
            body_en="Hello {name},\n\nyour account is waiting for validation. The NSO checks it within a few working "
            "days.\n\nKind regards,\n{agent}",
        )  # fmt: skip
        services.canned_reply_save(
            agent=nso, country=greece, title="Χρειαζόμαστε περισσότερα στοιχεία",
            body_el="Καλησπέρα {name},\n\nγια το αίτημα {ticket} χρειαζόμαστε ένα στιγμιότυπο οθόνης του μηνύματος "
            "που βλέπετε.\n\n{agent}",
            body_en="Hello {name},\n\nfor your request {ticket} we need a screenshot of the message you see."
            "\n\n{agent}",
        )  # fmt: skip
    fresh = services.open_ticket(
        email=teacher.email, requester=teacher, category=categories["technical"],
        subject="Δεν ανεβαίνει η φωτογραφία του έργου",
        body="Προσπαθώ να ανεβάσω μια εικόνα στο TwinSpace αλλά βλέπω σφάλμα. Τι να κάνω;",
    )  # fmt: skip
    waiting = services.open_ticket(
        email=teacher.email, requester=teacher, category=categories["projects"],
        subject="Πώς προσθέτω εταίρο στο έργο;", body="Ο εταίρος μας δεν εμφανίζεται στην αναζήτηση.",
    )  # fmt: skip
    services.agent_reply(
        ticket=waiting, agent=nso, status=Status.WAITING,
        body="Καλησπέρα, ο εταίρος πρέπει πρώτα να είναι επικυρωμένος. Μπορείτε να μας στείλετε το e-mail του;",
    )  # fmt: skip
    done = services.open_ticket(
        email=teacher.email, requester=teacher, category=categories["courses"],
        subject="Βεβαίωση παρακολούθησης webinar",
        body="Δεν βρίσκω τη βεβαίωση για το webinar της προηγούμενης εβδομάδας.",
    )  # fmt: skip
    services.agent_reply(
        ticket=done, agent=nso, status=Status.RESOLVED,
        body="Η βεβαίωση βρίσκεται στη σελίδα «Οι βεβαιώσεις μου». https://www.etwinning.gr/",
    )  # fmt: skip
    services.rate(ticket=done, requester=teacher, rating=5, comment="Ευχαριστώ για τη γρήγορη απάντηση!")
    services.open_ticket(
        email=teacher.email, requester=teacher, category=categories["pedagogical"],
        subject="Ιδέες για έργο STEM στο δημοτικό",
        body="Θα ήθελα ιδέες για ένα συνεργατικό έργο εκπαιδευτικής ρομποτικής με την Ε΄ τάξη.",
        suggestions_shown=True,
    )  # fmt: skip
    services.open_ticket(
        email="caller@example.org", name="Γιώργος Δημητρίου", category=categories["account"], country=greece,
        subject="Τηλεφώνημα: ξέχασα το e-mail του λογαριασμού",
        body="Ο καλών δεν θυμάται με ποιο e-mail εγγράφηκε.",
        channel=Channel.PHONE, logged_by=nso, email_verified=False,
    )  # fmt: skip
    del fresh
    return []


register_demo("support", load_support, position=92)
