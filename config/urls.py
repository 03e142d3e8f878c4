from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from config import views
from core import views as core_views
from core.sitemaps import HomeSitemap
from core.two_factor.views import LoginView
from dashboard.sitemaps import PublishedReportSitemap
from initiatives.sitemaps import (
    AttendSitemap,
    InitiativeQuestionSitemap,
    InitiativeSignUpSitemap,
    InitiativeSitemap,
    NeighbourhoodSitemap,
    PublicPagesSitemap,
)
from participants.sitemaps import StatementsSitemap

# Every public page, and only those: no personal link, no staff page (robots.txt keeps
# crawlers away from those; tests/test_sharing.py holds both to it).
SITEMAPS = {
    "home": HomeSitemap,
    "pages": PublicPagesSitemap,
    "initiatives": InitiativeSitemap,
    "sign-up": InitiativeSignUpSitemap,
    "question": InitiativeQuestionSitemap,
    "neighbourhoods": NeighbourhoodSitemap,
    "ik-kom": AttendSitemap,
    "reports": PublishedReportSitemap,
    "statements": StatementsSitemap,
}

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("status/", core_views.StatusView.as_view(), name="status"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("manifest.webmanifest", core_views.webmanifest, name="webmanifest"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    # One login for the whole product, the admin included: password, then a code.
    path("inloggen/", LoginView.as_view(), name="login"),
    path("", include("core.two_factor.urls")),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("dashboard/", include("dashboard.urls")),
    path("nieuwe-route/", include("dashboard.views.routes.urls")),
    path("", include("participants.urls")),
    path("", include("dashboard.public_urls")),
    path("", include("initiatives.urls")),
    path("", include("wei.urls")),
]
