from django.views.generic import TemplateView


class HomeView(TemplateView):
    template_name = "home.html"


class StatusView(TemplateView):
    """A plain page that reads nothing from the database: for uptime monitors, and the
    yardstick that the benchmark (bench/) measures every other page against."""

    template_name = "status.html"
