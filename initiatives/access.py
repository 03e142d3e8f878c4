"""Who may see initiatives and what hangs off them (see wei.access for the one place)."""

from initiatives import models
from participants.models import Organisation
from wei.access import (
    changed_by_managers_of_every_use,
    everything,
    in_managed_neighbourhood,
    register,
    used_in,
)


def register_rules():
    register(models.Initiative, see=in_managed_neighbourhood("neighbourhood"))
    register(models.Membership, see=in_managed_neighbourhood("initiative__neighbourhood"))
    register(models.Reflection, see=in_managed_neighbourhood("initiative__neighbourhood"))
    register(models.InitiativePhaseChange,
             see=in_managed_neighbourhood("initiative__neighbourhood"))
    register(models.MoneyFlow, see=in_managed_neighbourhood("neighbourhood"))
    register(models.SignUp, see=in_managed_neighbourhood("neighbourhood"))
    register(models.FollowUp, see=in_managed_neighbourhood("signup__neighbourhood"))
    # Themes are shared by every neighbourhood: changed by a manager of all that use one.
    register(models.Theme, see=everything, change=changed_by_managers_of_every_use)
    used_in(models.Theme, models.Initiative, via="themes", neighbourhood="neighbourhood")
    used_in(Organisation, models.MoneyFlow, via="source", neighbourhood="neighbourhood")
