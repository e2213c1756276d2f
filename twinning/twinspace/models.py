"""The TwinSpace: the workspace of a project, where its classes work together (domain §6).

A project's workspace opens when the project becomes active and stays, read-only, once it is closed or
archived (quality labels and prizes are judged on it later). It has pages (with sub-pages, an order and
drafts), a forum and a teachers' bulletin (the shared discussion engine), files (``core.attachments``) and
the project's members with their roles. Who may do what is one matrix, in ``policies``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from twinning.core.richtext import RichTextField

TITLE_MAX = 200


class Workspace(models.Model):
    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE, related_name="workspace")
    about = RichTextField(_("about the workspace"), blank=True)
    public = models.BooleanField(_("visitors see the published pages"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("TwinSpace")
        verbose_name_plural = _("TwinSpaces")

    def __str__(self) -> str:
        return f"TwinSpace of project {self.project_id}"


class Page(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="pages")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = RichTextField(_("text"), blank=True)
    position = models.PositiveIntegerField(default=0)
    published = models.BooleanField(_("published"), default=False)  # a draft until then: members only
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "parent", "position"], name="twinspace_page_tree_idx")]
        verbose_name = _("TwinSpace page")
        verbose_name_plural = _("TwinSpace pages")

    def __str__(self) -> str:
        return self.title
