from django import template

from twinning.core.registries import audit_action_label

register = template.Library()


@register.filter
def audit_action(code: str) -> str:
    """The human label of an audit action code, in the active language (``person.validated`` → "validated")."""
    return audit_action_label(code)
