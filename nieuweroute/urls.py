from django.urls import path

from nieuweroute import views

app_name = "nieuweroute"
urlpatterns = [
    path("", views.route_list, name="route_list"),
    path("nieuw/", views.route_create, name="route_create"),
    path("<int:pk>/", views.route_detail, name="route_detail"),
    path("<int:pk>/bijeenkomst/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/kaders/nieuw/", views.kader_add, name="kader_add"),
    path("<int:pk>/kaders/<int:kader_pk>/", views.kader_edit, name="kader_edit"),
    path("<int:pk>/kaders/<int:kader_pk>/vaststellen/", views.kader_fix, name="kader_fix"),
    path("<int:pk>/gesprekken/nieuw/", views.conversation_add, name="conversation_add"),
    path("<int:pk>/suggesties/<int:suggestion_pk>/toevoegen/", views.suggestion_accept,
         name="suggestion_accept"),
    path("<int:pk>/informatievragen/<int:request_pk>/", views.information_answer,
         name="information_answer"),
    path("<int:pk>/informatiepakket/", views.information_pack, name="information_pack"),
    path("<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("<int:pk>/uitnodigingen/<int:invitation_pk>/opnieuw/", views.invitation_resend,
         name="invitation_resend"),
    path("<int:pk>/uitnodigingen/<int:invitation_pk>/aanwezigheid/", views.attendance,
         name="attendance"),
    path("<int:pk>/plan/nieuw/", views.plan_add, name="plan_add"),
    path("<int:pk>/plan/<int:plan_pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/plan/<int:plan_pk>/afspraken/", views.plan_item_add, name="plan_item_add"),
    path("<int:pk>/plan/<int:plan_pk>/toetsing/", views.kader_check, name="kader_check"),
    path("<int:pk>/plan/<int:plan_pk>/accepteren/", views.plan_accept, name="plan_accept"),
    path("<int:pk>/plan/<int:plan_pk>/terugsturen/", views.plan_send_back, name="plan_send_back"),
    path("<int:pk>/plan/<int:plan_pk>/versturen/", views.plan_send, name="plan_send"),
    path("uitnodiging/<str:token>/", views.invitation_answer, name="invitation_answer"),
    path("uitnodiging/<str:token>/<str:answer>/", views.invitation_answer,
         name="invitation_answer_choice"),
]
