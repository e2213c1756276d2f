"""How every form of the platform is drawn (GOV.UK Design System patterns, docs in UI.md):

- the label above the field, "(optional)" on optional fields rather than asterisks on required ones
  (not on a single checkbox, where unticked is an answer), the hint under the label, the error message
  above the field, all tied to it with aria-describedby;
- an error summary at the top of a form that has errors: a list of links to the fields (each error
  after its field's label), which receives the focus when the page loads (static/js/forms.js).

``FORM_RENDERER`` points here, so ``{{ form }}`` draws any Django form this way, allauth's included.
"""

from django.forms import BoundField
from django.forms.renderers import TemplatesSetting


class TwinningBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        described = [part for part in (attrs.get("aria-describedby") or "").split() if part]
        if self.help_text and f"{self.auto_id}_helptext" not in described:
            described.append(f"{self.auto_id}_helptext")
        if self.errors:
            described.append(f"{self.auto_id}_error")
        if described and self.auto_id:
            attrs["aria-describedby"] = " ".join(dict.fromkeys(described))
        return attrs


class TwinningFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = TwinningBoundField
