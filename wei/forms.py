"""Choices of processes and activities that say which one is meant: with the
neighbourhood, and for an activity its date, so four "Informatieavond in het
buurthuis" are four different evenings in four places."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wei.models import Activity, Process


def process_label(process: Process) -> str:
    """'Wijkontwikkeling Haveltermade – Haveltermade (stopped)'.

    Reads `process.neighbourhood`: select it with the processes (no query per row).
    """
    label = f"{process.title} – {process.neighbourhood.name}"
    if not process.is_active:
        label += f" ({process.get_status_display()})"
    return label


def activity_label(activity: Activity) -> str:
    """'Informatieavond in het buurthuis – Haveltermade, 29 november 2026'.

    Reads `activity.process.neighbourhood`: select them with the activities.
    """
    return _("%(title)s – %(neighbourhood)s, %(date)s") % {
        "title": activity.title,
        "neighbourhood": activity.process.neighbourhood.name,
        "date": date_format(activity.date, "j F Y"),
    }


def _related(queryset, *related):
    return None if queryset is None else queryset.select_related(*related)


class ProcessChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(_related(queryset, "neighbourhood"), **kwargs)

    def label_from_instance(self, obj):
        return process_label(obj)


class ActivityChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(_related(queryset, "process__neighbourhood"), **kwargs)

    def label_from_instance(self, obj):
        return activity_label(obj)
