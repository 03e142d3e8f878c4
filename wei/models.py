"""Neighbourhoods, their WEI processes, the four phases and what happens in them.

The four phases and their order are the model itself (`Phase`); what each phase
aims at and the criteria for moving on are data (`PhaseDescription`,
`PhaseCriterion`), because the model is a guide that develops with its context.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.corrections import Correctable, CurrentManager


class Phase(models.IntegerChoices):
    INFORMATION = 1, _("Information phase")
    EMERGENCE = 2, _("Emergence phase")
    DEVELOPMENT = 3, _("Development phase")
    AUTONOMY = 4, _("Autonomous phase")

    @classmethod
    def first(cls) -> "Phase":
        return cls.INFORMATION

    @classmethod
    def last(cls) -> "Phase":
        return cls.AUTONOMY


class Neighbourhood(models.Model):
    name = models.CharField(_("name"), max_length=120)
    municipality = models.CharField(_("municipality"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("short description"), blank=True, max_length=2000)

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="neighbourhood_unique_name_per_municipality"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.municipality})"


class PhaseDescription(models.Model):
    """What a phase aims at and yields; editable, one row per phase."""

    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices, unique=True)
    goal = models.TextField(_("goal"))
    expected_result = models.TextField(_("expected result"))

    class Meta:
        ordering = ["phase"]
        verbose_name = _("phase description")
        verbose_name_plural = _("phase descriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__gte=Phase.first(), phase__lte=Phase.last()),
                name="phase_description_phase_in_model",
            )
        ]

    def __str__(self):
        return str(Phase(self.phase).label)


class PhaseCriterion(models.Model):
    """One item of the checklist for moving on from a phase to the next."""

    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    text = models.CharField(_("criterion"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["phase", "order", "id"]
        verbose_name = _("criterion for moving on")
        verbose_name_plural = _("criteria for moving on")

    def __str__(self):
        return self.text


class ProcessStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    STOPPED = "stopped", _("stopped")
    COMPLETED = "completed", _("completed")


class ProcessQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=ProcessStatus.ACTIVE)


class Process(models.Model):
    """One WEI process (BGW-traject) in one neighbourhood.

    `phase` and `status` are the result of the transitions; only the services in
    wei.services change them, and always together with a PhaseTransition row.
    """

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        on_delete=models.PROTECT,
        related_name="processes",
        verbose_name=_("neighbourhood"),
    )
    title = models.CharField(_("title"), max_length=200)
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="managed_processes",
        blank=True,
        verbose_name=_("process managers"),
    )
    started_on = models.DateField(_("start date"))
    phase = models.PositiveSmallIntegerField(
        _("current phase"), choices=Phase.choices, default=Phase.INFORMATION
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProcessStatus.choices, default=ProcessStatus.ACTIVE
    )
    status_reason = models.TextField(_("reason for the status"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProcessQuerySet.as_manager()

    class Meta:
        ordering = ["neighbourhood__name", "-started_on"]
        verbose_name = _("WEI process")
        verbose_name_plural = _("WEI processes")
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__gte=Phase.first(), phase__lte=Phase.last()),
                name="process_phase_in_model",
            ),
            # A neighbourhood may have stopped processes behind it, but one running at a time.
            models.UniqueConstraint(
                fields=["neighbourhood"],
                condition=Q(status=ProcessStatus.ACTIVE),
                name="process_one_active_per_neighbourhood",
            ),
        ]
        indexes = [models.Index(fields=["status", "phase"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("admin:wei_process_change", args=[self.pk])

    @property
    def phase_label(self):
        return Phase(self.phase).label

    @property
    def is_active(self):
        return self.status == ProcessStatus.ACTIVE


class TransitionKind(models.TextChoices):
    ADVANCE = "advance", _("to the next phase")
    STEP_BACK = "step_back", _("a step back")
    STOP = "stop", _("stopped")
    REOPEN = "reopen", _("reopened")
    COMPLETE = "complete", _("completed")


class PhaseTransition(Correctable):
    """One recorded change of a process's phase or status: the history, never edited.

    A wrong one is corrected or withdrawn (core.corrections, wei.corrections); the
    replacement takes its original's moment of recording (`created_at`), so the order
    of the transitions, which decides the latest, stays as it was recorded.
    """

    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TransitionKind.choices)
    from_phase = models.PositiveSmallIntegerField(_("from phase"), choices=Phase.choices)
    to_phase = models.PositiveSmallIntegerField(_("to phase"), choices=Phase.choices)
    occurred_on = models.DateField(_("date"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    criteria_met = models.ManyToManyField(
        PhaseCriterion, blank=True, related_name="transitions", verbose_name=_("criteria met")
    )
    rationale = models.TextField(_("rationale"))
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = CurrentManager()
    history = models.Manager()

    class Meta:
        ordering = ["process", "-occurred_on", "-created_at", "-id"]
        verbose_name = _("phase transition")
        verbose_name_plural = _("phase transitions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=TransitionKind.ADVANCE, to_phase=models.F("from_phase") + 1)
                    | Q(kind=TransitionKind.STEP_BACK, to_phase=models.F("from_phase") - 1)
                    | Q(
                        kind=TransitionKind.STOP,
                        from_phase=Phase.INFORMATION,
                        to_phase=Phase.INFORMATION,
                    )
                    | Q(kind=TransitionKind.REOPEN, to_phase=models.F("from_phase"))
                    | Q(
                        kind=TransitionKind.COMPLETE,
                        from_phase=Phase.AUTONOMY,
                        to_phase=Phase.AUTONOMY,
                    )
                ),
                name="transition_moves_one_step_at_most",
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="transition_has_rationale"),
        ]

    def __str__(self):
        # No related fields here: a list of transitions must not cost a query per row.
        return f"{self.get_kind_display()} ({self.occurred_on:%d-%m-%Y})"


class ActivityKind(models.TextChoices):
    INFORMATION_MEETING = "information_meeting", _("information meeting")
    TRAINING = "training", _("training")
    COACHING = "coaching", _("coaching")
    REFLECTION = "reflection", _("reflection moment (Action Learning)")
    COMMUNITY_MEETING = "community_meeting", _("community meeting")
    VERSNELLINGSKAMER = "versnellingskamer", _("versnellingskamer")
    OTHER = "other", _("other")


class ActivityQuerySet(models.QuerySet):
    def public(self):
        """What a resident may see: activities marked public, of a running process."""
        return self.filter(is_public=True, process__status=ProcessStatus.ACTIVE)

    def upcoming(self, today):
        return self.filter(date__gte=today).order_by(
            "date", models.F("start_time").asc(nulls_first=True), "title", "id")


class Activity(models.Model):
    process = models.ForeignKey(
        Process, on_delete=models.CASCADE, related_name="activities", verbose_name=_("process")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False,
        help_text=_("Shown to residents on the public pages, with a calendar file "
                    "(information evenings, community meetings)."),
    )
    takes_sign_ups = models.BooleanField(
        _("takes sign-ups"), default=False,
        help_text=_("Residents can say 'I am coming' on the public pages, without an "
                    "account; who confirms is listed on the attendance page."),
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["process", "date"]),
            # The public pages' "next activities": only the public rows, soonest first.
            models.Index(fields=["date"], condition=Q(is_public=True),
                         name="activity_public_by_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__isnull=True)
                | (Q(start_time__isnull=False) & Q(end_time__gt=models.F("start_time"))),
                name="activity_ends_after_it_starts",
                violation_error_message=_("An end time needs a start time before it."),
            ),
            models.CheckConstraint(
                condition=Q(takes_sign_ups=False) | Q(is_public=True),
                name="activity_sign_ups_only_when_public",
                violation_error_message=_("Only a public activity takes sign-ups."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d-%m-%Y})"

    def get_calendar_url(self):
        return reverse("wei:activity_calendar", args=[self.pk])

    def clean(self):
        if self.is_public and not self.location.strip():
            raise ValidationError({"location": _(
                "A public activity needs a place, so residents know where to go.")})
