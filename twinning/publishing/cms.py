"""The Wagtail side set up by the platform: the page tree's roots, the managed groups and their
permissions, the magazine's editorial workflow. Everything here is idempotent (run by the demo, the
first /cms/ request of a role and the tests' fixtures)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from . import policies
from .models import CMSGroup, CountrySectionPage, MagazineIndexPage, PublishingHomePage

WORKFLOW_NAME = "Magazine editorial review"
REVIEW_TASK = "In review (reviewers)"
ACCEPT_TASK = "Acceptance (editor-in-chief)"

GROUP_NAMES = {
    policies.EDITORS: "CMS editors (CSS staff)",
    policies.REVIEWERS: "Magazine reviewers",
    policies.EDITOR_IN_CHIEF: "Magazine editor-in-chief",
}
PAGE_EDIT = ["add_page", "change_page", "view_page"]
PAGE_PUBLISH = [*PAGE_EDIT, "publish_page", "lock_page", "unlock_page"]
PAGE_ALL = [*PAGE_PUBLISH, "delete_page", "bulk_delete_page"]


def ensure_locales() -> dict[str, Locale]:
    from django.conf import settings

    return {code: Locale.objects.get_or_create(language_code=code)[0] for code, _name in settings.LANGUAGES}


@transaction.atomic
def ensure_homes() -> dict[str, PublishingHomePage]:
    """One publishing home per language, translations of each other, the default site's root the Greek one."""
    locales = ensure_locales()
    root = Page.get_first_root_node()
    el_home = PublishingHomePage.objects.filter(locale=locales["el"]).first()
    if el_home is None:
        # Wagtail's own welcome page (made by its migration) gives way to ours.
        for page in root.get_children().filter(content_type__model="page", numchild=0):
            Site.objects.filter(root_page=page).delete()
            page.delete()
        el_home = PublishingHomePage(title="eTwinning", slug="home", locale=locales["el"])
        root.add_child(instance=el_home)
        el_home.save_revision().publish()
    homes = {"el": el_home}
    for code, locale in locales.items():
        if code == "el":
            continue
        home = PublishingHomePage.objects.filter(locale=locale).first()
        if home is None:
            home = el_home.copy_for_translation(locale)
            home.slug = f"home-{code}"
            home.save_revision().publish()
        homes[code] = home
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=el_home, is_default_site=True, site_name="eTwinning"
        )
    elif site.root_page_id != el_home.pk:
        site.root_page = el_home
        site.save(update_fields=["root_page"])
    return homes


def managed_group(key: str) -> Group:
    """The Wagtail group standing for a role, made (with its permissions) on first use."""
    found = CMSGroup.objects.select_related("group").filter(key=key).first()
    if found is not None:
        return found.group
    with transaction.atomic():
        name = GROUP_NAMES.get(key) or f"CMS: NSO {key.split(':', 1)[1]}"
        group, _created = Group.objects.get_or_create(name=name)
        CMSGroup.objects.get_or_create(key=key, defaults={"group": group})
        grant_permissions(key, group)
    return group


def _admin_permissions() -> list[Permission]:
    wanted = [
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ]
    found = []
    for app, codename in wanted:
        perm = (
            Permission.objects.select_related("content_type")
            .filter(content_type__app_label=app, codename=codename)
            .first()
        )
        if perm is not None:
            found.append(perm)
    return found


def _grant_pages(group: Group, page: Page, codenames: list[str]) -> None:
    for codename in codenames:
        perm = Permission.objects.filter(content_type__app_label="wagtailcore", codename=codename).first()
        if perm is not None:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)


def _snippet_permissions(models_: list[str]) -> list[Permission]:
    return list(
        Permission.objects.filter(content_type__app_label="publishing", content_type__model__in=models_).exclude(
            codename__startswith="delete_"
        )
    )


def _grant_collections(group: Group) -> None:
    """Images and documents are permitted per collection in Wagtail: every managed group adds and chooses them in
    the root collection (and so in all); each person edits the ones they uploaded."""
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for perm in _admin_permissions():
        if perm.content_type.app_label in ("wagtailimages", "wagtaildocs"):
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=perm)


def grant_permissions(key: str, group: Group) -> None:
    """What each managed group may do. Called when the group is made and again by ``ensure_all``."""
    group.permissions.add(*_admin_permissions())
    _grant_collections(group)
    homes = list(PublishingHomePage.objects.all())
    if key == policies.EDITORS:
        for home in homes:
            _grant_pages(group, home, PAGE_ALL)
        group.permissions.add(*_snippet_permissions(["articlecategory", "magazineissue"]))
    elif key in (policies.REVIEWERS, policies.EDITOR_IN_CHIEF):
        for magazine in MagazineIndexPage.objects.all():
            _grant_pages(group, magazine, PAGE_PUBLISH if key == policies.EDITOR_IN_CHIEF else PAGE_EDIT)
        if key == policies.EDITOR_IN_CHIEF:
            group.permissions.add(*_snippet_permissions(["articlecategory", "magazineissue"]))
    elif key.startswith("nso:"):
        code = key.split(":", 1)[1]
        for section in CountrySectionPage.objects.filter(country__code=code):
            _grant_pages(group, section, PAGE_PUBLISH)


@transaction.atomic
def ensure_workflow() -> Workflow:
    """The magazine's workflow: the reviewers' task, then the editor-in-chief's; assigned to every magazine."""
    reviewers = managed_group(policies.REVIEWERS)
    chief = managed_group(policies.EDITOR_IN_CHIEF)
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    review, _c = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK)
    review.groups.add(reviewers, chief)
    accept, _c = GroupApprovalTask.objects.get_or_create(name=ACCEPT_TASK)
    accept.groups.add(chief)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=review, defaults={"sort_order": 0})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=accept, defaults={"sort_order": 1})
    for magazine in MagazineIndexPage.objects.all():
        WorkflowPage.objects.update_or_create(page=magazine, defaults={"workflow": workflow})
    return workflow


def ensure_all() -> None:
    """After the tree changed (a new magazine, a new country section): the groups' rights and the workflow."""
    ensure_homes()
    for cms_group in CMSGroup.objects.select_related("group"):
        grant_permissions(cms_group.key, cms_group.group)
    ensure_workflow()


def sync_groups(user) -> None:
    """Put the person in the managed groups their roles give, and out of the others (cheap: two queries
    when nothing changed)."""
    wanted = policies.cms_group_keys(user)
    current = dict(
        CMSGroup.objects.filter(group__user=user).values_list("key", "group_id")  # the managed groups they are in
    )
    to_remove = [gid for key, gid in current.items() if key not in wanted]
    if to_remove:
        user.groups.remove(*to_remove)
    to_add = [managed_group(key) for key in wanted if key not in current]
    if to_add:
        user.groups.add(*to_add)
