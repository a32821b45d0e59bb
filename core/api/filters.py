"""Filter pieces every app's API shares: choices limited to what the request's user may see."""

import django_filters

from core import authz
from core.api.base import draws_filter_form


def scoped_choices(model):
    """A filter's choices: only the rows of ``model`` the request's user may see, so a filter
    never names (or confirms the existence of) another system's object."""

    def queryset(request):
        if request is None:
            return model._base_manager.none()
        return authz.scoped(getattr(request, "user", None), model)

    queryset.model = model
    return queryset


class ScopedChoiceFilter(django_filters.ModelChoiceFilter):
    """A ModelChoiceFilter on ``scoped_choices(model)`` whose scoped queryset is built only when
    the request gives the filter a value: a list request builds its filter form whole, and
    scoping every absent filter's choices cost more than the page's own query."""

    def __init__(self, model, **kwargs):
        super().__init__(queryset=scoped_choices(model), **kwargs)

    def get_queryset(self, request):
        data = getattr(self.parent, "data", None)
        # The browsable API draws the filter form, every choice included.
        lazy = data is not None and not draws_filter_form(request)
        if lazy and self._parameter() not in data:
            return self.queryset.model._base_manager.none()
        return super().get_queryset(request)

    def _parameter(self) -> str:
        """The query parameter that gives this filter (its name in the filter set, which may
        differ from the field it filters, e.g. ``committee`` for ``meeting__committee``)."""
        filters = getattr(self.parent, "filters", {})
        return next((name for name, each in filters.items() if each is self), self.field_name)
