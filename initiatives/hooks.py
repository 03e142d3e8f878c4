"""What higher floors add to this app's pages and mail, without this app importing them.

The neighbourhood page lists the neighbourhood's published reports, and a question's
notice to the process managers links to where they handle it; both belong to the back
office (dashboard), a floor above this one. Rather than import it, this app names what it
needs here, and the dashboard fills it in when it loads (DashboardConfig.ready). Moving
the reports' model down would put a back-office model into a resident-facing app for the
sake of one list; a hook keeps each piece where it is made. Without the dashboard the
page lists no reports and the notice links to the site's address alone.
"""

from collections.abc import Callable, Iterable
from typing import Any


class Hook:
    """One function a higher app provides; until it does, `default` answers."""

    def __init__(self, default: Callable[..., Any]):
        self._default = default
        self._provided: Callable[..., Any] | None = None

    def provide(self, function: Callable[..., Any]) -> Callable[..., Any]:
        self._provided = function
        return function

    def __call__(self, *args, **kwargs):
        return (self._provided or self._default)(*args, **kwargs)


def _no_reports(neighbourhood) -> Iterable:
    return []


def _no_link(followup) -> str:
    return ""


# The neighbourhood's published reports, newest period first; each has `period_start`,
# `period_end` and `period_slug` (the page links to `public_reports:report`).
published_reports = Hook(_no_reports)

# The path (without the site's address) of the staff page where a follow-up is handled.
followup_path = Hook(_no_link)
