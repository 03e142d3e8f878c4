"""Where a neighbourhood's process stands, said in plain words for residents."""

from django.utils.translation import gettext_lazy as _

from wei.models import Phase, ProcessStatus

# One line per phase, as the home page and the neighbourhood list show it.
SUMMARY = {
    Phase.INFORMATION: _("We are looking for residents who want to take part"),
    Phase.EMERGENCE: _("Residents are starting initiatives together"),
    Phase.DEVELOPMENT: _("The initiatives are learning to stand on their own feet"),
    Phase.AUTONOMY: _("The initiatives work together in a neighbourhood cooperative"),
}
STOPPED = _("Nothing is happening here at the moment")
COMPLETED = _("The neighbourhood carries on under its own steam")
NOT_STARTED = _("Nothing has started here yet")

# What the phase means for a resident, on the neighbourhood's page.
EXPLANATION = {
    Phase.INFORMATION: _(
        "We are telling as many residents as possible what taking part can bring them. "
        "Whoever wants to join in, because they feel like it themselves, is welcome: "
        "together you decide what happens next."),
    Phase.EMERGENCE: _(
        "Residents are starting initiatives, by and for the neighbourhood: against "
        "loneliness or poverty, for a place to meet or a better playground. You can join "
        "one, or start your own with help."),
    Phase.DEVELOPMENT: _(
        "The initiatives learn by doing: they act, look back on what they did together, "
        "and get training and coaching, so that each can go on by itself."),
    Phase.AUTONOMY: _(
        "The initiatives and neighbourhood businesses work together in a neighbourhood "
        "cooperative, run by residents. There is still room for new people and new ideas."),
}

# The chances the WEI-model offers a resident, in every phase.
CHANCES = [
    _("solve a problem in your street"),
    _("training and coaching"),
    _("start a small business"),
    _("earn money"),
    _("make friends"),
]


def summary(*, phase: int | None, status: str | None) -> str:
    """`phase`: of the running process, if any; `status`: of the latest process."""
    if phase:
        return SUMMARY[Phase(phase)]
    if status == ProcessStatus.COMPLETED:
        return COMPLETED
    if status == ProcessStatus.STOPPED:
        return STOPPED
    return NOT_STARTED


def explanation(phase: int | None) -> str:
    return EXPLANATION[Phase(phase)] if phase else ""
