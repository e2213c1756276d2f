"""Keeps the derived search row (``PartnerProfile``) in step with the profile it copies.

The architecture allows signals only for derived search columns: these receivers write nothing but that
copy, through ``services.partner_profile_refresh`` / ``partner_profile_user_changed``. Decisions (posts,
validation, visibility) stay in services. ``last_seen_at`` is written with ``update()`` (no signal): the
nightly ``partners.profiles_rebuild`` job refreshes the activity dates.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_save

from . import services

User = get_user_model()


def _teaching_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:  # a subject (language…) changed from its side: refresh each person concerned
        for pk in pk_set or ():
            services.partner_profile_refresh(user_id=pk)
        return
    services.partner_profile_refresh(user_id=instance.pk)


def _user_saved(sender, instance, created, update_fields=None, **kwargs):
    if created:
        return  # no teaching data yet: the row appears with the first subject, age band or language
    services.partner_profile_user_changed(user=instance, update_fields=update_fields)


for _through in (User.subjects.through, User.age_bands.through, User.languages.through):
    m2m_changed.connect(_teaching_changed, sender=_through, dispatch_uid=f"partners.profile.{_through.__name__}")
post_save.connect(_user_saved, sender=User, dispatch_uid="partners.profile.user")
