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
from django.utils.html import conditional_escape


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


# Django's templates that the renderer draws in one pass (same markup, no template per label, input or
# empty error list): list pages draw a filter panel on every request, and these small templates were most
# of its time (docs/performance.md). Anything else, and a list that has errors, goes through the templates.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("text", "search", "number", "email", "url", "password", "date", "datetime", "time", "tel", "hidden")
)
_SELECT_TEMPLATE = "django/forms/widgets/select.html"
_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
_LABEL_TEMPLATE = "django/forms/label.html"
_ERRORS_TEMPLATE = "django/forms/errors/list/default.html"


def _attrs(attrs) -> str:
    """django/forms/attrs.html: ``True`` is a bare attribute, ``False`` leaves it out, the rest escaped."""
    if not attrs:
        return ""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _select(widget) -> str | None:
    """django/forms/widgets/select.html with its select_option.html, whitespace included."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{conditional_escape(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def render_one_pass(template_name: str, context: dict) -> str | None:
    """The markup of ``template_name`` for ``context`` built directly, or None to use the template."""
    if template_name in _INPUT_TEMPLATES:
        widget = context["widget"]
        value = widget["value"]
        shown = "" if value is None else f' value="{conditional_escape(value)}"'
        return (
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f"{shown}{_attrs(widget['attrs'])}>"
        )
    if template_name == _SELECT_TEMPLATE:
        return _select(context["widget"])
    if template_name == _LABEL_TEMPLATE:
        label = conditional_escape(context["label"])
        if not context["use_tag"]:
            return str(label).strip()
        tag = conditional_escape(context["tag"])
        return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"
    if template_name == _ERRORS_TEMPLATE and not context["errors"]:
        return ""
    return None


class TwinningFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
    bound_field_class = TwinningBoundField

    def render(self, template_name, context, request=None):
        html = render_one_pass(template_name, context)
        return html if html is not None else super().render(template_name, context, request=request)
