"""Django admin for administrators (staff work in the purpose-built pages)."""

from django.contrib import admin

from .models import AuditEvent, Notification, ScheduledJob


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail is evidence: nobody adds, edits or deletes it, not even administrators."""

    list_display = ("at", "actor_label", "action", "target_type", "target_id", "target_label", "country_code")
    list_filter = ("action", "target_type", "country_code")
    search_fields = ("=target_id", "actor_label", "target_label")
    date_hierarchy = "at"
    show_full_result_count = False
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "kind", "title", "read_at")
    list_filter = ("kind",)
    raw_id_fields = ("recipient",)
    list_select_related = ("recipient",)
    show_full_result_count = False


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ("name", "last_enqueued_at", "last_result_id")
    readonly_fields = ("last_enqueued_at", "last_result_id")
