"""Django admin for administrators. Staff use the purpose-built pages (registry, reference data)."""

from django.contrib import admin

from twinning.core.text import normalize_search

from .models import School, SchoolImport, SchoolMembership


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    # Half a million rows at European scale: no full counts, no big drop-downs.
    list_display = ("name", "city", "country", "region", "status", "national_code", "registered_on")
    list_filter = ("status", "school_type", "country")
    list_select_related = ("country", "region")
    search_fields = ("search_name", "search_city")
    raw_id_fields = ("region", "directorate", "merged_into", "proposed_by")
    filter_horizontal = ("levels",)
    show_full_result_count = False
    readonly_fields = ("created_at", "updated_at")

    def get_search_results(self, request, queryset, search_term):
        # Names and cities are searched folded (accents, case); a national code matches exactly.
        results, may_have_duplicates = super().get_search_results(request, queryset, normalize_search(search_term))
        if search_term.strip():
            results = results | queryset.filter(national_code=search_term.strip())
        return results, may_have_duplicates


@admin.register(SchoolMembership)
class SchoolMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "school", "is_primary", "created_at")
    raw_id_fields = ("user", "school")
    list_select_related = ("user", "school")
    show_full_result_count = False


@admin.register(SchoolImport)
class SchoolImportAdmin(admin.ModelAdmin):
    list_display = ("original_name", "country", "status", "total_rows", "error_count", "created_at", "finished_at")
    list_filter = ("status", "country")
    list_select_related = ("country",)
    raw_id_fields = ("created_by",)
    readonly_fields = [f.name for f in SchoolImport._meta.fields if f.name not in ("id", "status", "message")]
