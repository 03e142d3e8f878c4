"""People and organisations, their consent, who came to what, and how each person
flowed in, through and out of a WEI process.

A participant's state in a process (active or not, phase, role) is never stored:
it is the latest FlowEvent of that participant in that process.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.corrections import Correctable, CurrentManager
from participants.mailboxes import NOT_ONE_MAILBOX, is_single_mailbox
from wei.models import Activity, Neighbourhood, Phase, Process


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    HOUSING_CORPORATION = "housing_corporation", _("housing corporation")
    POLICE = "police", _("police")
    WELFARE = "welfare", _("welfare organisation")
    BUSINESS = "business", _("business")
    RESIDENTS_ASSOCIATION = "residents_association", _("residents' association")
    EDUCATION = "education", _("education")
    FAITH = "faith", _("faith community")
    OTHER = "other", _("other")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    # Staff accounts that act for this organisation (e.g. its steering-group member).
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organisations",
        verbose_name=_("staff members"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class ParticipantKind(models.TextChoices):
    RESIDENT = "resident", _("resident")
    PROFESSIONAL = "professional", _("professional")
    ENTREPRENEUR = "entrepreneur", _("entrepreneur")
    VOLUNTEER = "volunteer", _("volunteer")


class Participant(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # Stored lower-cased (services normalise it); unique so that one person is one row.
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("neighbourhood"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ParticipantKind.choices, default=ParticipantKind.RESIDENT
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("organisation"),
    )
    contribution = models.TextField(
        _("what they want to contribute"),
        blank=True,
        max_length=2000,
        help_text=_("Skills, time, ideas."),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set once, when the personal data was erased (on request or by retention); the row
    # stays, anonymous, so that the flow events and attendance still count.
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="participant_unique_email"
            ),
        ]
        # The list's order: its first page is read from the index, not sorted from all.
        indexes = [models.Index(fields=["name", "id"])]

    def __str__(self):
        return self.name

    def clean(self):
        # One mailbox, never a quoted list of them (participants.mailboxes): also for
        # an address typed in the admin, which the invitations and the plan go to.
        if self.email and not is_single_mailbox(self.email):
            raise ValidationError({"email": NOT_ONE_MAILBOX})


class ConsentPurpose(models.TextChoices):
    PARTICIPATION = "participation", _("taking part and being contacted about it")
    KEEP_INFORMED = "keep_informed", _("being kept informed about the neighbourhood")
    PLAN_MAIL = "plan_mail", _("receiving the invitation and the plan of a Nieuwe Route")


# The privacy statement's version and date (see participants.privacy): here, beside the
# consents that record the version, so that the models need nothing from the modules that
# build on them.
PRIVACY_STATEMENT_VERSION = "2026-11"
PRIVACY_STATEMENT_DATE = "2026-11-22"


def current_privacy_version() -> str:
    """The version of the privacy statement now in force (the default of a new consent)."""
    return PRIVACY_STATEMENT_VERSION


class Consent(models.Model):
    """Consent as given: for what, when, and which version of the privacy statement."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("participant"),
    )
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    privacy_version = models.CharField(
        _("version of the privacy statement"), max_length=20, default=current_privacy_version
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.privacy_version})"


class Attendance(Correctable):
    """One person at one activity. A wrong one is withdrawn ("was not there"), never
    deleted (core.corrections): the row stays, marked, and counts nowhere, and the
    person can be recorded as present again."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("activity")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("participant"),
    )

    objects = CurrentManager()
    history = models.Manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "participant"], condition=Q(withdrawn_at__isnull=True),
                name="attendance_once_per_activity"
            )
        ]

    def __str__(self):
        return f"{self.participant} @ {self.activity}"


class FlowKind(models.TextChoices):
    INFLOW = "inflow", _("inflow")
    THROUGHFLOW = "throughflow", _("throughflow")
    OUTFLOW = "outflow", _("outflow")


class FlowRole(models.TextChoices):
    PARTICIPANT = "participant", _("participant")
    VOLUNTEER = "volunteer", _("volunteer")
    INITIATIVE_LEAD = "initiative_lead", _("initiative lead")
    PAID = "paid", _("paid position")
    ENTREPRENEUR = "entrepreneur", _("entrepreneur")


class InflowChannel(models.TextChoices):
    INFORMATION_MEETING = "information_meeting", _("information meeting")
    PUBLIC_SIGNUP = "public_signup", _("public sign-up")
    ORGANIZER = "organizer", _("organizer")
    REFERRAL = "referral", _("referral by a professional")
    OTHER = "other", _("other")


class OutflowReason(models.TextChoices):
    PAID_WORK = "paid_work", _("paid work")
    OWN_BUSINESS = "own_business", _("own business")
    EDUCATION = "education", _("education")
    MOVED_AWAY = "moved_away", _("moved away")
    NO_TIME = "no_time", _("no time or energy")
    CONFLICT = "conflict", _("conflict")
    UNKNOWN = "unknown", _("unknown")
    OTHER = "other", _("other")

    @classmethod
    def outcomes(cls):
        """The reasons that are results of the process, not losses."""
        return [cls.PAID_WORK, cls.OWN_BUSINESS, cls.EDUCATION]


class FlowEventQuerySet(models.QuerySet):
    def latest_per_participant(self):
        """The last event of each participant in each process: their current state."""
        later = FlowEvent.objects.filter(
            participant=models.OuterRef("participant"),
            process=models.OuterRef("process"),
            sequence__gt=models.OuterRef("sequence"),
        )
        return self.filter(~models.Exists(later))

    def active(self):
        """Current states that are still in the process."""
        return self.latest_per_participant().exclude(kind=FlowKind.OUTFLOW)


class FlowEvent(Correctable):
    """Inflow, throughflow or outflow of one participant in one WEI process.

    Events of a participant in a process form a numbered sequence (1, 2, 3, …);
    the unique sequence number makes two concurrent writers collide in the
    database instead of both appending on stale state. Every throughflow and
    outflow points to the inflow that opened the stay it belongs to.

    A recorded event is corrected, never edited (core.corrections): the constraints
    below hold for the current events; a withdrawn one keeps its number beside its
    replacement.
    """

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="flow_events",
        verbose_name=_("participant"),
    )
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="flow_events", verbose_name=_("process")
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=20, choices=FlowKind.choices)
    inflow = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followups",
        verbose_name=_("inflow of this stay"),
    )
    occurred_on = models.DateField(_("date"))
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    role = models.CharField(
        _("role"), max_length=20, choices=FlowRole.choices, default=FlowRole.PARTICIPANT
    )
    channel = models.CharField(
        _("channel of inflow"), max_length=30, choices=InflowChannel.choices, blank=True
    )
    reason = models.CharField(
        _("reason for outflow"), max_length=20, choices=OutflowReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = CurrentManager.from_queryset(FlowEventQuerySet)()
    history = FlowEventQuerySet.as_manager()

    class Meta:
        ordering = ["occurred_on", "sequence"]
        verbose_name = _("flow event")
        verbose_name_plural = _("flow events")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "process", "sequence"],
                condition=Q(withdrawn_at__isnull=True), name="flow_event_sequence_unique"
            ),
            models.CheckConstraint(condition=Q(sequence__gte=1), name="flow_event_sequence_from_1"),
            # An inflow opens a stay and names its channel; nothing else does.
            models.CheckConstraint(
                condition=(
                    Q(kind=FlowKind.INFLOW, inflow__isnull=True) & ~Q(channel="") & Q(reason="")
                )
                | (~Q(kind=FlowKind.INFLOW) & Q(inflow__isnull=False) & Q(channel="")),
                name="flow_event_inflow_opens_a_stay",
            ),
            # Only an outflow has a reason, and it always has one.
            models.CheckConstraint(
                condition=Q(kind=FlowKind.OUTFLOW, reason__gt="")
                | (~Q(kind=FlowKind.OUTFLOW) & Q(reason="")),
                name="flow_event_outflow_has_reason",
            ),
            # A stay closes once.
            models.UniqueConstraint(
                fields=["inflow"],
                condition=Q(kind=FlowKind.OUTFLOW, withdrawn_at__isnull=True),
                name="flow_event_one_outflow_per_stay",
            ),
            models.CheckConstraint(
                condition=Q(phase__gte=Phase.first(), phase__lte=Phase.last()),
                name="flow_event_phase_in_model",
            ),
        ]
        indexes = [
            models.Index(fields=["process", "kind", "occurred_on"]),
            models.Index(fields=["participant", "occurred_on"]),
            # The newest events first (the dashboard's list), read backwards from the index.
            models.Index(fields=["occurred_on", "id"]),
        ]

    def __str__(self):
        # No related fields here: a list of events must not cost a query per row.
        return f"{self.get_kind_display()} ({self.occurred_on:%d-%m-%Y})"

    @property
    def is_outcome(self):
        return self.reason in OutflowReason.outcomes()


class FlowTally(models.Model):
    """How many flow events of one sort a process had in one month.

    The funnel's figures over time: `participants.tallies` keeps these up to date
    in the same transaction as every event the services write, so an overview sums
    a few rows per process and month instead of counting every event ever recorded.
    A sort is what the funnel shows (kind, channel of inflow, reason for outflow)
    and no finer: each further column would multiply the rows an overview sums.
    """

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=20, choices=FlowKind.choices)
    channel = models.CharField(_("channel of inflow"), max_length=30, blank=True)
    reason = models.CharField(_("reason for outflow"), max_length=20, blank=True)
    events = models.PositiveIntegerField(_("events"), default=0)

    class Meta:
        verbose_name = _("flow tally")
        verbose_name_plural = _("flow tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "month", "kind", "channel", "reason"],
                name="flow_tally_one_row_per_sort",
            )
        ]

    def __str__(self):
        return f"{self.month:%m-%Y} {self.kind}: {self.events}"


class PresenceTally(models.Model):
    """How many people take part in a process now, per phase and role (kept like FlowTally)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    role = models.CharField(_("role"), max_length=20, choices=FlowRole.choices)
    people = models.PositiveIntegerField(_("people"), default=0)

    class Meta:
        verbose_name = _("presence tally")
        verbose_name_plural = _("presence tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["process", "phase", "role"], name="presence_tally_one_row_per_sort"
            )
        ]

    def __str__(self):
        return f"{self.phase}/{self.role}: {self.people}"
