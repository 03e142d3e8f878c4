"""Reads for the public pages, each a fixed number of queries."""

from initiatives.models import Initiative, Reflection
from wei.models import Neighbourhood


def public_initiatives():
    return Initiative.objects.public().for_list().order_by("title", "id")


def latest_public_reflection(initiative: Initiative) -> Reflection | None:
    return initiative.reflections.filter(is_public=True).order_by("-date", "-id").first()


def neighbourhoods():
    return Neighbourhood.objects.all()
