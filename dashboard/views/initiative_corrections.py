"""Correcting what an initiative's page recorded: a phase change, a membership, a money
flow, a reflection (dashboard.views.corrections). Each page is reached from the row on
the initiative's page and leads back there; `initiative_records` gives that page its
rows, withdrawn ones among them, each current one with its step "correct"."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboard.forms.initiative_corrections import (
    MembershipCorrectionForm,
    MoneyFlowCorrectionForm,
    PhaseChangeCorrectionForm,
    ReflectionCorrectionForm,
)
from dashboard.journey import correction_note
from dashboard.views.corrections import CorrectionView
from dashboard.views.people import person_url
from initiatives import services
from initiatives.models import InitiativePhaseChange, Membership, MoneyFlow, Reflection
from initiatives.steps import (
    membership_record_steps,
    money_flow_steps,
    phase_change_steps,
    reflection_steps,
)
from wei import access

PHASE_CHANGES_SHOWN = 10
REFLECTIONS_SHOWN = 10
MONEY_FLOWS_SHOWN = 20
WITHDRAWN_MEMBERS_SHOWN = 20


def _recorded(user, model, initiative, *related):
    """Every row of the initiative, withdrawn ones too, each knowing whether a correction
    replaced it (`replaced`), with who withdrew it."""
    return access.visible(user, model.history.filter(initiative=initiative)).select_related(
        "withdrawn_by", *related).annotate(
        replaced=Exists(model.history.filter(corrects=OuterRef("pk"))))


def _mark(rows, initiative, steps_of) -> list:
    """Give each row its initiative (no query), what became of it and, when current, its
    step "correct"; returns those steps."""
    steps = []
    for row in rows:
        row.initiative = initiative
        row.corrected_text = correction_note(row, {row.pk} if row.replaced else set())
        row.correct = None
        if row.withdrawn_at is None:
            row.correct = steps_of(row)["correct"]
            steps.append(row.correct)
    return steps


def initiative_records(user, initiative, *, may_change: bool, members, past) -> dict:
    """The initiative page's history rows: its phase changes, reflections and money flows
    (the latest, withdrawn ones struck through beside what replaced them), the memberships
    withdrawn as recorded by mistake, and the step "correct" of each current row,
    `members` and `past` (its current memberships) included. Five queries, whatever the
    data."""
    changes = list(_recorded(user, InitiativePhaseChange, initiative).order_by(
        "-occurred_on", "-created_at", "-id")[:PHASE_CHANGES_SHOWN])
    # The first current change of the list is the initiative's latest.
    latest = next((change for change in changes if change.withdrawn_at is None), None)
    reflections = list(_recorded(user, Reflection, initiative).order_by(
        "-date", "-id")[:REFLECTIONS_SHOWN])
    money_flows = list(_recorded(user, MoneyFlow, initiative, "source").order_by(
        "-period_start", "-id")[:MONEY_FLOWS_SHOWN])
    withdrawn_members = list(_recorded(user, Membership, initiative, "participant").filter(
        withdrawn_at__isnull=False).order_by("-withdrawn_at", "-id")[:WITHDRAWN_MEMBERS_SHOWN])
    for membership in [*members, *past]:
        membership.replaced = False
    steps = [
        *_mark(changes, initiative, lambda change: phase_change_steps(
            change, user=user, latest=change is latest, may_change=may_change)),
        *_mark(reflections, initiative, lambda reflection: reflection_steps(
            reflection, user=user, may_change=may_change)),
        *_mark(money_flows, initiative, lambda flow: money_flow_steps(
            flow, user=user, may_change=may_change)),
        *_mark([*members, *past, *withdrawn_members], initiative,
               lambda membership: membership_record_steps(
                   membership, user=user, may_change=may_change)),
    ]
    return {
        "phase_changes": changes,
        "reflections": reflections,
        "reflections_shown": sum(1 for r in reflections if r.withdrawn_at is None),
        "money_flows": money_flows,
        "withdrawn_members": withdrawn_members,
        "correct_steps": steps,
    }


class InitiativeRowCorrectView(CorrectionView):
    """A row of an initiative: found among every row of its kind, corrected ones too (a
    correction sent twice answers that it was recorded), within the user's reach."""

    anchor = ""

    def rows(self):
        return super().rows().filter(initiative__isnull=False).select_related("initiative")

    def back_url(self, row):
        return reverse("dashboard:initiative", args=[row.initiative_id]) + f"#{self.anchor}"


class PhaseChangeCorrectView(InitiativeRowCorrectView):
    permission_required = "initiatives.change_initiative"
    form_class = PhaseChangeCorrectionForm
    model = InitiativePhaseChange
    anchor = "phase"
    withdrawn = gettext_lazy("The phase change has been withdrawn and the initiative's "
                             "phase put back; it stays in the history.")

    def row_steps(self, row, user):
        return phase_change_steps(row, user=user)

    def describe(self, row):
        return _("%(initiative)s: %(from)s → %(to)s on %(date)s") % {
            "initiative": row.initiative.title, "from": row.get_from_phase_display(),
            "to": row.get_to_phase_display(), "date": row.occurred_on.strftime("%d-%m-%Y")}

    def notes(self, row):
        return [(_("Withdrawing it puts the initiative back in the phase %(phase)s.")
                 % {"phase": row.get_from_phase_display()}, "", "")]

    def correct(self, row, data, user):
        return services.phase_change_correct(change=row, by=user, **data)

    def withdraw(self, row, why, user):
        return services.phase_change_withdraw(change=row, why=why, by=user)


class MembershipCorrectView(InitiativeRowCorrectView):
    permission_required = "initiatives.change_membership"
    form_class = MembershipCorrectionForm
    model = Membership
    related = ("participant", "inflow", "outflow")
    anchor = "members"

    def row_steps(self, row, user):
        return membership_record_steps(row, user=user)

    def describe(self, row):
        return _("Membership of %(name)s in %(initiative)s") % {
            "name": row.participant.name, "initiative": row.initiative.title}

    def notes(self, row):
        """Its inflow (and outflow) are not changed here: where to correct them."""
        timeline = _("Correct it on the person's timeline")
        notes = [(_("The inflow into the process (%(date)s) stays as recorded, whatever "
                    "becomes of this membership.") % {
                        "date": row.inflow.occurred_on.strftime("%d-%m-%Y")},
                  timeline, person_url(row.participant, f"gebeurtenis-{row.inflow_id}"))]
        if row.outflow_id:
            notes.append((_("So does the outflow it caused (%(date)s).") % {
                "date": row.outflow.occurred_on.strftime("%d-%m-%Y")},
                timeline, person_url(row.participant, f"gebeurtenis-{row.outflow_id}")))
        return notes

    def correct(self, row, data, user):
        return services.membership_correct(membership=row, by=user, **data)

    def withdraw(self, row, why, user):
        return services.membership_withdraw(membership=row, why=why, by=user)


class MoneyFlowCorrectView(InitiativeRowCorrectView):
    permission_required = "initiatives.change_moneyflow"
    form_class = MoneyFlowCorrectionForm
    model = MoneyFlow
    related = ("source",)
    anchor = "money"

    def row_steps(self, row, user):
        return money_flow_steps(row, user=user)

    def describe(self, row):
        return _("Money flow to %(initiative)s: %(flow)s") % {
            "initiative": row.initiative.title, "flow": str(row)}

    def correct(self, row, data, user):
        return services.money_flow_correct(money_flow=row, by=user, **data)

    def withdraw(self, row, why, user):
        return services.money_flow_withdraw(money_flow=row, why=why, by=user)


class ReflectionCorrectView(InitiativeRowCorrectView):
    permission_required = "initiatives.change_reflection"
    form_class = ReflectionCorrectionForm
    model = Reflection
    anchor = "reflections"

    def row_steps(self, row, user):
        return reflection_steps(row, user=user)

    def describe(self, row):
        return _("Reflection of %(initiative)s of %(date)s") % {
            "initiative": row.initiative.title, "date": row.date.strftime("%d-%m-%Y")}

    def notes(self, row):
        if not row.is_public:
            return []
        return [(_("This reflection is public: withdrawn, it leaves the public pages and "
                   "the residents' reports."), "", "")]

    def correct(self, row, data, user):
        return services.reflection_correct(reflection=row, by=user, **data)

    def withdraw(self, row, why, user):
        return services.reflection_withdraw(reflection=row, why=why, by=user)
