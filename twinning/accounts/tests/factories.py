import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from twinning.accounts.models import CommunityRole, StaffRole, User, ValidationStatus
from twinning.schools.tests.factories import CountryFactory, MembershipFactory, SchoolFactory

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


def nso_staff(country=None, **kwargs) -> User:
    country = country or CountryFactory()
    user = UserFactory(is_staff=True, **kwargs)
    StaffRole.objects.create(user=user, kind=StaffRole.Kind.NSO, country=country)
    return with_totp(user)


def css_staff(**kwargs) -> User:
    user = UserFactory(is_staff=True, **kwargs)
    StaffRole.objects.create(user=user, kind=StaffRole.Kind.CSS)
    return with_totp(user)
