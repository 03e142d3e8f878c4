from django.urls import path

from participants.views import PrivacyView

app_name = "participants"
urlpatterns = [
    path("privacy/", PrivacyView.as_view(), name="privacy"),
]
