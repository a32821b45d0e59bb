from django import template

from core.once import new_token, posted_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_token(context) -> str:
    """The create form's one-time token (core.once): the one just posted when the form is shown
    again with errors (its use was rolled back), else a new one."""
    request = context.get("request")
    token = (posted_token(request) if request is not None else None) or new_token()
    return token
