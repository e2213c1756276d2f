import datetime

import factory

from twinning.reference.models import Country, Region


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "GR"
    name_en = factory.LazyAttribute(lambda o: {"GR": "Greece", "IT": "Italy", "FR": "France"}.get(o.code, o.code))
    name_el = factory.LazyAttribute(lambda o: {"GR": "Ελλάδα", "IT": "Ιταλία", "FR": "Γαλλία"}.get(o.code, o.code))
    programme_type = "eu"
    valid_from = datetime.date(2005, 1, 1)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("country", "code")

    country = factory.SubFactory(CountryFactory)
    code = factory.Sequence(lambda n: f"R{n}")
    name_en = factory.Sequence(lambda n: f"Region {n}")
    name_el = factory.Sequence(lambda n: f"Περιφέρεια {n}")
