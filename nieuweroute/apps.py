from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NieuweRouteConfig(AppConfig):
    name = "nieuweroute"
    verbose_name = _("De Nieuwe Route")

    def ready(self):
        from nieuweroute import access

        access.register_rules()
