"""Wagtail's hooks of publishing: the magazine's categories and issues are snippets (edited in /cms/snippets/).

Registered here, not with the decorator on the models: Wagtail imports this module once per process, while a
deferred registration would be repeated (and refused) when a test installs an app of its own."""

from wagtail.snippets.models import register_snippet

from .models import ArticleCategory, MagazineIssue

register_snippet(ArticleCategory)
register_snippet(MagazineIssue)
