from django.urls import path

from participants.views import AccessibilityView, PrivacyView

app_name = "participants"
urlpatterns = [
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("toegankelijkheid/", AccessibilityView.as_view(), name="accessibility"),
]
