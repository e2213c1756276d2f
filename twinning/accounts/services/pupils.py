"""Pupils' logins (domain §6): made by a teacher in bulk, no e-mail and no real name needed; the parents'
consent recorded before a pupil under the country's age of digital consent can sign in; passwords reset
by the teacher; at the end, the login switched off and the pupil shown by a pseudonym, then erased.

Which teacher may do this for which pupil is the workspace's matrix (``twinspace.policies``): these
services take the decision as made and record it.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from twinning.core import privacy as core_privacy
from twinning.core.errors import DomainError
from twinning.core.pupils import pupil_email
from twinning.core.services import audit_record, audit_relabel_person

from ..models import ConsentMethod, Pupil, User, Visibility

MAX_BATCH = 60
NICKNAME_MAX = 40
# Short words a child can type on any keyboard; no letters that look alike (l/1, o/0 are avoided in digits).
_COLOURS = [
    "amber",
    "blue",
    "brave",
    "bright",
    "calm",
    "clever",
    "coral",
    "cosmic",
    "daring",
    "eager",
    "fast",
    "gentle",
    "golden",
    "green",
    "happy",
    "jolly",
    "kind",
    "lucky",
    "merry",
    "mint",
    "noble",
    "olive",
    "polar",
    "proud",
    "quick",
    "quiet",
    "rapid",
    "royal",
    "ruby",
    "silver",
    "smart",
    "solar",
    "sunny",
    "swift",
    "tidy",
    "true",
    "violet",
    "warm",
    "wise",
    "witty",
    "young",
    "zesty",
]
_ANIMALS = [
    "badger",
    "bear",
    "beaver",
    "bee",
    "bison",
    "camel",
    "cat",
    "cheetah",
    "crab",
    "crane",
    "deer",
    "dolphin",
    "eagle",
    "falcon",
    "fox",
    "frog",
    "gecko",
    "goat",
    "hawk",
    "heron",
    "horse",
    "koala",
    "lemur",
    "lion",
    "lynx",
    "mole",
    "moose",
    "otter",
    "owl",
    "panda",
    "parrot",
    "pelican",
    "penguin",
    "puffin",
    "rabbit",
    "raven",
    "robin",
    "salmon",
    "seal",
    "shark",
    "sloth",
    "swan",
    "tiger",
    "toucan",
    "turtle",
    "whale",
    "wolf",
    "zebra",
]


class PupilError(DomainError):
    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class NewLogin:
    pupil: Pupil
    username: str
    password: str


def _password() -> str:
    return f"{secrets.choice(_COLOURS)}{secrets.choice(_ANIMALS)}{secrets.randbelow(9000) + 1000}"


def _hashed(password: str) -> str:
    # The platform's hasher, with the cost it has everywhere else: a class of 30 takes a few seconds once.
    return make_password(password)


def _usernames(count: int) -> list[str]:
    """``count`` new usernames like ``swift-otter-482``: not a name, easy to type, unused."""
    chosen: set[str] = set()
    while len(chosen) < count:
        wanted = count - len(chosen)
        candidates = {
            f"{secrets.choice(_COLOURS)}-{secrets.choice(_ANIMALS)}-{secrets.randbelow(900) + 100}"
            for _ in range(wanted * 2)
        }
        candidates -= chosen
        taken = set(User.objects.filter(username__in=candidates).values_list("username", flat=True))
        chosen |= set(list(candidates - taken)[:wanted])
    return sorted(chosen)


def clean_nicknames(text: str, count: int) -> list[str]:
    """One nickname per line (optional); at most ``count``, each at most 40 characters."""
    names = [" ".join(line.split()) for line in (text or "").splitlines()]
    names = [n for n in names if n]
    if len(names) > count:
        raise PupilError(
            _("There are more nicknames (%(names)s) than logins to make (%(count)s).")
            % {"names": len(names), "count": count},
            field="nicknames",
        )
    for name in names:
        if len(name) > NICKNAME_MAX:
            raise PupilError(
                _("A nickname has at most %(n)s characters: “%(name)s”.") % {"n": NICKNAME_MAX, "name": name[:60]},
                field="nicknames",
            )
        if "@" in name:
            raise PupilError(_("A nickname cannot contain an e-mail address."), field="nicknames")
    return names


@transaction.atomic
def pupils_create(*, actor, school, count: int, nicknames: str = "", under_consent_age: bool = True) -> list[NewLogin]:
    """Make ``count`` logins for pupils of ``school``; returns them with their first passwords (shown once)."""
    if not 1 <= count <= MAX_BATCH:
        raise PupilError(_("Make between 1 and %(n)s logins at a time.") % {"n": MAX_BATCH}, field="count")
    names = clean_nicknames(nicknames, count)
    names += [""] * (count - len(names))
    first = (Pupil.objects.filter(school=school).aggregate(n=Max("number"))["n"] or 0) + 1
    logins: list[NewLogin] = []
    try:
        with transaction.atomic():
            for offset, (username, nickname) in enumerate(zip(_usernames(count), names, strict=True)):
                password = _password()
                user = User.objects.create(
                    username=username,
                    email=pupil_email(username),
                    first_name=nickname or username,
                    password=_hashed(password),
                    visibility=Visibility.HIDDEN,
                    preferred_language=getattr(actor, "preferred_language", "") or "",
                )
                pupil = Pupil.objects.create(
                    user=user,
                    school=school,
                    number=first + offset,
                    nickname=nickname,
                    created_by=actor,
                    under_consent_age=under_consent_age,
                )
                logins.append(NewLogin(pupil, username, password))
    except IntegrityError as exc:  # another teacher of the school made logins at the same moment
        raise PupilError(_("Someone else was making logins for this school at the same moment: try again.")) from exc
    audit_record(
        actor=actor,
        action="pupils.created",
        target=school,
        country_code=_country_code(school),
        data={"count": count, "numbers": [first, first + count - 1]},
    )
    return logins


def _country_code(school) -> str:
    country = getattr(school, "country", None)
    return getattr(country, "code", "") or ""


@transaction.atomic
def pupil_password_reset(*, actor, pupil: Pupil) -> str:
    """A new password for the pupil (the old one stops working); shown once to the teacher."""
    if pupil.deactivated_at is not None:
        raise PupilError(_("This login is switched off."))
    password = _password()
    User.objects.filter(pk=pupil.user_id).update(password=_hashed(password))
    audit_record(actor=actor, action="pupils.password_reset", target=pupil, country_code=_country_code(pupil.school))
    return password


@transaction.atomic
def pupil_nickname_set(*, actor, pupil: Pupil, nickname: str) -> Pupil:
    nickname = (clean_nicknames(nickname, 1) or [""])[0]
    pupil.nickname = nickname
    pupil.save(update_fields=["nickname"])
    User.objects.filter(pk=pupil.user_id).update(first_name=nickname or pupil.user.username)
    return pupil


@transaction.atomic
def pupil_consent_record(*, actor, pupil: Pupil, date: datetime.date | None, method: str) -> Pupil:
    """Record the parents' (or guardians') consent to sign in: when, how, and who recorded it."""
    if date is None:
        raise PupilError(_("Give the date of the consent."), field="consent_date")
    if date > timezone.localdate():
        raise PupilError(_("The date of the consent cannot be in the future."), field="consent_date")
    if method not in ConsentMethod.values:
        raise PupilError(_("Choose how the consent was given."), field="consent_method")
    pupil.consent_date, pupil.consent_method, pupil.consent_recorded_by = date, method, actor
    pupil.save(update_fields=["consent_date", "consent_method", "consent_recorded_by"])
    audit_record(
        actor=actor,
        action="pupils.consent_recorded",
        target=pupil,
        country_code=_country_code(pupil.school),
        data={"date": date.isoformat(), "method": method},
    )
    return pupil


@transaction.atomic
def pupil_publication_consent_set(*, actor, pupil: Pupil, given: bool) -> Pupil:
    """Whether photos showing the pupil may be made public: a decision of its own, apart from signing in."""
    pupil.publication_consent = bool(given)
    pupil.publication_consent_date = timezone.localdate() if given else None
    pupil.save(update_fields=["publication_consent", "publication_consent_date"])
    audit_record(
        actor=actor,
        action="pupils.publication_consent_given" if given else "pupils.publication_consent_withdrawn",
        target=pupil,
        country_code=_country_code(pupil.school),
    )
    return pupil


def pseudonym(pupil: Pupil) -> str:
    """“Pupil 12, 3rd Gymnasium of Patras”, in the language of the pupil's school."""
    language = "el" if _country_code(pupil.school) in {"GR", "CY"} else "en"
    with translation.override(language):
        return _("Pupil %(number)s, %(school)s") % {"number": pupil.number, "school": pupil.school.name}


@transaction.atomic
def pupil_deactivate(*, pupil: Pupil, erase_after: datetime.date, actor=None) -> bool:
    """Switch the login off: the pupil cannot sign in; what they wrote stays, under a pseudonym, until
    ``erase_after``. Returns False when it was already off."""
    if pupil.deactivated_at is not None:
        return False
    pupil.deactivated_at = timezone.now()
    pupil.erase_after = erase_after
    pupil.save(update_fields=["deactivated_at", "erase_after"])
    User.objects.filter(pk=pupil.user_id).update(is_active=False, first_name=pseudonym(pupil)[:150], last_name="")
    audit_relabel_person(person=pupil.user, label=pseudonym(pupil))
    audit_record(
        actor=actor,
        action="pupils.deactivated",
        target=pupil,
        country_code=_country_code(pupil.school),
        data={"erase_after": erase_after.isoformat()},
    )
    return True


@transaction.atomic
def pupil_reactivate(*, actor, pupil: Pupil) -> None:
    """Back in a project before the erasure: the login works again, under the nickname."""
    if pupil.deactivated_at is None:
        return
    pupil.deactivated_at = None
    pupil.erase_after = None
    pupil.save(update_fields=["deactivated_at", "erase_after"])
    User.objects.filter(pk=pupil.user_id).update(is_active=True, first_name=pupil.nickname or pupil.user.username)
    audit_record(actor=actor, action="pupils.reactivated", target=pupil, country_code=_country_code(pupil.school))


@transaction.atomic
def pupil_erase(*, pupil: Pupil) -> None:
    """Erase the pupil's account and personal data for good (their posts are emptied by the registered
    erasers); the account row stays, anonymous, so that what points at it keeps working."""
    person = User.objects.select_for_update().get(pk=pupil.user_id)
    country_code = _country_code(pupil.school)
    steps = core_privacy.erase_person(person)
    person.username = f"erased-pupil-{person.pk}"
    person.email = pupil_email(person.username)
    person.first_name, person.last_name = pseudonym(pupil)[:150], ""
    person.is_active = False
    person.set_unusable_password()
    person.anonymised_at = timezone.now()
    person.save()
    audit_record(actor=None, action="pupils.erased", target=person, country_code=country_code, data={"steps": steps})
    pupil.delete()


def erase_due(today: datetime.date | None = None) -> int:
    """Erase the pupils whose keeping time has passed (the daily job); returns how many."""
    today = today or timezone.localdate()
    done = 0
    for pupil in Pupil.objects.filter(erase_after__lt=today).select_related("school__country", "user"):
        pupil_erase(pupil=pupil)
        done += 1
    return done
