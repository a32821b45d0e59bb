"""Turn a bad query parameter into a 400 that names it, wherever in the request it was read.

Pages get a page saying which parameter to change (with a link back to the page without its
query); the API gets DRF's error shape, ``{"<parameter>": ["<message>"]}``. Every request's
parameters are also checked for NUL characters up front: no value needs one, and PostgreSQL
refuses them in a query, which would otherwise surface as a server error in whichever view or
filter passed the value on first.
"""

from django.http import JsonResponse
from django.shortcuts import render

from core.authz import visible_system_ids
from core.params import BadParameter, reject_nul
from core.scoping import scope

API_PREFIX = "/api/"


def bad_parameter_response(request, error: BadParameter):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({error.name: [error.message]}, status=400)
    return render(
        request,
        "core/bad_parameter.html",
        {"parameter": error.name, "message": error.message, "back": request.path},
        status=400,
    )


class BadParameterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            reject_nul(request.GET)
        except BadParameter as error:
            return bad_parameter_response(request, error)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, BadParameter):
            return bad_parameter_response(request, exception)
        return None


def api_exception_handler(exc, context):
    """DRF's handler, with ``BadParameter`` answered like a DRF ValidationError: inside the
    view, so the view's own clean-up (its scope) runs as for any other refused request."""
    from rest_framework.exceptions import ValidationError
    from rest_framework.views import exception_handler

    if isinstance(exc, BadParameter):
        exc = ValidationError({exc.name: [exc.message]})
    return exception_handler(exc, context)


class SystemScopeMiddleware:
    """Open a scope of the systems the signed-in user may see for the whole request.

    Anonymous requests get an empty scope: system-owned rows are simply not there for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope(visible_system_ids(request.user)):
            return self.get_response(request)
