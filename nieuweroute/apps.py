from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NieuweRouteConfig(AppConfig):
    name = "nieuweroute"
    verbose_name = _("De Nieuwe Route")

    def ready(self):
        # Here, not at the top: the rules read the models, which exist once the registry is ready.
        from nieuweroute import access

        access.register_rules()
