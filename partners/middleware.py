from partners.authz import visible_system_ids
from partners.scoping import scope


class SystemScopeMiddleware:
    """Open a scope of the systems the signed-in user may see for the whole request.

    Anonymous requests get an empty scope: system-owned rows are simply not there for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with scope(visible_system_ids(request.user)):
            return self.get_response(request)
