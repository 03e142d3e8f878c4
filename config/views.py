"""The front door, which puts the floors' public pages together."""

from django.utils import timezone
from django.views.generic import TemplateView

from initiatives import selectors as initiative_selectors
from wei import selectors as wei_selectors

# Every neighbourhood fits on the home page as long as there are a few dozen; beyond
# that the page shows this many and links to the full list.
HOME_NEIGHBOURHOODS = 40


class HomeView(TemplateView):
    """The residents' front door: the neighbourhoods and where they stand, the next public
    activities, the newest initiatives. Four queries whatever the data."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        neighbourhoods = wei_selectors.neighbourhoods_for_residents(limit=HOME_NEIGHBOURHOODS + 1)
        return super().get_context_data(
            neighbourhoods=neighbourhoods[:HOME_NEIGHBOURHOODS],
            more_neighbourhoods=len(neighbourhoods) > HOME_NEIGHBOURHOODS,
            activities=initiative_selectors.upcoming_public_activities(today=timezone.localdate()),
            initiatives=initiative_selectors.newest_public_initiatives(),
            **kwargs,
        )
