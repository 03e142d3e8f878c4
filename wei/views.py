"""The one public page of this floor: a public activity's calendar file."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from wei import ics
from wei.models import Activity


def activity_calendar(request, pk):
    # Only public activities of a running process; any other answers as if it did not exist.
    activity = get_object_or_404(
        Activity.objects.public().select_related("process__neighbourhood"), pk=pk)
    response = HttpResponse(ics.activity_calendar(activity, host=request.get_host()),
                            content_type="text/calendar; charset=utf-8")
    name = slugify(activity.title) or "activiteit"
    response["Content-Disposition"] = f'attachment; filename="{name}-{activity.date:%Y%m%d}.ics"'
    return response
