from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        # Here, not at the top: the rules read the models, which exist once the registry is ready.
        from participants import access
        from participants.models import Attendance
        from participants.steps import people_beyond
        from wei import services as wei_services
        from wei.steps import hold_phase

        access.register_rules()
        # Withdrawing a phase transition must not leave people beyond the process's phase.
        hold_phase(people_beyond)

        # Attendance is dated by its activity's day (and so is the inflow it caused):
        # once recorded, that day no longer moves.
        def attendance_recorded(activity):
            return Attendance.objects.filter(activity=activity).exists()

        wei_services.register_recorded_on_the_day(attendance_recorded)
