from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        # Here, not at the top: the rules read the models, which exist once the registry is ready.
        from participants import access
        from participants.steps import people_beyond
        from wei.steps import hold_phase

        access.register_rules()
        # Withdrawing a phase transition must not leave people beyond the process's phase.
        hold_phase(people_beyond)
