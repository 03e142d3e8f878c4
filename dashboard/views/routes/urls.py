"""The route pages at /nieuwe-route/: the staff pages of the back office, and the public
page where an invitee answers (nieuweroute.urls), under the one namespace "nieuweroute"."""

from django.urls import path

from dashboard.views.routes import invitations, kaders, people, plan, routes
from nieuweroute.urls import urlpatterns as public_patterns

app_name = "nieuweroute"
urlpatterns = [
    path("", routes.RouteListView.as_view(), name="route_list"),
    path("nieuw/", routes.RouteCreateView.as_view(), name="route_create"),
    path("<int:pk>/", routes.RouteDetailView.as_view(), name="route_detail"),
    path("<int:pk>/wijzigen/", routes.RouteEditView.as_view(), name="route_edit"),
    path("<int:pk>/bijeenkomst/", routes.MeetingEditView.as_view(), name="meeting_edit"),
    path("<int:pk>/bijeenkomst/afgelasten/", routes.MeetingCancelView.as_view(),
         name="meeting_cancel"),
    path("<int:pk>/informatiepakket/", routes.InformationPackView.as_view(),
         name="information_pack"),
    path("<int:pk>/mensen/", people.PeopleView.as_view(), name="people"),
    path("<int:pk>/gesprekken/nieuw/", people.ConversationAddView.as_view(),
         name="conversation_add"),
    path("<int:pk>/suggesties/<int:suggestion_pk>/toevoegen/",
         people.SuggestionAcceptView.as_view(), name="suggestion_accept"),
    path("<int:pk>/informatievragen/<int:request_pk>/", people.InformationAnswerView.as_view(),
         name="information_answer"),
    path("<int:pk>/kaders/nieuw/", kaders.KaderAddView.as_view(), name="kader_add"),
    path("<int:pk>/kaders/<int:kader_pk>/", kaders.KaderEditView.as_view(), name="kader_edit"),
    path("<int:pk>/kaders/<int:kader_pk>/vaststellen/", kaders.KaderFixView.as_view(),
         name="kader_fix"),
    path("<int:pk>/uitnodigen/", invitations.InviteView.as_view(), name="invite"),
    path("<int:pk>/uitnodigingen/<int:invitation_pk>/opnieuw/",
         invitations.InvitationResendView.as_view(), name="invitation_resend"),
    path("<int:pk>/uitnodigingen/<int:invitation_pk>/aanwezigheid/",
         invitations.AttendanceView.as_view(), name="attendance"),
    path("<int:pk>/plan/nieuw/", plan.PlanAddView.as_view(), name="plan_add"),
    path("<int:pk>/plan/<int:plan_pk>/", plan.PlanView.as_view(), name="plan_detail"),
    path("<int:pk>/plan/<int:plan_pk>/afspraken/", plan.PlanItemAddView.as_view(),
         name="plan_item_add"),
    path("<int:pk>/plan/<int:plan_pk>/afspraken/<int:item_pk>/",
         plan.PlanItemEditView.as_view(), name="plan_item_edit"),
    path("<int:pk>/plan/<int:plan_pk>/afspraken/<int:item_pk>/verwijderen/",
         plan.PlanItemRemoveView.as_view(), name="plan_item_remove"),
    path("<int:pk>/plan/<int:plan_pk>/toetsing/", plan.KaderCheckView.as_view(),
         name="kader_check"),
    path("<int:pk>/plan/<int:plan_pk>/accepteren/", plan.PlanAcceptView.as_view(),
         name="plan_accept"),
    path("<int:pk>/plan/<int:plan_pk>/terugsturen/", plan.PlanSendBackView.as_view(),
         name="plan_send_back"),
    path("<int:pk>/plan/<int:plan_pk>/versturen/", plan.PlanSendView.as_view(),
         name="plan_send"),
    *public_patterns,
]
