"""Background work of publishing: Wagtail's scheduled publishing (pages whose time came are published,
those whose expiry came are unpublished), every 5 minutes. Safe to run twice."""

from datetime import timedelta

from django_tasks import task

from twinning.core.scheduling import register_periodic


@task()
def publish_scheduled_pages() -> None:
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0)


register_periodic("publishing.publish_scheduled", publish_scheduled_pages, timedelta(minutes=5))
