from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WeiConfig(AppConfig):
    name = "wei"
    verbose_name = _("WEI-model")

    def ready(self):
        # Here, not at the top: the rules read the models, which exist once the registry is ready.
        from wei import access

        access.register_rules()
