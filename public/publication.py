"""The programme office's page to choose what its system publishes."""

from django.contrib import messages
from django.shortcuts import redirect, render

from core import authz
from core.history import history_rows
from core.pages import require, system_view
from core.record_pages import posted
from governance.models import Publication
from public import services
from public.forms import PublicationForm
from public.querysets import SECTIONS


@system_view
def publication_edit(request, system):
    require(authz.can_administer(request.user, system))
    publication = Publication.objects.filter(system=system).first()
    chosen = [s for s in SECTIONS if publication is not None and getattr(publication, s)]
    form = PublicationForm(posted(request), initial={"sections": chosen})
    if request.method == "POST" and form.is_valid():
        services.publication_choose(
            actor=request.user,
            system=system,
            sections=form.cleaned_data["sections"],
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, "What this system publishes is saved.")
        return redirect("public:publication-edit", system.slug)
    context = {
        "form": form,
        "publication": publication,
        "publishes": publication is not None and publication.publishes_anything,
        "history": history_rows(publication) if publication is not None else [],
    }
    return render(request, "public/publication_form.html", context)
