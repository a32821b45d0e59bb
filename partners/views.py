from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from partners import authz, querysets
from partners.models import System


@login_required
def home(request):
    """The systems the user may see, with their role in each."""
    systems = querysets.systems_for_home(authz.visible_systems(request.user))
    rows = [(system, authz.role_label(request.user, system)) for system in systems]
    return render(request, "partners/home.html", {"rows": rows})


@login_required
def system_detail(request, slug: str):
    """A system's partner organisations and people."""
    system = authz.get_visible_or_404(request.user, System, slug=slug)
    context = {
        "system": system,
        "role": authz.role_label(request.user, system),
        "partnerships": querysets.partnerships_for_system(system),
        "people": querysets.people_for_system(system),
    }
    return render(request, "partners/system_detail.html", context)
