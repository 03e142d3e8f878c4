"""The route's public pages: where an invitee answers yes or no. The staff pages of a
route are the back office's (dashboard.views.routes.urls, which includes these under
the one namespace "nieuweroute" at /nieuwe-route/)."""

from django.urls import path

from nieuweroute import views

app_name = "nieuweroute"
urlpatterns = [
    path("uitnodiging/<str:token>/", views.invitation_answer, name="invitation_answer"),
    path("uitnodiging/<str:token>/<str:answer>/", views.invitation_answer,
         name="invitation_answer_choice"),
]
