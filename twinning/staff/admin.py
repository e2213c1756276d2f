"""Django admin for administrators: staff roles (grants made here are audited like those of the staff pages)."""

from django.contrib import admin

from twinning.core.services import audit_record

from .models import StaffRole


@admin.register(StaffRole)
class StaffRoleAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "country", "region", "term_start", "term_end", "granted_by", "revoked_at")
    list_filter = ("kind", "country")
    list_select_related = ("user", "country", "region", "granted_by")
    raw_id_fields = ("user", "granted_by")
    search_fields = ("user__email",)
    readonly_fields = ("granted_at",)

    def save_model(self, request, obj, form, change):
        # Role grants are decisions: record them in the audit trail like the staff pages do.
        if not change and obj.granted_by_id is None:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="staff_role.changed" if change else "staff_role.granted",
            target=obj.user,
            country_code=obj.country.code if obj.country_id else "",
            reason="Django admin",
            data={"role_id": obj.pk, "kind": obj.kind, "changed": sorted(form.changed_data) if change else []},
        )
