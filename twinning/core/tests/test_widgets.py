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


class DependentForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "---"), ("fruit", "Fruit"), ("veg", "Vegetable")], required=False)
    item = forms.ChoiceField(
        choices=[("", "---"), ("apple", "Apple"), ("leek", "Leek")],
        required=False,
        widget=FastSelect(depends_on="kind", parents={"apple": "fruit", "leek": "veg"}),
    )


def test_a_dependent_select_names_its_parent_field_and_each_options_parent():
    html = str(DependentForm({"item": "leek"})["item"])
    assert 'data-depends-on="kind"' in html
    assert '<option value="apple" data-parent="fruit">Apple</option>' in html
    assert '<option value="leek" selected data-parent="veg">Leek</option>' in html
    assert '<option value="">---</option>' in html  # the blank choice belongs to every parent


@pytest.mark.django_db
def test_a_dependent_model_select_takes_the_parent_from_each_instance(greece, italy, attica):
    from twinning.reference.models import Region

    class RegionForm(forms.Form):
        region = forms.ModelChoiceField(
            queryset=Region.objects.all(), widget=FastSelect(depends_on="country", parent_attr="country_id")
        )

    html = str(RegionForm()["region"])
    assert f'<option value="{attica.pk}" data-parent="{greece.pk}">' in html
