"""Every change to a Nieuwe Route goes through these functions.

The rules of the method live here, once:
- a fixed kader no longer changes; concept kaders can be edited and renumbered;
  kader numbers are unique within a route (also a database constraint);
- only participants who were spoken to beforehand are invited, and only to a
  meeting that has not passed;
- a plan is checked against fixed kaders only, and accepted exactly when every
  fixed kader has a check and all of them are met; otherwise it is sent back.
Each refuses bad input with a ValidationError and changes nothing. Functions that
depend on the date take `today` (or `now`), so a route that already happened is
recorded through the same rules with its own dates. E-mail is queued in the same
transaction as what it reports (an invitation, a plan sending), calendar file included:
both are stored, or neither is.

One module a part of the method, in the order a route goes: routes and their meeting,
kaders, conversations (with suggestions and information requests), invitations, the plan.
"""

from nieuweroute.services.common import hash_token
from nieuweroute.services.conversations import (
    conversation_record,
    information_request_add,
    information_request_answer,
    route_participants_add,
    route_person_register,
    suggestion_accept,
)
from nieuweroute.services.invitations import (
    InvitationLinkError,
    invitation_for_token,
    invitation_record_attendance,
    invitation_record_response,
    invitation_resend,
    invitation_respond,
    invitation_send,
    invitations_send,
    latest_conversation,
)
from nieuweroute.services.kaders import (
    check_kader_number_free,
    check_sets_kaders,
    kader_add,
    kader_fix,
    kader_update,
)
from nieuweroute.services.plan import (
    kader_check_record,
    plan_accept,
    plan_item_add,
    plan_item_remove,
    plan_item_update,
    plan_recipients,
    plan_record,
    plan_send,
    plan_send_back,
)
from nieuweroute.services.routes import (
    route_cancel_meeting,
    route_create,
    route_set_meeting,
    route_update,
)

__all__ = [
    "InvitationLinkError",
    "check_kader_number_free",
    "check_sets_kaders",
    "conversation_record",
    "hash_token",
    "information_request_add",
    "information_request_answer",
    "invitation_for_token",
    "invitation_record_attendance",
    "invitation_record_response",
    "invitation_resend",
    "invitation_respond",
    "invitation_send",
    "invitations_send",
    "kader_add",
    "kader_check_record",
    "kader_fix",
    "kader_update",
    "latest_conversation",
    "plan_accept",
    "plan_item_add",
    "plan_item_remove",
    "plan_item_update",
    "plan_recipients",
    "plan_record",
    "plan_send",
    "plan_send_back",
    "route_cancel_meeting",
    "route_create",
    "route_participants_add",
    "route_person_register",
    "route_set_meeting",
    "route_update",
    "suggestion_accept",
]
