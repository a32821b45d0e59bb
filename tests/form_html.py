"""Read a page's POST forms as a browser would submit them, so tests send exactly what the
page rendered (its hidden one-time token and opened version included)."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {"action": a.get("action"), "data": {}}
            self.forms.append(self._form)
        if self._form is None:
            return
        data = self._form["data"]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    data.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file"):
                data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select" and name:
            self._select, self._first_option, self._chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._form["data"].setdefault(self._select, []).append(value)
                self._chosen = True
        elif tag == "textarea" and name:
            self._textarea = name
            data.setdefault(name, []).append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select:
            if not self._chosen and self._form is not None:
                self._form["data"].setdefault(self._select, []).append(self._first_option or "")
            self._select = None
        elif tag == "textarea" and self._textarea and self._form is not None:
            # As browsers do, drop the newline that follows the opening tag.
            values = self._form["data"][self._textarea]
            values[-1] = values[-1].removeprefix("\n")
            self._textarea = None

    def handle_data(self, text):
        if self._textarea and self._form is not None:
            self._form["data"][self._textarea][-1] += text


def post_forms(html: str) -> list[dict]:
    """Each POST form of the page: its ``action`` and the ``data`` it would send (lists)."""
    reader = _Forms()
    reader.feed(html)
    return reader.forms


def form_with(response, field: str) -> dict:
    """The data of the page's POST form that has ``field``, as a dict for the test client."""
    for form in post_forms(response.content.decode()):
        if field in form["data"]:
            return {k: v if len(v) > 1 else v[0] for k, v in form["data"].items()}
    raise AssertionError(f"No POST form with {field!r} on the page")
