from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Citizen initiatives")

    def ready(self):
        # Here, not at the top: the rules read the models, which exist once the registry is ready.
        from initiatives import access
        from initiatives.services.signups import attendees_tell_moved
        from wei import services as wei_services

        access.register_rules()
        # Residents who said "Ik kom" hear when the activity moves.
        wei_services.register_told_of_a_move(attendees_tell_moved)
