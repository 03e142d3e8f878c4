"""Finding people: one search over name, postcode and e-mail address."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from participants.models import Participant


def search_people(queryset, text: str):
    """People whose name, postcode or e-mail address contains `text` (spaces in a
    postcode do not matter: '7941ab' finds '7941 AB')."""
    text = " ".join((text or "").split())
    if not text:
        return queryset
    compact = text.replace(" ", "")
    condition = Q(name__icontains=text) | Q(email__icontains=text)
    if 4 <= len(compact) <= 6 and compact[:4].isdigit():
        condition |= Q(postcode__iexact=f"{compact[:4]} {compact[4:]}".strip()) | Q(
            postcode__istartswith=compact[:4] + (f" {compact[4:]}" if compact[4:] else ""))
    else:
        condition |= Q(postcode__icontains=text)
    return queryset.filter(condition)


class PeopleSearch(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search by name, postcode or e-mail"),
                                  method="search", max_length=200)

    class Meta:
        model = Participant
        fields: list = []

    def search(self, queryset, name, value):
        return search_people(queryset, value)
