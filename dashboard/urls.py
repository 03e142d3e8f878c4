from django.urls import path

from dashboard.views import imports, inbox, initiatives, lists, overview

app_name = "dashboard"

urlpatterns = [
    path("", overview.OverviewView.as_view(), name="overview"),
    path("deelnemers/", lists.ParticipantListView.as_view(), name="participants"),
    path("initiatieven/", lists.InitiativeListView.as_view(), name="initiatives"),
    path("stromen/", lists.FlowEventListView.as_view(), name="flow_events"),
    # The follow-up inbox.
    path("opvolging/", inbox.InboxView.as_view(), name="followup"),
    path("opvolging/<int:pk>/", inbox.FollowUpView.as_view(), name="followup_detail"),
    path("opvolging/<int:pk>/status/", inbox.FollowUpStatusView.as_view(),
         name="followup_status"),
    path("opvolging/<int:pk>/publiceren/", inbox.IdeaPublishView.as_view(),
         name="idea_publish"),
    path("opvolging/<int:pk>/afwijzen/", inbox.IdeaDeclineView.as_view(), name="idea_decline"),
    # An initiative's staff page.
    path("initiatieven/<int:pk>/", initiatives.InitiativeView.as_view(), name="initiative"),
    path("initiatieven/<int:pk>/leden/", initiatives.MemberAddView.as_view(),
         name="initiative_member_add"),
    path("initiatieven/<int:pk>/leden/<int:membership_pk>/einde/",
         initiatives.MemberEndView.as_view(), name="initiative_member_end"),
    path("initiatieven/<int:pk>/reflecties/", initiatives.ReflectionAddView.as_view(),
         name="initiative_reflection_add"),
    path("initiatieven/<int:pk>/geldstromen/", initiatives.MoneyFlowAddView.as_view(),
         name="initiative_money_add"),
    path("initiatieven/<int:pk>/steun/", initiatives.SupportView.as_view(),
         name="initiative_support"),
    path("initiatieven/<int:pk>/publiceren/", initiatives.PublishView.as_view(),
         name="initiative_publish"),
    # Importing a list of people.
    path("importeren/", imports.ImportUploadView.as_view(), name="import"),
    path("importeren/controleren/", imports.ImportPreviewView.as_view(),
         name="import_preview"),
]
