from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from twinning.accounts.models import User, ValidationStatus
from twinning.schools.models import Country, School, SchoolStatus

from .figures import register_figure


def count_participating_countries() -> int:
    today = timezone.localdate()
    return Country.objects.filter(valid_from__lte=today).exclude(valid_to__lt=today).count()


def count_etwinners() -> int:
    return User.objects.filter(validation_status=ValidationStatus.VALIDATED, anonymised_at__isnull=True).count()


def count_schools() -> int:
    return School.objects.filter(status=SchoolStatus.VALIDATED).count()


register_figure("countries", _("countries"), count_participating_countries, position=10)
register_figure("teachers", _("teachers (eTwinners)"), count_etwinners, position=20)
register_figure("schools", _("schools"), count_schools, position=30)
