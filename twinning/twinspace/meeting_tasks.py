"""Background work of the TwinSpace: meetings' invitations, changes and cancellations by e-mail with their
iCalendar, and the periodic job that reminds the teachers of a meeting the day before."""

from __future__ import annotations

from email.mime.text import MIMEText

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from twinning.core.mail import render_templated_mail


@task()
def send_meeting_mail(meeting_id: int, sequence: int) -> int:
    """E-mail version ``sequence`` of a meeting to the project's teachers, each in their language and time
    zone, with its iCalendar (REQUEST: new or changed; CANCEL: cancelled). Skipped when a later version exists
    (that one is sent) or when this one was sent already; a retry after a failure may send some twice, which
    calendars ignore (same UID and SEQUENCE). Returns how many e-mails were sent."""
    from django.core.mail import get_connection

    from twinning.accounts import selectors as account_selectors

    from . import meetings, selectors
    from .models import Meeting

    meeting = Meeting.objects.select_related("workspace__project", "created_by").filter(pk=meeting_id).first()
    if meeting is None or meeting.sequence != sequence:
        return 0
    if meeting.mailed_sequence is not None and meeting.mailed_sequence >= sequence:
        return 0
    project = meeting.workspace.project
    method = "CANCEL" if meeting.cancelled_at else "REQUEST"
    state = "cancelled" if meeting.cancelled_at else ("changed" if sequence else "new")
    organiser = meeting.created_by.get_full_name() if meeting.created_by else ""
    sent = 0
    connection = get_connection()
    for person in selectors.meeting_teachers(project):
        if not person.email:
            continue
        language = person.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            url = settings.SITE_URL.rstrip("/") + reverse("twinspace:meetings", args=[project.pk])
            nso = account_selectors.nso_name_for(person, language)
        zone = meetings.zone_of(person)
        message = render_templated_mail(
            to=person.email,
            template="twinspace/email/meeting",
            context={
                "person": person,
                "meeting": meeting,
                "project": project,
                "state": state,
                "url": url,
                "nso": nso,
                "when": meetings.local_parts(meeting, zone),
                "organiser": organiser,
            },  # fmt: skip
            language=language,
            sender_name=nso,
        )
        calendar = meetings.ics(meeting, method=method, url=url, organiser=organiser, attendees=[person.email])
        part = MIMEText(calendar.decode(), "calendar", "utf-8")
        part.set_param("method", method)
        part.add_header("Content-Disposition", "attachment", filename="meeting.ics")
        message.attach(part)
        message.connection = connection
        message.send(fail_silently=False)
        sent += 1
    Meeting.objects.filter(pk=meeting.pk, sequence=sequence).update(mailed_sequence=sequence)
    return sent


@task()
def send_meeting_reminders() -> int:
    """Every half hour (``extensions``): remind the teachers of the meetings starting within a day (once each)."""
    from . import services

    return services.meeting_reminders_send()
