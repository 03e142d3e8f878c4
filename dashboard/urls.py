from django.urls import path

from dashboard.views import activities, lists, overview, people, privacy, processes

app_name = "dashboard"

urlpatterns = [
    path("", overview.OverviewView.as_view(), name="overview"),
    path("deelnemers/", lists.ParticipantListView.as_view(), name="participants"),
    path("initiatieven/", lists.InitiativeListView.as_view(), name="initiatives"),
    path("stromen/", lists.FlowEventListView.as_view(), name="flow_events"),
    # The workspace: neighbourhoods and processes, activities and attendance, people.
    path("wijken/nieuw/", processes.NeighbourhoodStartView.as_view(),
         name="neighbourhood_start"),
    path("processen/<int:pk>/", processes.ProcessDetailView.as_view(), name="process"),
    path("processen/<int:pk>/verder/", processes.AdvanceView.as_view(), name="process_advance"),
    path("processen/<int:pk>/terug/", processes.StepBackView.as_view(),
         name="process_step_back"),
    path("processen/<int:pk>/stoppen/", processes.StopView.as_view(), name="process_stop"),
    path("processen/<int:pk>/heropenen/", processes.ReopenView.as_view(),
         name="process_reopen"),
    path("processen/<int:pk>/afronden/", processes.CompleteView.as_view(),
         name="process_complete"),
    path("activiteiten/nieuw/", activities.ActivityCreateView.as_view(),
         name="activity_create"),
    path("activiteiten/<int:pk>/", activities.ActivityDetailView.as_view(), name="activity"),
    path("activiteiten/<int:pk>/zoeken/", activities.AttendanceSearchView.as_view(),
         name="attendance_search"),
    path("activiteiten/<int:pk>/nieuwe-rij/", activities.NewPersonRowView.as_view(),
         name="attendance_new_row"),
    path("deelnemers/<int:pk>/", people.PersonDetailView.as_view(), name="person"),
    path("deelnemers/<int:pk>/instroom/", people.InflowView.as_view(), name="person_inflow"),
    path("deelnemers/<int:pk>/doorstroom/", people.ThroughflowView.as_view(),
         name="person_throughflow"),
    path("deelnemers/<int:pk>/uitstroom/", people.OutflowView.as_view(),
         name="person_outflow"),
    path("deelnemers/<int:pk>/initiatief/", people.MembershipView.as_view(),
         name="person_membership"),
    path("deelnemers/<int:pk>/gegevens/", people.DetailsView.as_view(),
         name="person_details"),
    path("deelnemers/<int:pk>/toestemming/", people.ConsentView.as_view(),
         name="person_consent"),
    path("deelnemers/<int:pk>/export/", privacy.ExportView.as_view(), name="person_export"),
    path("deelnemers/<int:pk>/wissen/", privacy.EraseView.as_view(), name="person_erase"),
]
