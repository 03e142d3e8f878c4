from django import template

from participants.forms import participant_label

register = template.Library()


@register.filter
def person_label(participant) -> str:
    """'Yara Bos (7941 AB, Oosterboer)': namesakes told apart (select the neighbourhood)."""
    return participant_label(participant)
