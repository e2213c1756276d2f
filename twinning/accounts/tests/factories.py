import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from twinning.accounts.models import CommunityRole, User, ValidationStatus
from twinning.schools.tests.factories import CountryFactory, MembershipFactory, SchoolFactory
from twinning.staff.models import StaffRole

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Sequence(lambda n: f"Μαρία{n}")
    last_name = "Παπαδοπούλου"
    preferred_language = "en"

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORD)
        if create:
            obj.save(update_fields=["password"])
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


def teacher(*, country=None, status=ValidationStatus.PENDING, school=None, **kwargs) -> User:
    """A teacher attached to a school of ``country`` with the given validation status."""
    country = country or CountryFactory()
    school = school or SchoolFactory(country=country)
    user = UserFactory(
        country=country,
        community_role=CommunityRole.TEACHER,
        validation_status=status,
        submitted_at=timezone.now() if status != ValidationStatus.REGISTERED else None,
        **kwargs,
    )
    MembershipFactory(user=user, school=school)
    return user


def with_totp(user: User) -> User:
    """Give a staff account its second factor, as the staff MFA rule requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


def totp_code(user: User) -> str:
    """The current TOTP code of a person's authenticator, as their authenticator app would show it."""
    import time

    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def log_in(client, user) -> None:
    """Log ``user`` in on the test client as the platform's login does: with the second factor passed
    in this session when the person has an authenticator (staff pages need it, twinning.core.mfa).
    Tests of the second-factor rule itself use ``client.force_login`` (password only)."""
    from allauth.mfa.models import Authenticator

    from twinning.core import mfa

    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        session = client.session
        session[mfa.SESSION_KEY] = {"user": user.pk, "authenticator": authenticator.pk, "at": 0}
        session.save()


def nso_staff(country=None, **kwargs) -> User:
    country = country or CountryFactory()
    user = UserFactory(**kwargs)
    StaffRole.objects.create(user=user, kind=StaffRole.Kind.NSO, country=country)
    return with_totp(user)


def css_staff(**kwargs) -> User:
    user = UserFactory(**kwargs)
    StaffRole.objects.create(user=user, kind=StaffRole.Kind.CSS)
    return with_totp(user)
