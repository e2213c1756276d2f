"""The projects app's entries in the registries: navigation, the projects figure, audit labels, notification
kinds, the staff cards (approvals waiting, founderless projects), the project sections of school and person
pages (the daily job is in ``tasks``)."""

from django.utils.translation import gettext_lazy as _

from twinning.accounts.policies import is_etwinner
from twinning.accounts.sections import register_person_section, register_staff_context
from twinning.core.registries import (
    MAIN,
    STAFF,
    QueueState,
    register_audit_actions,
    register_figure,
    register_nav,
    register_notification_kind,
    register_staff_card,
)
from twinning.schools.sections import register_school_section
from twinning.staff import policies as staff_policies

from . import selectors


def approvals_state(user) -> QueueState:
    summary = selectors.approval_queue_summary(staff=user)
    return QueueState(waiting=summary["waiting"], oldest=summary["oldest"])


def founderless_state(user) -> QueueState:
    summary = selectors.founderless_summary(staff=user)
    return QueueState(waiting=summary["waiting"], oldest=summary["oldest"])


register_nav("projects.gallery", _("Projects"), "projects:gallery", section=MAIN, position=45)
register_nav("projects.mine", _("My projects"), "projects:mine", section=MAIN, visible=is_etwinner, position=36)
register_nav(
    "projects.approvals",
    _("Project approvals"),
    "projects:approvals",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=15,
    badge=selectors.approvals_waiting_count,
    badge_label=_("waiting"),
)
register_nav(
    "projects.esep_history",
    _("ESEP history"),
    "projects:esep_history",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=60,
)
register_nav(
    "projects.kits_staff",
    _("Project kits"),
    "projects:kit_staff",
    section=STAFF,
    visible=staff_policies.is_support_staff,
    position=65,
)
register_figure("projects", _("projects"), selectors.count_public_projects, position=40)
register_staff_card(
    "projects.approvals",
    _("Projects waiting for approval"),
    "projects:approvals",
    approvals_state,
    visible=staff_policies.is_support_staff,
    position=15,
)
register_staff_card(
    "projects.founderless",
    _("Projects with no founder left"),
    "projects:founderless",
    founderless_state,
    visible=staff_policies.is_support_staff,
    position=50,
)
register_school_section("projects", "projects/_school_projects.html", selectors.projects_of_school, position=20)
register_person_section("projects", "projects/_person_projects.html", selectors.projects_of_person, position=20)
register_staff_context(
    "projects", "projects/_staff_context_approvals.html", selectors.staff_context_approvals, position=30
)

register_audit_actions(
    {
        "project.created": _("project written (draft)"),
        "project.updated": _("project changed"),
        "project.deleted": _("project deleted"),
        "project.sent_to_partner": _("project sent to the co-founder"),
        "project.partner_accepted": _("co-founder accepted"),
        "project.partner_declined": _("co-founder declined"),
        "project.cofounder_changed": _("co-founder changed"),
        "project.sent_to_nso": _("project sent to the NSOs"),
        "project.nso_approved": _("project approved by the NSO"),
        "project.nso_rejected": _("project rejected by the NSO"),
        "project.activated": _("project active"),
        "project.member_invited": _("teacher invited to the project"),
        "project.member_joined": _("teacher joined the project"),
        "project.member_declined": _("teacher declined to join the project"),
        "project.member_left": _("member left the project"),
        "project.member_removed": _("member removed from the project"),
        "project.member_erased": _("member's account erased"),
        "project.member_school_changed": _("member's school changed"),
        "project.founder_offered": _("founder rights offered"),
        "project.founder_accepted": _("founder rights accepted"),
        "project.founder_declined": _("founder rights declined"),
        "project.founderless": _("project left with no founder"),
        "project.closed": _("project closed"),
        "project.archived": _("project archived"),
        "project.external_partner_added": _("partner on ESEP added"),
        "project_kit.saved": _("project kit saved"),
        "project_kit.published": _("project kit published"),
        "esep_history.checked": _("ESEP history file checked"),
        "esep_history.imported": _("ESEP history imported"),
        "esep_history.declared": _("ESEP history item declared"),
        "esep_history.verified": _("ESEP history item verified"),
        "esep_history.rejected": _("ESEP history item not accepted"),
    }
)
register_notification_kind("projects.cofounder_invited", _("A teacher invites you to found a project"))
register_notification_kind("projects.partner_answered", _("Your co-founder answered"))
register_notification_kind("projects.approved", _("Your project is approved"))
register_notification_kind("projects.rejected", _("Your project was not approved"))
register_notification_kind("projects.deleted", _("A project you were in was deleted"))
register_notification_kind("projects.member_invited", _("You are invited to a project"))
register_notification_kind("projects.member_answered", _("Answers to your project invitations"), delivery="daily")
register_notification_kind("projects.member_removed", _("You were removed from a project"))
register_notification_kind("projects.founder_offered", _("Founder rights are offered to you"))
register_notification_kind("projects.closed", _("A project you take part in is closed"), delivery="daily")
register_notification_kind("projects.esep_history", _("Your NSO's decision on your ESEP history"))
