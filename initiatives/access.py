"""Who may see initiatives and what hangs off them (see wei.access for the one place)."""

from wei.access import everything, in_managed_neighbourhood, register


def register_rules():
    from initiatives import models

    register(models.Initiative, see=in_managed_neighbourhood("neighbourhood"))
    register(models.Membership, see=in_managed_neighbourhood("initiative__neighbourhood"))
    register(models.Reflection, see=in_managed_neighbourhood("initiative__neighbourhood"))
    register(models.MoneyFlow, see=in_managed_neighbourhood("neighbourhood"))
    register(models.SignUp, see=in_managed_neighbourhood("neighbourhood"))
    register(models.FollowUp, see=in_managed_neighbourhood("signup__neighbourhood"))
    register(models.Theme, see=everything)
