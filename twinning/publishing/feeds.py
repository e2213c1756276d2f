"""The magazine's RSS and Atom feeds (django.contrib.syndication): published articles of one language."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from . import selectors


class ArticlesRSS(Feed):
    def __init__(self, magazine):
        super().__init__()
        self.magazine = magazine

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"WELCOME · {self.magazine.title}"

    def link(self):
        return self.magazine.url

    def description(self):
        return self.magazine.search_description or self.magazine.title

    def language(self):
        return self.magazine.locale.language_code

    def items(self):
        return selectors.article_cards(self.magazine, limit=30)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.link

    def item_author_name(self, item):
        return item.display_author or None

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [c.name for c in item.card_categories] + list(item.card_tags)

    def feed_url(self):
        return self.request.build_absolute_uri()

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = self.magazine.locale.language_code
        return feed


class ArticlesAtom(ArticlesRSS):
    feed_type = Atom1Feed
    subtitle = ArticlesRSS.description


def issue_datetime(issue) -> datetime:
    return timezone.make_aware(datetime.combine(issue.date, time(9)))
