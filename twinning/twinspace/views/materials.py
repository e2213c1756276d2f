"""The materials of a TwinSpace: files, images in albums, videos and classroom tools from allowed sites.
Members see them all; visitors of a public workspace see the public ones (never an image of a pupil whose
parents have not agreed to publication)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from twinning.core import embeds
from twinning.core.actions import form_action, post_action
from twinning.core.lookups import get_or_404, login_for_visitors
from twinning.core.models import Rights
from twinning.core.uploads import accepts_upload

from .. import materials, policies
from ..models import TITLE_MAX, Album, Material
from . import _open

UPLOAD_REQUEST_MAX = 101 * 1024 * 1024


class MaterialForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=TITLE_MAX)
    file = forms.FileField(label=gettext_lazy("File or image"), required=False)
    embed_url = forms.CharField(
        label=gettext_lazy("…or the link of a video or a classroom tool"),
        required=False,
        max_length=500,
        help_text=gettext_lazy(
            "YouTube, Vimeo, Padlet, Genially, LearningApps, Canva, Wordwall, Google, Office, Miro…"
        ),
    )
    description = forms.CharField(
        label=gettext_lazy("Description (for those who cannot see the image)"), required=False, max_length=300
    )
    rights = forms.ChoiceField(label=gettext_lazy("Rights"), choices=Rights.choices, initial=Rights.OWN)
    album = forms.TypedChoiceField(label=gettext_lazy("Album"), required=False, coerce=int, empty_value=None)
    pupils = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Pupils shown in the image"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    public = forms.BooleanField(
        label=gettext_lazy("Visitors may see it"),
        required=False,
        help_text=gettext_lazy("Not for an image of a pupil whose parents have not agreed to publication."),
    )

    def __init__(self, *args, albums, pupils, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["album"].choices = [("", _("No album"))] + [(a.pk, a.title) for a in albums]
        if pupils is None:
            del self.fields["pupils"]  # pupil administrators do not tag pupils
        else:
            self.fields["pupils"].choices = [
                (m.pupil.pk, f"{materials.pupil_label(m.pupil)}, {m.pupil.school.name}"
                 + ("" if m.pupil.publication_consent else " — " + _("no consent to publish")))
                for m in pupils
            ]  # fmt: skip
        if editing:
            for name in ("file", "embed_url", "description", "rights"):
                del self.fields[name]


class AlbumForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("New album"), max_length=TITLE_MAX)


def _material_or_404(workspace, material_id) -> Material:
    material = get_or_404(Material.objects.filter(workspace=workspace).select_related("attachment"), pk=material_id)
    material.workspace = workspace
    return material


@login_for_visitors
def material_list(request, project_id):
    project, workspace, role = _open(request, project_id)
    member = policies.may(role, "view", project)
    if not member and not workspace.public_materials:
        raise Http404
    album_id = request.GET.get("album") or None
    if album_id is not None and not album_id.isdigit():
        raise Http404
    may_edit = policies.may(role, "edit_pages", project)
    album_form = AlbumForm(request.POST or None) if may_edit else None
    if request.method == "POST" and album_form is None:
        raise PermissionDenied
    back = reverse("twinspace:materials", args=[project.pk])
    response = album_form and form_action(
        request,
        album_form,
        lambda data: materials.album_create(actor=request.user, workspace=workspace, title=data["title"]),
        success=_("The album is made."),
        redirect_to=lambda album: f"{back}?album={album.pk}",
    )
    items = materials.materials(workspace, public_only=not member, album_id=album_id)
    for item in items:
        item.frame = embeds.frame(e, item.title) if item.embed_url and (e := embeds.embed_for(item.embed_url)) else ""
    context = {
        "project": project,
        "workspace": workspace,
        "items": items,
        "albums": materials.albums(workspace),
        "album_id": int(album_id) if album_id else None,
        "may_edit": may_edit,
        "member": member,
        "album_form": album_form,
    }
    return response or render(request, "twinspace/materials.html", context)


@login_for_visitors
@accepts_upload(UPLOAD_REQUEST_MAX)
def material_edit(request, project_id, material_id=None):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "edit_pages", project):
        raise PermissionDenied
    material = _material_or_404(workspace, material_id) if material_id is not None else None
    pupils = materials.taggable_pupils(workspace) if role in policies.TEACHERS else None
    initial = None
    if material is not None:
        initial = {
            "title": material.title,
            "album": material.album_id,
            "pupils": [p.pk for p in material.pupils.all()],
            "public": material.public,
        }
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        albums=materials.albums(workspace),
        pupils=pupils,
        editing=material is not None,
    )

    def save(data):
        common = {
            "actor": request.user,
            "title": data["title"],
            "album_id": data["album"],
            "pupil_ids": data.get("pupils") or (),
            "public": data["public"],
        }
        if material is not None:
            return materials.material_update(material=material, **common)
        return materials.material_add(
            workspace=workspace,
            upload=data["file"],
            embed_url=data["embed_url"],
            rights=data["rights"],
            description=data["description"],
            **common,
        )

    response = form_action(
        request,
        form,
        save,
        success=_("The material is saved."),
        redirect_to=reverse("twinspace:materials", args=[project.pk]),
    )
    context = {"project": project, "workspace": workspace, "material": material, "form": form}
    return response or render(request, "twinspace/material_form.html", context)


@login_for_visitors
@require_POST
def material_delete(request, project_id, material_id):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "edit_pages", project):
        raise PermissionDenied
    material = _material_or_404(workspace, material_id)
    return post_action(
        request,
        lambda: materials.material_delete(actor=request.user, material=material),
        success=_("The material is deleted."),
        redirect_to=reverse("twinspace:materials", args=[project.pk]),
    )


@login_for_visitors
@require_POST
def album_delete(request, project_id, album_id):
    project, workspace, role = _open(request, project_id)
    if not policies.may(role, "edit_pages", project):
        raise PermissionDenied
    album = get_or_404(Album.objects.filter(workspace=workspace), pk=album_id)
    album.workspace = workspace
    return post_action(
        request,
        lambda: materials.album_delete(actor=request.user, album=album),
        success=_("The album is deleted; its materials stay."),
        redirect_to=reverse("twinspace:materials", args=[project.pk]),
    )
