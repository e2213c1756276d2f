"""A staff role saved or deleted (granted, revoked, edited by an administrator) drops its holder's cached
roles (staff.selectors), now and again once the transaction commits: a request that read the old roles in
between must not keep them for the next pages."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import StaffRole
from .rolecache import forget_cached_roles


@receiver(post_save, sender=StaffRole, dispatch_uid="staff.role_saved")
@receiver(post_delete, sender=StaffRole, dispatch_uid="staff.role_deleted")
def forget_roles_of_holder(sender, instance: StaffRole, **kwargs) -> None:
    forget_cached_roles(instance.user_id)
