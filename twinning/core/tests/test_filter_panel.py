"""The filter panel tag: a form that names what its choices depend on has its panel kept in the cache per
language and query; a change of that key, of the query or of the language draws it again; other forms are
drawn every time. The cached panel is the one the template draws (values escaped)."""

import pytest
from django import forms
from django.core.cache import cache
from django.http import QueryDict
from django.utils import translation

from twinning.core.templatetags import twinning as tags

CHOICES = {"version": 1, "pairs": [("a", "Alpha")]}


class KeyedForm(forms.Form):
    q = forms.CharField(label="Words", required=False)
    kind = forms.ChoiceField(label="Kind", required=False, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Any"), *CHOICES["pairs"]]

    def panel_key(self):
        return CHOICES["version"]


class PlainForm(KeyedForm):
    panel_key = None  # no key: drawn every time


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    cache.clear()
    monkeypatch.setitem(CHOICES, "version", 1)
    monkeypatch.setitem(CHOICES, "pairs", [("a", "Alpha")])
    drawn = []
    real = tags.render_to_string

    def counting(*args, **kwargs):
        drawn.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(tags, "render_to_string", counting)
    return drawn


def _panel(form_class, query=""):
    return str(tags.filter_panel(form_class(QueryDict(query) or None), "Filter", "Search"))


def test_the_same_query_is_drawn_once(fresh):
    first = _panel(KeyedForm, "q=climate")
    assert _panel(KeyedForm, "q=climate") == first
    assert len(fresh) == 1 and 'value="climate"' in first


def test_another_query_or_language_is_drawn_again(fresh):
    _panel(KeyedForm, "q=climate")
    other = _panel(KeyedForm, "q=%3Cscript%3E")
    assert "&lt;script&gt;" in other and "<script>" not in other
    with translation.override("el"):
        _panel(KeyedForm, "q=climate")
    assert len(fresh) == 3


def test_a_new_key_shows_the_new_choices(fresh, monkeypatch):
    assert "Beta" not in _panel(KeyedForm)
    monkeypatch.setitem(CHOICES, "pairs", [("a", "Alpha"), ("b", "Beta")])
    assert "Beta" not in _panel(KeyedForm)  # the same key: the kept panel
    monkeypatch.setitem(CHOICES, "version", 2)
    assert "Beta" in _panel(KeyedForm)


def test_a_form_without_a_key_is_drawn_every_time(fresh):
    assert _panel(PlainForm, "q=x") == _panel(PlainForm, "q=x")
    assert len(fresh) == 2
