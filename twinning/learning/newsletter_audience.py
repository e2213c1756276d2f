"""The volunteer trainers as a newsletter audience (``newsletter.sources.register_audience``): the people whose
trainer row is active, as one subquery of user ids."""

from django.utils.translation import gettext_lazy as _

from twinning.newsletter.sources import register_audience

from .models import Trainer


def trainer_user_ids():
    return Trainer.objects.filter(active=True).values("user_id")


register_audience("trainers", _("Volunteer trainers"), trainer_user_ids)
