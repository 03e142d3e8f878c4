"""Which steps an object can take now, and why a closed one is closed.

Every object that moves through steps (a WEI process, a person in a process, an
initiative, a route's meeting, an invitation, a plan, a kader) answers in its own app,
with a function `<object>_steps(obj, *, user=None, today=None) -> Steps`. Its service
refuses by asking that very function (`steps.require("advance")`), and its page shows
what it answers: an open step as a button or form, a closed one the user would expect
disabled with its reason, the rest not at all. So a rule is written once.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Step:
    """One step of one object. `reason` is one sentence for the user, empty when the
    step is open. A closed step is `shown` (disabled, with its reason) when the user
    would look for it there; a step that does not belong to the object's state (reopen
    a running process) or that this user may not take is not shown."""

    name: str
    reason: str = ""
    shown: bool = True
    subject: str = ""

    @property
    def is_open(self) -> bool:
        return not self.reason

    @property
    def key(self) -> str:
        """The step's name on a page that shows steps of several objects."""
        return f"{self.subject}:{self.name}" if self.subject else self.name

    def refuse_if_closed(self) -> None:
        if self.reason:
            raise ValidationError(self.reason, code=f"{self.name}_closed")


def open_step(name: str, *, subject: str = "") -> Step:
    return Step(name, subject=subject)


def closed_step(name: str, reason: str, *, shown: bool = True, subject: str = "") -> Step:
    return Step(name, reason=str(reason), shown=shown, subject=subject)


class Steps(Mapping[str, Step]):
    """The steps of one object by name; templates read `steps.advance.is_open`."""

    def __init__(self, steps: Iterable[Step] = ()):
        self._steps = {step.name: step for step in steps}

    def __getitem__(self, name: str) -> Step:
        return self._steps[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._steps)

    def __len__(self) -> int:
        return len(self._steps)

    def __repr__(self) -> str:
        return f"Steps({list(self._steps.values())!r})"

    @property
    def open(self) -> list[Step]:
        return [step for step in self._steps.values() if step.is_open]

    @property
    def shown(self) -> list[Step]:
        return [step for step in self._steps.values() if step.is_open or step.shown]

    def require(self, name: str) -> None:
        """Refuse, with the step's own reason, unless it is open."""
        self._steps[name].refuse_if_closed()

    def closed_for(self, reason: str) -> "Steps":
        """The same steps, all closed and hidden for one reason (a user who may not
        change the object): its page shows none of them, its service refuses each."""
        return Steps(closed_step(step.name, step.reason or reason, shown=False,
                                 subject=step.subject) for step in self._steps.values())
