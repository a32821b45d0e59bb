from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import path, reverse

from public import downloads, publication, views
from public.sitemaps import PublicPages

app_name = "public"


def robots_txt(request):
    """Search engines may read the public pages (and the styles they need), nothing behind
    sign-in; the sitemap lists the pages."""
    lines = [
        "User-agent: *",
        "Allow: /public/",
        "Allow: /static/",
        f"Allow: {reverse('public:sitemap')}",
        "Disallow: /",
        f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}",
    ]
    return views.cacheable(
        request, HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
    )


def public_sitemap(request):
    return views.cacheable(request, sitemap(request, {"pages": PublicPages}).render())


urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", public_sitemap, name="sitemap"),
    path("s/<slug:slug>/publication/", publication.publication_edit, name="publication-edit"),
    path("public/<slug:slug>/", views.home, name="home"),
    path("public/<slug:slug>/committees/", views.committee_list, name="committee-list"),
    path("public/<slug:slug>/meetings/", views.meeting_list, name="meeting-list"),
    path("public/<slug:slug>/meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path(
        "public/<slug:slug>/meetings/<int:pk>/minutes/",
        views.minutes_detail,
        name="minutes-detail",
    ),
    path("public/<slug:slug>/papers/<int:pk>/", downloads.paper_download, name="paper-download"),
    path("public/<slug:slug>/minutes/", views.minutes_list, name="minutes-list"),
    path("public/<slug:slug>/interests/", views.interest_list, name="interest-list"),
    path("public/<slug:slug>/reports/", views.report_list, name="report-list"),
    path("public/<slug:slug>/reports/<int:pk>/pdf/", downloads.report_pdf, name="report-pdf"),
]
