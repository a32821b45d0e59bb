"""Template tags that draw the page components of core.components from a declaration.

    {% summary_list %}
      {% row "Baseline" milestone.baseline_on %}
      {% row "Depends on" empty="Nothing" %}<ul>...</ul>{% endrow %}
    {% endsummary_list %}

A row given a value has no body; a row without one takes its body (already rendered, so
escaped) as the value. A value that is empty, or a body that renders blank, reads ``empty``
(core.components.EMPTY unless given).

    {% breadcrumbs %}
      {% crumb system.short_name "reports:dashboard" system.slug %}
      {% crumb milestone.title %}
    {% endbreadcrumbs %}

A crumb names a URL (reversed with the arguments that follow) or, last, is the current page.
"""

from django import template
from django.template.base import token_kwargs
from django.urls import reverse
from django.utils.html import format_html

from core.components import (
    EMPTY,
    Crumb,
    Row,
    display,
    render_breadcrumbs,
    render_summary_list,
)
from core.forms import DayMonthYearInput

register = template.Library()

ROWS = "_core_summary_rows"
CRUMBS = "_core_breadcrumbs"


def _collect(context, key: str) -> list:
    try:
        return context[key]
    except KeyError:
        raise template.TemplateSyntaxError(f"{key} used outside its block tag") from None


class SummaryListNode(template.Node):
    def __init__(self, nodelist, kwargs):
        self.nodelist, self.kwargs = nodelist, kwargs

    def render(self, context):
        rows: list[Row] = []
        with context.push({ROWS: rows}):
            self.nodelist.render(context)
        classes = self.kwargs["classes"].resolve(context) if "classes" in self.kwargs else ""
        return render_summary_list(rows, classes)


@register.tag
def summary_list(parser, token):
    bits = token.split_contents()[1:]
    kwargs = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError("summary_list takes only classes=...")
    nodelist = parser.parse(("endsummary_list",))
    parser.delete_first_token()
    return SummaryListNode(nodelist, kwargs)


class RowNode(template.Node):
    def __init__(self, key, value, nodelist, kwargs):
        self.key, self.value, self.nodelist, self.kwargs = key, value, nodelist, kwargs

    def render(self, context):
        options = {name: expr.resolve(context) for name, expr in self.kwargs.items()}
        empty = options.pop("empty", EMPTY)
        if self.nodelist is not None:
            value = self.nodelist.render(context)
        else:
            value = self.value.resolve(context)
        row = Row(str(self.key.resolve(context)), display(value, empty), **options)
        _collect(context, ROWS).append(row)
        return ""


ROW_OPTIONS = {"empty", "change_url", "change_label", "change_hidden"}


@register.tag
def row(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("row needs a label")
    key = parser.compile_filter(bits[1])
    rest = bits[2:]
    value = None
    if rest and "=" not in rest[0]:
        value = parser.compile_filter(rest.pop(0))
    kwargs = token_kwargs(rest, parser)
    if rest or not set(kwargs) <= ROW_OPTIONS:
        raise template.TemplateSyntaxError(f"row takes a label, a value and {sorted(ROW_OPTIONS)}")
    nodelist = None
    if value is None:
        nodelist = parser.parse(("endrow",))
        parser.delete_first_token()
    return RowNode(key, value, nodelist, kwargs)


class BreadcrumbsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        crumbs: list[Crumb] = []
        with context.push({CRUMBS: crumbs}):
            self.nodelist.render(context)
        return render_breadcrumbs(crumbs)


@register.tag
def breadcrumbs(parser, token):
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("breadcrumbs takes no arguments")
    nodelist = parser.parse(("endbreadcrumbs",))
    parser.delete_first_token()
    return BreadcrumbsNode(nodelist)


class CrumbNode(template.Node):
    def __init__(self, label, url_name, args):
        self.label, self.url_name, self.args = label, url_name, args

    def render(self, context):
        url = ""
        if self.url_name is not None:
            args = [arg.resolve(context) for arg in self.args]
            url = reverse(self.url_name.resolve(context), args=args)
            # A reporting date the user chose stays chosen on the way back, as in the header.
            if context.get("as_at_param"):
                url = f"{url}?as_at={context['as_at_param']}"
        _collect(context, CRUMBS).append(Crumb(str(self.label.resolve(context)), url))
        return ""


@register.tag
def crumb(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("crumb needs a label")
    label = parser.compile_filter(bits[1])
    url_name = parser.compile_filter(bits[2]) if len(bits) > 2 else None
    return CrumbNode(label, url_name, [parser.compile_filter(bit) for bit in bits[3:]])


@register.inclusion_tag("components/header_nav_item.html", takes_context=True)
def nav_item(context, label: str, url_name: str, *args, section: str = ""):
    """A header navigation link; ``aria-current="page"`` on the page it links to, ``"true"`` on
    the other pages of its ``section`` (comma-separated prefixes of ``namespace:url-name``), as
    NHS.UK's header does."""
    href = reverse(url_name, args=args)
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = ""
    if request is not None and request.path == href:
        current = "page"
    elif match is not None and section:
        here = match.view_name
        if any(here.startswith(prefix.strip()) for prefix in section.split(",")):
            current = "true"
    # A reporting date the user chose stays chosen from page to page (core.reporting_date).
    if context.get("as_at_param"):
        href = f"{href}?as_at={context['as_at_param']}"
    return {"label": label, "href": href, "current": current}


@register.simple_tag
def date_input(name: str, legend: str, *, value=None, key=None):
    """The NHS.UK date input (day, month, year) for a small form drawn in a template, such as
    a row's "Mark done": the same widget the forms use, in a fieldset named by ``legend``;
    ``key`` tells one row's boxes from another's."""
    field_id = name if key is None else f"{name}-{key}"
    widget = DayMonthYearInput().render(name, value, attrs={"id": field_id})
    return format_html(
        '<fieldset class="nhsuk-fieldset" role="group">'
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{}</legend>{}</fieldset>',
        legend,
        widget,
    )
