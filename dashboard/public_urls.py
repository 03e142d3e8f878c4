from django.urls import path

from dashboard.views import public

app_name = "public_reports"
urlpatterns = [
    path("wijken/<slug:slug>/verslag/<str:period>/", public.public_report, name="report"),
]
