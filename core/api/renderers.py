"""JSON written by orjson: the same bytes as DRF's JSONRenderer, in a fraction of the time.

DRF's renderer runs the standard library's encoder, which cost more than a page of 100
milestones took to read from the database. orjson writes the same compact UTF-8; whatever it
would write differently goes to DRF instead:

- dates and times (DRF's encoder writes them its own way) and anything orjson does not know
  (decimals, lazy translations, ...) go to DRF's encoder, value by value;
- an indented response (``Accept: application/json; indent=4``) and anything orjson refuses
  (an integer beyond 64 bits) are rendered by DRF whole;
- U+2028 and U+2029 are escaped, as DRF escapes them (so the JSON is also valid JavaScript).

Floats are the one difference: orjson writes an exponent without "+" and NaN as null, where DRF
writes "e+" and refuses NaN. No endpoint has a float (amounts are decimals, written as text);
a test checks the schema for one.
"""

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_LINE_SEPARATOR, _PARAGRAPH_SEPARATOR = "\u2028".encode(), "\u2029".encode()


_default = JSONEncoder().default


class FastJSONRenderer(JSONRenderer):
    """``application/json``, as DRF's JSONRenderer writes it (see the module's docstring)."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        try:
            content = orjson.dumps(data, default=_default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return super().render(data, accepted_media_type, renderer_context)
        if _LINE_SEPARATOR in content or _PARAGRAPH_SEPARATOR in content:
            content = content.replace(_LINE_SEPARATOR, b"\\u2028").replace(
                _PARAGRAPH_SEPARATOR, b"\\u2029"
            )
        return content
