import pytest
from django import forms

from twinning.core.widgets import FastSelect


class PlainForm(forms.Form):
    colour = forms.ChoiceField(choices=[("", "---"), ("r", "Red & <b>"), ("g", "Green")], required=False)


class FastForm(forms.Form):
    colour = forms.ChoiceField(
        choices=[("", "---"), ("r", "Red & <b>"), ("g", "Green")], required=False, widget=FastSelect
    )


@pytest.mark.parametrize("data", [{}, {"colour": "g"}, {"colour": "r"}])
def test_fast_select_renders_what_django_renders(data):
    def normalise(html):
        return "".join(str(html).split())

    assert normalise(FastForm(data or None)["colour"]) == normalise(PlainForm(data or None)["colour"])


def test_fast_select_escapes_labels_and_marks_the_choice():
    html = str(FastForm({"colour": "r"})["colour"])
    assert "Red &amp; &lt;b&gt;" in html
    assert '<option value="r" selected>' in html
    assert 'id="id_colour"' in html
