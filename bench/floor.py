"""The least an API list can cost on this stack: the benchmark's instrument, never the product's.

``bench/api_lists.py --floor`` serves the product's URLs with one more, under this module's
URLconf, in its own process only: ``/bench-floor/<list>/`` answers an authenticated request
with the raw fetch of that list's page (the very statement and rows the benchmark's "page"
baseline reads), as ``{"results": [{column: value}, ...]}``. It goes through everything a
list goes through that is not the list's own work: the WSGI handler, every middleware, DRF's
dispatch, the token's authentication, the permission and the rate limit, and the product's
renderer. So its time is a floor: no way of building the list, however lean, could answer in
less, and its ratio to the raw fetch is the lowest ratio that list could reach.

The statements are the benchmark's own, registered by name before the first request; the
request names one, never supplies SQL.
"""

from django.db import connection
from django.http import Http404
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as product_urlpatterns

# name -> (sql, params), filled by bench/api_lists.py
STATEMENTS: dict[str, tuple[str, list]] = {}


class RawPage(APIView):
    """A list's page read raw, behind the API's authentication, permission and rate limit."""

    def get(self, request, name: str):
        try:
            sql, params = STATEMENTS[name]
        except KeyError:
            raise Http404 from None
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            columns = [column.name for column in cursor.description]
            rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
        return Response({"results": rows})


urlpatterns = [path("bench-floor/<str:name>/", RawPage.as_view()), *product_urlpatterns]
