"""Every write about initiatives: joining and leaving (through the participant flow
services), and the public sign-up with its double opt-in.

The rules, once:
- every join is an inflow into the initiative's process, unless the person is
  already in that process (then the membership joins the open stay);
- every leave that ends a person's last membership in the process is an outflow;
- only a confirmed sign-up creates or links a participant, a membership or an
  inflow; confirming twice, or twice at once, does it once (the SignUp row is
  locked, and the database holds one active membership per person and initiative);
- e-mail is a database row in the same transaction (django-post-office's queue),
  delivered after commit by `manage.py send_queued_mail`.

One module a part: memberships, the links of a sign-up (tokens), the public sign-up,
the staff's follow-up of it, an initiative's own page in the back office, and the
corrections of what that page recorded.
"""

from initiatives.services.common import (
    clean_text,
)
from initiatives.services.corrections import (
    membership_correct,
    membership_withdraw,
    money_flow_correct,
    money_flow_withdraw,
    phase_change_correct,
    phase_change_withdraw,
    reflection_correct,
    reflection_withdraw,
)
from initiatives.services.followups import (
    followup_open,
    followup_set_status,
    idea_decline,
    idea_publish,
)
from initiatives.services.initiatives import (
    initiative_create,
    initiative_phase_change,
    initiative_set_public,
    initiative_set_support,
    money_flow_add,
    reflection_add,
)
from initiatives.services.memberships import (
    FLOW_ROLE,
    ROLE_WEIGHT,
    flow_out_if_last,
    membership_end,
    membership_start,
)
from initiatives.services.signups import (
    question_submit,
    signup_confirm,
    signup_submit,
    signup_withdraw,
)
from initiatives.services.tokens import (
    CONFIRM_SALT,
    WITHDRAW_SALT,
    TokenError,
    check_confirm_token,
    confirm_token,
    hash_token,
    signup_for_confirm_token,
    signup_for_withdraw_token,
    withdraw_token,
)

__all__ = [
    "CONFIRM_SALT",
    "FLOW_ROLE",
    "ROLE_WEIGHT",
    "TokenError",
    "WITHDRAW_SALT",
    "check_confirm_token",
    "clean_text",
    "confirm_token",
    "flow_out_if_last",
    "followup_open",
    "followup_set_status",
    "hash_token",
    "idea_decline",
    "idea_publish",
    "initiative_create",
    "initiative_phase_change",
    "initiative_set_public",
    "initiative_set_support",
    "membership_correct",
    "membership_end",
    "membership_start",
    "membership_withdraw",
    "money_flow_add",
    "money_flow_correct",
    "money_flow_withdraw",
    "phase_change_correct",
    "phase_change_withdraw",
    "question_submit",
    "reflection_add",
    "reflection_correct",
    "reflection_withdraw",
    "signup_confirm",
    "signup_for_confirm_token",
    "signup_for_withdraw_token",
    "signup_submit",
    "signup_withdraw",
    "withdraw_token",
]
