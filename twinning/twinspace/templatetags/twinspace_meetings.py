"""The meetings' section of a TwinSpace's home (``twinspace/_meetings.html``): the next few meetings, in the
viewer's time zone, for those who may see them (never pupils nor visitors). Two queries."""

from django import template

from .. import meetings, policies, selectors

register = template.Library()

SHOWN = 3


@register.simple_tag(takes_context=True)
def upcoming_meetings(context, project, workspace, role):
    if project is None or workspace is None or not policies.may_see_meetings(role, project):
        return None
    request = context.get("request")
    zone = meetings.zone_of(getattr(request, "user", None))
    items = selectors.meetings_of(workspace, upcoming=True, limit=SHOWN)
    return {
        "items": [(meeting, meetings.local_parts(meeting, zone)) for meeting in items],
        "may_schedule": policies.may_schedule_meetings(role, project),
    }
