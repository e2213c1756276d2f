"""An approval saved or deleted (sent to the NSOs, decided, withdrawn, deleted with its project) drops its
country's cached approval summary (``approvalcache``), now and again once the transaction commits."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .approvalcache import forget_summaries
from .models import ProjectApproval


@receiver(post_save, sender=ProjectApproval, dispatch_uid="projects.approval_saved")
@receiver(post_delete, sender=ProjectApproval, dispatch_uid="projects.approval_deleted")
def forget_country_summary(sender, instance: ProjectApproval, **kwargs) -> None:
    forget_summaries(instance.country_id)
