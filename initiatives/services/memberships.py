"""Joining and leaving an initiative, through the participant flow services: every join
is an inflow unless the person is already in the process, the last leave an outflow."""


import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import (
    Initiative,
    Membership,
    MembershipRole,
    SignUp,
    SignUpKind,
)
from initiatives.steps import initiative_steps
from participants.models import (
    FlowEvent,
    FlowKind,
    FlowRole,
    InflowChannel,
    OutflowReason,
    Participant,
)
from participants.selectors import participant_current_state
from participants.services import (
    participant_flow_in,
    participant_flow_out,
    participant_flow_through,
)
from wei.models import Process

FLOW_ROLE = {
    MembershipRole.LEAD: FlowRole.INITIATIVE_LEAD,
    MembershipRole.MEMBER: FlowRole.PARTICIPANT,
    MembershipRole.VOLUNTEER: FlowRole.VOLUNTEER,
    MembershipRole.PAID: FlowRole.PAID,
}
# A second membership only moves the person on (throughflow) when it asks more of them.
ROLE_WEIGHT = {
    FlowRole.PARTICIPANT: 0, FlowRole.VOLUNTEER: 1, FlowRole.ENTREPRENEUR: 1,
    FlowRole.INITIATIVE_LEAD: 2, FlowRole.PAID: 3,
}


@transaction.atomic
def membership_start(*, participant: Participant, initiative: Initiative,
                     role: str = MembershipRole.MEMBER, started_on: datetime.date | None = None,
                     channel: str = InflowChannel.PUBLIC_SIGNUP, by=None) -> Membership:
    """Someone joins an initiative: an inflow into its process, or the open stay joined."""
    started_on = started_on or timezone.localdate()
    initiative_steps(initiative).require("add_member")
    process = initiative.process
    if Membership.objects.filter(
        participant=participant, initiative=initiative, ended_on__isnull=True
    ).exists():
        raise ValidationError(
            _("%(name)s is already a member of %(initiative)s."),
            code="already_member",
            params={"name": participant.name, "initiative": initiative.title},
        )
    flow_role = FLOW_ROLE[role]
    current = participant_current_state(participant, process)
    if current is None or current.kind == FlowKind.OUTFLOW:
        inflow = participant_flow_in(
            participant=participant, process=process, occurred_on=started_on, channel=channel,
            role=flow_role, note=_("Joined %(initiative)s.") % {"initiative": initiative.title},
            by=by,
        )
    else:
        # Already in this process (e.g. in another initiative there, or kept informed):
        # no second inflow; this membership belongs to the open stay. A role that asks
        # more of them is a throughflow.
        inflow = current if current.kind == FlowKind.INFLOW else current.inflow
        if ROLE_WEIGHT.get(flow_role, 0) > ROLE_WEIGHT.get(current.role, 0):
            participant_flow_through(
                participant=participant, process=process, occurred_on=started_on,
                role=flow_role, by=by,
                note=_("Role in %(initiative)s.") % {"initiative": initiative.title},
            )
    membership = Membership(
        participant=participant, initiative=initiative, role=role, started_on=started_on,
        inflow=inflow,
    )
    membership.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError(
            _("%(name)s is already a member of %(initiative)s."),
            code="already_member",
            params={"name": participant.name, "initiative": initiative.title},
        ) from None
    return membership


def _still_in_process(participant: Participant, process: Process, *,
                      except_membership=None, except_signup=None) -> bool:
    memberships = Membership.objects.filter(
        participant=participant, initiative__process=process, ended_on__isnull=True
    )
    if except_membership is not None:
        memberships = memberships.exclude(pk=except_membership.pk)
    kept_informed = SignUp.objects.filter(
        participant=participant, kind=SignUpKind.KEEP_INFORMED, inflow__process=process,
        confirmed_at__isnull=False, withdrawn_at__isnull=True,
    )
    if except_signup is not None:
        kept_informed = kept_informed.exclude(pk=except_signup.pk)
    return memberships.exists() or kept_informed.exists()


def flow_out_if_last(participant: Participant, process: Process, *, ended_on, reason, note,
                      by=None, except_membership=None, except_signup=None) -> FlowEvent | None:
    if _still_in_process(participant, process, except_membership=except_membership,
                         except_signup=except_signup):
        return None
    current = participant_current_state(participant, process)
    if current is None or current.kind == FlowKind.OUTFLOW:
        return None  # their stay was already closed by hand
    return participant_flow_out(participant=participant, process=process, occurred_on=ended_on,
                                reason=reason, note=note, by=by)


@transaction.atomic
def membership_end(*, membership: Membership, ended_on: datetime.date | None = None,
                   reason: str = OutflowReason.UNKNOWN, by=None) -> Membership:
    """Someone leaves an initiative; leaving their last one in the process is an outflow.
    A membership that has ended, or was withdrawn as recorded by mistake, stays as it is."""
    membership = Membership.history.select_for_update().select_related(
        "initiative__process", "participant"
    ).get(pk=membership.pk)
    if membership.ended_on is not None or membership.withdrawn_at is not None:
        return membership
    ended_on = ended_on or timezone.localdate()
    if ended_on < membership.started_on:
        raise ValidationError(_("A membership cannot end before it starts."), code="order")
    membership.outflow = flow_out_if_last(
        membership.participant, membership.initiative.process, ended_on=ended_on, reason=reason,
        note=_("Left %(initiative)s.") % {"initiative": membership.initiative.title},
        by=by, except_membership=membership,
    )
    membership.ended_on = ended_on
    membership.save(update_fields=["ended_on", "outflow"])
    return membership


