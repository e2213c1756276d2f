"""Reference data shared by every domain: taxonomies (subjects, pupils' age bands, working languages,
levels of education) and the federation (countries, regions, education directorates, support
organisations). Loaded by migration (``taxonomy_data``, ``country_data``); staff edit them in the
reference-data pages."""

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from twinning.core.models import BilingualNameMixin


class Subject(BilingualNameMixin):
    code = models.SlugField(unique=True, max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")


class AgeBand(BilingualNameMixin):
    """Pupils' age band, e.g. 7–11; used by projects, partner finding and prizes."""

    code = models.SlugField(unique=True, max_length=30)
    min_age = models.PositiveSmallIntegerField()
    max_age = models.PositiveSmallIntegerField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "min_age"]
        verbose_name = _("pupils' age band")
        verbose_name_plural = _("pupils' age bands")
        constraints = [
            models.CheckConstraint(condition=models.Q(min_age__lte=models.F("max_age")), name="ageband_min_le_max")
        ]


class Language(BilingualNameMixin):
    """A working language (ISO 639-1 code where one exists)."""

    code = models.CharField(max_length=12, unique=True)
    native_name = models.CharField(max_length=100, blank=True)
    is_eu_official = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name_en"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class EducationLevel(BilingualNameMixin):
    code = models.SlugField(unique=True, max_length=40)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("level of education")
        verbose_name_plural = _("levels of education")


class ProgrammeType(models.TextChoices):
    EU = "eu", _("EU member state")
    ASSOCIATED = "associated", _("Other participating country")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood country (eTwinning Plus)")


class Country(BilingualNameMixin):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    programme_type = models.CharField(_("programme type"), max_length=20, choices=ProgrammeType.choices)
    valid_from = models.DateField(_("taking part from"))
    valid_to = models.DateField(_("taking part until"), null=True, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="countries", verbose_name=_("languages"))
    age_of_digital_consent = models.PositiveSmallIntegerField(_("age of digital consent"), default=16)
    school_email_domains = models.CharField(
        _("school e-mail domains"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated domains of official school e-mail (e.g. sch.gr); shown to validators."),
    )
    ambassador_term_months = models.PositiveSmallIntegerField(
        _("longest ambassador term (months)"),
        default=24,
        help_text=_("Ambassadors are appointed for a term of at most this many months."),
    )
    typical_validation_days = models.PositiveSmallIntegerField(
        _("typical validation time (days)"),
        default=7,
        help_text=_("Shown to waiting teachers until enough validations have been measured."),
    )
    # A country whose NSO works on this installation. The teachers of another country, and their NSO's
    # decisions (project approvals), stay on the European School Education Platform (ESEP): they take part
    # here as external partners, recorded by reference.
    hosted_here = models.BooleanField(
        _("hosted on this platform"),
        default=True,
        help_text=_(
            "Its NSO validates teachers and approves projects here. Otherwise its teachers work on the "
            "European School Education Platform and join projects here as external partners."
        ),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def is_participating(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def email_domains(self) -> list[str]:
        return [d.strip().lower() for d in self.school_email_domains.split(",") if d.strip()]


class Region(BilingualNameMixin):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions")
    code = models.CharField(max_length=20)

    class Meta:
        ordering = ["country", "name_en"]
        constraints = [models.UniqueConstraint(fields=["country", "code"], name="region_unique_code")]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class EducationDirectorate(BilingualNameMixin):
    """A regional directorate of education (Greece: Περιφερειακή Διεύθυνση Εκπαίδευσης)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="directorates")
    code = models.CharField(max_length=30)

    class Meta:
        ordering = ["region", "name_en"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="directorate_unique_code")]
        verbose_name = _("education directorate")
        verbose_name_plural = _("education directorates")


class SupportOrganisation(models.Model):
    class Kind(models.TextChoices):
        NSO = "nso", _("National Support Organisation")
        PSA = "psa", _("Partner Support Agency")
        CSS = "css", _("Central Support Service")

    kind = models.CharField(max_length=3, choices=Kind.choices)
    country = models.OneToOneField(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="support_organisation"
    )
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_el = models.CharField(_("name (Greek)"), max_length=300, blank=True)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["kind", "name_en"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="css", country__isnull=True)
                | (~models.Q(kind="css") & models.Q(country__isnull=False)),
                name="support_org_country_matches_kind",
            )
        ]
        verbose_name = _("support organisation")
        verbose_name_plural = _("support organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (the English one where no Greek name is recorded)."""
        if (get_language() or "en").startswith("el") and self.name_el:
            return self.name_el
        return self.name_en
