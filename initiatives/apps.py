from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Citizen initiatives")

    def ready(self):
        # Here, not at the top: the rules read the models, which exist once the registry is ready.
        from initiatives import access

        access.register_rules()
