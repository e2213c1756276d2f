"""Django admin for administrators: people (e-mail login), staff roles and the retention policy."""

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from twinning.core.text import normalize_search
from twinning.staff.models import StaffRole

from .models import RetentionPolicy, User


class TwinningUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class TwinningUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    fk_name = "user"
    extra = 0
    fields = ("kind", "country", "region", "term_start", "term_end", "revoked_at")
    readonly_fields = ("revoked_at",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts log in with their e-mail; ``username`` mirrors it and is not shown."""

    add_form = TwinningUserCreationForm
    form = TwinningUserChangeForm
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "country", "validation_status", "is_staff", "is_active")
    list_filter = ("validation_status", "is_staff", "is_superuser", "is_active", "country")
    list_select_related = ("country",)
    search_fields = ("email", "search_name")
    show_full_result_count = False
    raw_id_fields = ("decided_by",)
    filter_horizontal = ("groups", "user_permissions", "languages", "subjects", "age_bands")
    readonly_fields = ("last_login", "date_joined", "last_seen_at", "anonymised_at")
    inlines = [StaffRoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "first_name",
                    "last_name",
                    "country",
                    "photo",
                    "bio",
                    "languages",
                    "subjects",
                    "age_bands",
                    "visibility",
                    "preferred_language",
                )
            },
        ),
        (
            _("Community"),
            {
                "fields": (
                    "community_role",
                    "validation_status",
                    "submitted_at",
                    "decided_at",
                    "decided_by",
                    "rejection_reason",
                )
            },
        ),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (
            _("Activity and retention"),
            {
                "fields": (
                    "last_login",
                    "date_joined",
                    "last_seen_at",
                    "inactive_since",
                    "retention_warned_at",
                    "anonymised_at",
                )
            },
        ),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),)

    def get_search_results(self, request, queryset, search_term):
        # search_name is accent- and case-folded: fold the term the same way ("Μαρία" finds "μαρια").
        return super().get_search_results(request, queryset, normalize_search(search_term))


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(admin.ModelAdmin):
    list_display = ("inactive_after_days", "anonymise_after_days", "warning_days", "updated_at")


# allauth's own admin shows an authenticator's data (the TOTP secret, recovery-code seed): never show it.
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Which second factors a person has, and when they were used; the secrets never appear here."""

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = ("user", "type", "created_at", "last_used_at")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
