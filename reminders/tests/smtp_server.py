"""aiosmtpd's ``Controller``, imported past a clash of names.

aiosmtpd needs the ``atpublic`` distribution, whose module is called ``public``, as is this
project's app of public pages, which comes first on the path. Its modules only do
``from public import public`` (a decorator) when imported: so they are imported once with
atpublic's module standing in for ``public``, and the app is put back straight after.
"""

import importlib.metadata
import importlib.util
import sys


def _import_controller():
    if "aiosmtpd.controller" in sys.modules:
        return sys.modules["aiosmtpd.controller"].Controller
    path = importlib.metadata.distribution("atpublic").locate_file("public/__init__.py")
    spec = importlib.util.spec_from_file_location(
        "public", path, submodule_search_locations=[str(path.parent)]
    )
    atpublic = importlib.util.module_from_spec(spec)
    app = sys.modules.get("public")
    sys.modules["public"] = atpublic
    try:
        spec.loader.exec_module(atpublic)
        from aiosmtpd.controller import Controller
    finally:
        for name in [name for name in sys.modules if name.startswith("public.")]:
            if getattr(sys.modules[name], "__file__", "").startswith(str(path.parent)):
                del sys.modules[name]
        if app is not None:
            sys.modules["public"] = app
        else:
            del sys.modules["public"]
    return Controller


Controller = _import_controller()
