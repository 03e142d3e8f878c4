from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.two_factor.views import LoginView
from config.views import HomeView, StatusView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("status/", StatusView.as_view(), name="status"),
    path("i18n/", include("django.conf.urls.i18n")),
    # One login for the whole product, the admin included: password, then a code.
    path("inloggen/", LoginView.as_view(), name="login"),
    path("", include("config.two_factor.urls")),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("dashboard/", include("dashboard.urls")),
    path("nieuwe-route/", include("nieuweroute.urls")),
    path("", include("participants.urls")),
    path("", include("initiatives.urls")),
    path("", include("wei.urls")),
]
