"""Choices of processes and activities that say which one is meant: with the
neighbourhood, and for an activity its date, so four "Informatieavond in het
buurthuis" are four different evenings in four places. A form's list of processes
groups them by neighbourhood (one <optgroup> each), with their phase, so a process
in the wrong neighbourhood is not one click away among all the others."""

from django import forms
from django.forms.models import ModelChoiceIterator
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


def process_choice_label(process: Process) -> str:
    """'Wijkontwikkeling Haveltermade (Ontstaansfase)', under its neighbourhood's heading;
    a process that no longer runs says so instead of its phase."""
    state = process.phase_label if process.is_active else process.get_status_display()
    return _("%(title)s (%(state)s)") % {"title": process.title, "state": state}


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


class GroupedByNeighbourhood(ModelChoiceIterator):
    """The processes in one query, one group per neighbourhood in the queryset's order,
    `field.first_group` (a neighbourhood's id: the person's own) first."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[int, tuple[str, list]] = {}
        for process in self.queryset:
            name = process.neighbourhood.name
            groups.setdefault(process.neighbourhood_id, (name, []))[1].append(
                self.choice(process))
        first = groups.pop(self.field.first_group, None)
        if first is not None:
            yield first
        yield from groups.values()


class ProcessChoiceField(forms.ModelChoiceField):
    """A process, grouped under its neighbourhood, with its phase."""

    iterator = GroupedByNeighbourhood

    def __init__(self, queryset, first_group=None, **kwargs):
        self.first_group = first_group
        super().__init__(_related(queryset, "neighbourhood"), **kwargs)

    def label_from_instance(self, obj):
        return process_choice_label(obj)


class ActivityChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(_related(queryset, "process__neighbourhood"), **kwargs)

    def label_from_instance(self, obj):
        return activity_label(obj)
