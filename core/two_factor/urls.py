from django.urls import path

from core.two_factor import views

app_name = "two_factor"
urlpatterns = [
    path("inloggen/code/", views.token, name="token"),
    path("account/tweestapsverificatie/", views.setup, name="setup"),
    path("account/tweestapsverificatie/reservecodes/", views.backup_codes, name="backup_codes"),
    path("account/tweestapsverificatie/inschrijven/<str:token>/", views.enrol, name="enrol"),
]
