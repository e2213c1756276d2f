"""Django admin for administrators: taxonomies and the federation's countries, regions and organisations.
Staff edit them in the reference-data pages."""

from django.contrib import admin

from .models import (
    AgeBand,
    Country,
    EducationDirectorate,
    EducationLevel,
    Language,
    Region,
    Subject,
    SupportOrganisation,
)


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_el", "position", "is_active")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name_en", "name_el")


@admin.register(AgeBand)
class AgeBandAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_el", "min_age", "max_age", "position")
    search_fields = ("code", "name_en", "name_el")


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_el", "native_name", "is_eu_official", "position")
    list_filter = ("is_eu_official",)
    search_fields = ("code", "name_en", "name_el", "native_name")


@admin.register(EducationLevel)
class EducationLevelAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_el", "position")
    search_fields = ("code", "name_en", "name_el")


class RegionInline(admin.TabularInline):
    model = Region
    extra = 0
    fields = ("code", "name_en", "name_el")


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_en",
        "name_el",
        "programme_type",
        "valid_from",
        "valid_to",
        "age_of_digital_consent",
        "typical_validation_days",
    )
    list_filter = ("programme_type",)
    search_fields = ("code", "name_en", "name_el")
    filter_horizontal = ("languages",)
    inlines = [RegionInline]


class DirectorateInline(admin.TabularInline):
    model = EducationDirectorate
    extra = 0
    fields = ("code", "name_en", "name_el")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_el", "country")
    list_filter = ("country",)
    list_select_related = ("country",)
    search_fields = ("code", "name_en", "name_el")
    inlines = [DirectorateInline]


@admin.register(EducationDirectorate)
class EducationDirectorateAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "name_el", "region")
    list_filter = ("region__country",)
    list_select_related = ("region", "region__country")
    search_fields = ("code", "name_en", "name_el")


@admin.register(SupportOrganisation)
class SupportOrganisationAdmin(admin.ModelAdmin):
    list_display = ("name_en", "name_el", "kind", "country", "website", "email")
    list_filter = ("kind",)
    list_select_related = ("country",)
    search_fields = ("name_en", "name_el")
