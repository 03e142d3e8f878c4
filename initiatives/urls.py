from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("initiatieven/", views.initiative_list, name="list"),
    path("initiatieven/<slug:slug>/", views.initiative_detail, name="detail"),
    path("initiatieven/<slug:slug>/aanmelden/", views.initiative_signup, name="signup"),
    path("initiatieven/<slug:slug>/vraag/", views.initiative_question, name="question"),
    path("wijken/", views.neighbourhood_list, name="neighbourhoods"),
    path("wijken/<slug:slug>/", views.neighbourhood_detail, name="neighbourhood"),
    path("activiteiten/<int:pk>/ik-kom/", views.activity_attend, name="attend"),
    path("idee/", views.idea_propose, name="idea"),
    path("bevestigen/<str:token>/", views.ConfirmView.as_view(), name="confirm"),
    path("afmelden/<str:token>/", views.WithdrawView.as_view(), name="withdraw"),
]
