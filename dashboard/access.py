"""Who may see a saved report (see wei.access for the one place)."""

from django.db.models import Q

from dashboard.models import ReportVersion
from wei.access import managed_neighbourhoods, register


def versions_seen(user, queryset):
    """A neighbourhood's versions: its process managers. A version of all neighbourhoods
    covered what its maker could see, so only its maker (and a superuser) reads it."""
    return queryset.filter(
        Q(neighbourhood__in=managed_neighbourhoods(user).values("pk"))
        | Q(neighbourhood__isnull=True, made_by=user))


def register_rules():
    register(ReportVersion, see=versions_seen)
