"""A person's page: their journey across processes as one timeline, and what staff do
about them (inflow, throughflow, outflow, join an initiative, details, consent). The
privacy export and erasure are in dashboard.views.privacy."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from dashboard.forms.people import (
    ConsentForm,
    DetailsForm,
    InflowForm,
    MembershipForm,
    OutflowForm,
    ThroughflowForm,
)
from dashboard.journey import person_journey
from dashboard.permissions import WorkspaceMixin
from dashboard.views.common import apply_service
from initiatives.models import Initiative, InitiativeStatus, Membership
from initiatives.services import membership_start
from participants import services as people_services
from participants.forms import participant_label
from participants.models import FlowEvent, Participant
from participants.steps import flow_event_steps, person_steps
from wei import access
from wei.models import Neighbourhood, Process, ProcessStatus


def person_url(participant, anchor="") -> str:
    url = reverse("dashboard:person", args=[participant.pk])
    return f"{url}#{anchor}" if anchor else url


def _person(request, pk, *, change=False):
    queryset = Participant.objects.select_related("neighbourhood", "organisation")
    get = access.get_changeable_or_404 if change else access.get_visible_or_404
    return get(request.user, queryset, pk=pk)


class PersonForms:
    """The action forms of one person's page, for what this user may do now; the flow
    forms offer only the processes where participants.steps says the step is open."""

    def __init__(self, request, participant, journey, data=None, only=None, *,
                 may_change=None):
        self.user, self.participant, self.journey = request.user, participant, journey
        self.data, self.only = data, only
        self.may_change = (access.may_change(self.user, participant) if may_change is None
                           else may_change)
        self.steps = self.flow_steps()

    def bound(self, name):
        return self.data if name == self.only else None

    def flow_steps(self) -> dict:
        """The person's steps per process on this page: the running processes this user
        may change and those the person takes part in (one query; their latest events
        come from the journey)."""
        user, person = self.user, self.participant
        latest = {event.process_id: event for event in self.journey.events}
        stays = {event.process_id: event.process for event in self.journey.stays}
        may = (self.may_change and person.erased_at is None
               and user.has_perm("participants.add_flowevent"))
        if may:
            # Running processes (an inflow), and every process of the person's history
            # (a step there, or a correction of what was recorded).
            processes = list(access.changeable(user, Process.objects.filter(
                Q(status=ProcessStatus.ACTIVE) | Q(pk__in=list(latest)))).select_related(
                "neighbourhood").order_by("neighbourhood__name", "title", "pk"))
        else:
            processes = list(stays.values())
        self.may_record = {process.pk for process in processes} if may else set()
        self.processes = {process.pk: process for process in processes}
        return {process.pk: person_steps(person, process, user=user,
                                         latest=latest.get(process.pk), may_change=may,
                                         subject=f"process-{process.pk}")
                for process in processes}

    def open_in(self, name) -> dict:
        return {pk: steps[name] for pk, steps in self.steps.items() if steps[name].is_open}

    def flow_form(self, name, form_class, prefix, **kwargs):
        steps = self.open_in(name)
        if not steps:
            return None
        processes = Process.objects.filter(pk__in=list(steps)).select_related(
            "neighbourhood").order_by("neighbourhood__name", "title", "pk")
        return form_class(self.bound(name), processes=processes, steps=steps, prefix=prefix,
                          **kwargs)

    def fitting_process(self):
        """The running process of the person's own neighbourhood, when they may flow
        into it here: what the inflow form offers first."""
        home = self.participant.neighbourhood_id
        for pk in self.open_in("inflow"):
            process = self.processes[pk]
            if home is not None and process.neighbourhood_id == home and process.is_active:
                return pk
        return None

    def build(self) -> dict:
        user, person = self.user, self.participant
        forms = {}
        if person.erased_at is not None or not self.may_change:
            return forms
        stays = self.journey.stays
        for name, form in (
                ("inflow", self.flow_form("inflow", InflowForm, "instroom", participant=person,
                                          fits=self.fitting_process())),
                ("throughflow", self.flow_form("throughflow", ThroughflowForm, "doorstroom",
                                               stays=stays)),
                ("outflow", self.flow_form("outflow", OutflowForm, "uitstroom",
                                           stays=stays))):
            if form is not None:
                forms[name] = form
        if user.has_perm("initiatives.add_membership"):
            forms["membership"] = MembershipForm(
                self.bound("membership"), initiatives=self.initiatives(), prefix="initiatief")
        if user.has_perm("participants.change_participant"):
            neighbourhoods = access.visible(user, Neighbourhood.objects.all())
            if person.neighbourhood_id:
                neighbourhoods = neighbourhoods | Neighbourhood.objects.filter(
                    pk=person.neighbourhood_id)
            forms["details"] = DetailsForm(
                self.bound("details"), neighbourhoods=neighbourhoods.order_by("name"),
                prefix="gegevens", initial={
                    "name": person.name, "email": person.email, "phone": person.phone,
                    "postcode": person.postcode, "kind": person.kind,
                    "neighbourhood": person.neighbourhood_id,
                    "contribution": person.contribution, "notes": person.notes})
        if user.has_perm("participants.add_consent"):
            forms["consent"] = ConsentForm(self.bound("consent"), prefix="toestemming")
        return forms

    def initiatives(self):
        """Initiatives one can join now: of the person's neighbourhood or processes."""
        person = self.participant
        processes = {event.process_id for event in self.journey.events}
        near = access.visible(self.user, Initiative.objects.exclude(
            status=InitiativeStatus.ENDED).filter(process__status=ProcessStatus.ACTIVE))
        if person.neighbourhood_id:
            near = near.filter(neighbourhood=person.neighbourhood_id) | near.filter(
                process__in=processes)
        else:
            near = near.filter(process__in=processes)
        # Its current memberships only: one withdrawn as recorded by mistake is no reason.
        return near.exclude(pk__in=Membership.objects.filter(
            participant=person, ended_on__isnull=True).values("initiative")).order_by(
            "title", "id")


def person_page(request, participant, *, person_forms=None, forms=None, refused=""):
    if person_forms is None:
        person_forms = PersonForms(request, participant,
                                   person_journey(request.user, participant))
    if forms is None:
        forms = person_forms.build()
    journey, user = person_forms.journey, request.user
    steps = person_forms.steps
    processes = {event.process_id: event.process for event in journey.events}
    latest = {event.process_id: event for event in journey.events}
    corrections = []
    for entry in journey.entries:
        event = entry.row
        if isinstance(event, FlowEvent) and event.withdrawn_at is None:
            entry.correct = flow_event_steps(
                event, user=user, latest=latest[event.process_id] is event,
                may_change=event.process_id in person_forms.may_record)["correct"]
            corrections.append(entry.correct)
    return {
        "person": participant,
        "label": participant_label(participant),
        "journey": journey,
        "entries": journey.entries,
        "forms": forms,
        "refused": refused,
        # Closed steps the user would look for (a throughflow in a process that has
        # stopped), with their reason.
        "closed_steps": [(processes.get(pk), step) for pk, process_steps in steps.items()
                         for step in process_steps.values()
                         if not step.is_open and step.shown],
        "page_steps": [step for process_steps in steps.values()
                       for step in process_steps.values()] + corrections,
        "may_export": user.has_perm("participants.view_participant"),
        "may_erase": participant.erased_at is None
        and user.has_perm("participants.change_participant")
        and person_forms.may_change,
    }


class PersonDetailView(WorkspaceMixin, View):
    permission_required = "participants.view_participant"

    def get(self, request, pk):
        # Queries (besides session, user and permissions): the person with neighbourhood
        # and organisation; their flow events, attendance, memberships, sign-ups,
        # conversations, invitations and consents (one each); whether they may be
        # changed; the choices of the forms (processes, initiatives, neighbourhoods).
        participant = _person(request, pk)
        return render(request, "dashboard/people/detail.html", person_page(request, participant))


class PersonActionView(WorkspaceMixin, View):
    """One action on the person's page; a refusal shows the page again with the form
    as typed and the reason beside it."""

    name = ""
    success = ""

    def call(self, participant, data, user):
        raise NotImplementedError

    def anchor(self, result):
        return ""

    def post(self, request, pk):
        participant = _person(request, pk, change=True)
        journey = person_journey(request.user, participant)
        person_forms = PersonForms(request, participant, journey, request.POST, self.name,
                                   may_change=True)
        forms = person_forms.build()
        form = forms.get(self.name)
        if form is None:
            messages.error(request, _("This cannot be recorded for this person now."))
            return redirect(person_url(participant))
        if form.is_valid():
            result, ok = apply_service(
                form, lambda: self.call(participant, form.cleaned_data, request.user))
            if ok:
                messages.success(request, str(self.success))
                return redirect(person_url(participant, self.anchor(result)))
        participant.refresh_from_db()
        return render(request, "dashboard/people/detail.html",
                      person_page(request, participant, person_forms=person_forms,
                                  forms=forms, refused=self.name), status=400)


class FlowView(PersonActionView):
    """A step of the person in a process (participants.steps): each records a flow event,
    shown at its own place in the journey."""

    permission_required = "participants.add_flowevent"

    def anchor(self, event):
        return f"gebeurtenis-{event.pk}"


class InflowView(FlowView):
    name = "inflow"
    success = gettext_lazy("The inflow has been recorded.")

    def call(self, participant, data, user):
        return people_services.participant_flow_in(
            participant=participant, process=data["process"], occurred_on=data["occurred_on"],
            channel=data["channel"], phase=data["phase"], role=data["role"], note=data["note"],
            by=user)


class ThroughflowView(FlowView):
    name = "throughflow"
    success = gettext_lazy("The throughflow has been recorded.")

    def call(self, participant, data, user):
        return people_services.participant_flow_through(
            participant=participant, process=data["process"], occurred_on=data["occurred_on"],
            phase=data["phase"], role=data["role"] or None, note=data["note"], by=user)


class OutflowView(FlowView):
    name = "outflow"
    success = gettext_lazy("The outflow has been recorded.")

    def call(self, participant, data, user):
        return people_services.participant_flow_out(
            participant=participant, process=data["process"], occurred_on=data["occurred_on"],
            reason=data["reason"], note=data["note"], by=user)


class MembershipView(PersonActionView):
    permission_required = "initiatives.add_membership"
    name = "membership"
    success = gettext_lazy("The person has joined the initiative.")

    def call(self, participant, data, user):
        return membership_start(participant=participant, initiative=data["initiative"],
                                role=data["role"], started_on=data["started_on"],
                                channel=data["channel"], by=user)


class DetailsView(PersonActionView):
    permission_required = "participants.change_participant"
    name = "details"
    success = gettext_lazy("The details have been saved.")

    def call(self, participant, data, user):
        return people_services.participant_update(participant=participant, **data)


class ConsentView(PersonActionView):
    permission_required = "participants.add_consent"
    name = "consent"
    success = gettext_lazy("The consent has been recorded.")

    def call(self, participant, data, user):
        return people_services.consent_record(
            participant=participant, purpose=data["purpose"],
            privacy_version=ConsentForm.privacy_version)
