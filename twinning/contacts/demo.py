"""The demo's contacts and conversations (after the people, position 30): Greek and Italian teachers with a
few contacts, requests waiting both ways and conversations, built through the services. Idempotent."""

from __future__ import annotations

from twinning.accounts.models import User
from twinning.core.demo import register_demo

from . import selectors, services

# The demo teachers (twinning/accounts/demo.py).
MARIA = "m.papadopoulou@sch.gr"
GIORGOS = "g.nikolaou@sch.gr"
ELENI = "e.georgiou@sch.gr"
NIKOS = "n.antoniou@sch.gr"
SOFIA = "s.vasileiou@sch.gr"
ANASTASIA = "a.michailidou@sch.gr"
GIULIA = "giulia.rossi@istruzione.it"
CAMILLE = "camille.martin@ac-lyon.fr"
ANDREAS = "andreas.christou@schools.ac.cy"

CONTACTS = [(MARIA, GIULIA), (MARIA, GIORGOS), (MARIA, ANDREAS), (GIULIA, ANASTASIA), (ELENI, GIULIA), (NIKOS, CAMILLE)]
WAITING = [  # (sender, recipient, message)
    (SOFIA, MARIA, "Γεια σας! Θα ήθελα να συνεργαστούμε σε ένα έργο για το περιβάλλον."),
    (MARIA, CAMILLE, "Hello Camille, I teach mathematics in Athens and look for a partner for a project on patterns."),
    (ANASTASIA, ELENI, ""),
]
CONVERSATIONS = [  # (sender, recipient, [bodies, alternating from the sender])
    (
        MARIA,
        GIULIA,
        [
            "Ciao Giulia! Would you like to start a project on mathematics in everyday life with my pupils (13–14)?",
            "Ciao Maria! Yes, with pleasure. My class is 13 too. Shall we work in English?",
            "Great — English it is. I will draft the aims this week: https://www.etwinning.net/",
        ],
    ),
    (MARIA, GIORGOS, ["Γιώργο, έχεις χρόνο την Πέμπτη να δούμε μαζί το σχέδιο του έργου;"]),
    (ELENI, GIULIA, ["Hello Giulia, my pupils built small robots: would your class like to see them online?"]),
]


def _people(emails) -> dict[str, User]:
    return {u.email: u for u in User.objects.filter(email__in=emails).select_related("country")}


def load_demo_contacts() -> list[tuple[str, str]]:
    emails = {e for pair in CONTACTS for e in pair} | {e for s, r, _m in WAITING for e in (s, r)}
    people = _people(emails)
    for a, b in CONTACTS:
        if a in people and b in people and not selectors.are_contacts(people[a], people[b]):
            request = services.contact_request(sender=people[a], recipient=people[b], message="")
            services.contact_accept(by=people[b], request=request)
    for sender, recipient, message in WAITING:
        s, r = people.get(sender), people.get(recipient)
        if s and r and not selectors.are_contacts(s, r) and selectors.pending_request_between(s, r) is None:
            services.contact_request(sender=s, recipient=r, message=message)
    for sender, recipient, bodies in CONVERSATIONS:
        s, r = people.get(sender), people.get(recipient)
        if not (s and r) or selectors.conversation_between(s, r) is not None:
            continue
        for index, body in enumerate(bodies):
            a, b = (s, r) if index % 2 == 0 else (r, s)
            services.conversation_start(sender=a, recipient=b, body=body)
    return []


register_demo("contacts", load_demo_contacts, position=30)
