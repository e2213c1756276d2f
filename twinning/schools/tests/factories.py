import factory

from twinning.reference.tests.factories import CountryFactory, RegionFactory  # noqa: F401 - used by SchoolFactory and re-exported
from twinning.schools.models import School, SchoolMembership, SchoolStatus


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Γυμνάσιο Δοκιμών {n}")
    city = "Αθήνα"
    country = factory.SubFactory(CountryFactory)
    status = SchoolStatus.VALIDATED
    national_code = factory.Sequence(lambda n: f"T{n:07d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolMembership

    user = None
    school = factory.SubFactory(SchoolFactory)
    is_primary = True
