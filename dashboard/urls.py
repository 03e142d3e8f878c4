from django.urls import path

from dashboard.views import lists, overview

app_name = "dashboard"

urlpatterns = [
    path("", overview.OverviewView.as_view(), name="overview"),
    path("deelnemers/", lists.ParticipantListView.as_view(), name="participants"),
    path("initiatieven/", lists.InitiativeListView.as_view(), name="initiatives"),
    path("stromen/", lists.FlowEventListView.as_view(), name="flow_events"),
]
