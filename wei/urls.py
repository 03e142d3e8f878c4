from django.urls import path

from wei import views

app_name = "wei"
urlpatterns = [
    path("activiteiten/<int:pk>/agenda.ics", views.activity_calendar, name="activity_calendar"),
]
