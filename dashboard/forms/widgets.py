"""Widgets the task pages share."""

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker; the server still refuses what it cannot read."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def date_field(label, **kwargs):
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


class TimeInput(forms.TimeInput):
    """The browser's time picker (hours and minutes)."""

    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


def time_field(label, **kwargs):
    return forms.TimeField(label=label, widget=TimeInput(), **kwargs)
