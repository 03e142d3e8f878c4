"""The shape every object's steps share: open, closed with a reason, shown or not."""

import pytest
from django.core.exceptions import ValidationError

from core.steps import Steps, closed_step, open_step


def test_an_open_step_passes_and_a_closed_one_refuses_with_its_own_reason():
    steps = Steps([open_step("advance"), closed_step("stop", "Only in the information phase.")])

    steps.require("advance")
    with pytest.raises(ValidationError) as refused:
        steps.require("stop")

    assert refused.value.messages == ["Only in the information phase."]
    assert refused.value.code == "stop_closed"
    assert [step.name for step in steps.open] == ["advance"]


def test_a_hidden_closed_step_is_not_among_those_a_page_shows():
    steps = Steps([
        open_step("advance"),
        closed_step("step_back", "The first phase has no phase before it."),
        closed_step("reopen", "The process is running.", shown=False),
    ])

    assert [step.name for step in steps.shown] == ["advance", "step_back"]


def test_closed_for_a_user_closes_and_hides_every_step_keeping_the_state_reason():
    steps = Steps([open_step("send"), closed_step("accept", "Not checked yet.")])

    closed = steps.closed_for("You may not change this route.")

    assert closed["send"].reason == "You may not change this route."
    assert closed["accept"].reason == "Not checked yet."
    assert not closed.shown and not closed.open


def test_the_key_names_the_object_where_a_page_shows_several():
    assert open_step("send_again", subject="invitation-7").key == "invitation-7:send_again"
    assert open_step("advance").key == "advance"
