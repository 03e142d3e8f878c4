"""The public pages of initiatives in sitemap.xml: never a confirm or withdraw link."""

from django.urls import reverse
from django.utils import timezone

from core.sitemaps import PagesSitemap, SiteSitemap
from initiatives import selectors


class PublicPagesSitemap(PagesSitemap):
    names = ("initiatives:list", "initiatives:neighbourhoods", "initiatives:idea")
    priority = 0.8


class InitiativeSitemap(SiteSitemap):
    priority = 0.7

    def items(self):
        return selectors.public_initiative_slugs()

    def location(self, item):
        return reverse("initiatives:detail", args=[item])


class InitiativeSignUpSitemap(InitiativeSitemap):
    priority = 0.4

    def location(self, item):
        return reverse("initiatives:signup", args=[item])


class InitiativeQuestionSitemap(InitiativeSitemap):
    # The form only: the confirmation link of a question is /bevestigen/<token>/, a
    # personal link like a sign-up's, which robots.txt keeps crawlers from.
    priority = 0.3

    def location(self, item):
        return reverse("initiatives:question", args=[item])


class NeighbourhoodSitemap(SiteSitemap):
    priority = 0.7

    def items(self):
        return selectors.neighbourhoods().order_by("slug").values_list("slug", flat=True)

    def location(self, item):
        return reverse("initiatives:neighbourhood", args=[item])


class AttendSitemap(SiteSitemap):
    """The "Ik kom" page of each public activity ahead that takes sign-ups."""

    priority = 0.4

    def items(self):
        return (selectors.activities_taking_sign_ups(timezone.localdate())
                .order_by("date", "id").values_list("pk", flat=True))

    def location(self, item):
        return reverse("initiatives:attend", args=[item])
