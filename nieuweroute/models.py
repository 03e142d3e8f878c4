"""De Nieuwe Route: a kwestie, the kaders of the steering organisations, the
preparatory conversations, the decision meeting and the plan checked kader by kader.

The stage of a route is never stored: it follows from what has been recorded
(see `RouteQuerySet.with_progress` and `Route.stage`). Every write goes through
nieuweroute.services, which holds the rules of the method.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import Organisation, Participant
from wei.models import Neighbourhood, Process


class Stage(models.TextChoices):
    PREPARING = "preparing", _("preparing")
    KADERS_FIXED = "kaders_fixed", _("kaders fixed")
    CONVERSATIONS = "conversations", _("preparatory conversations")
    DECISION_MEETING = "decision_meeting", _("decision meeting held")
    PLAN_DECIDED = "plan_decided", _("plan decided")
    PLAN_CHECKED = "plan_checked", _("plan checked")
    PLAN_SENT = "plan_sent", _("plan sent")


class RouteQuerySet(models.QuerySet):
    def with_progress(self):
        """Annotate the counts the stage and the progress are derived from (still one query)."""
        latest_plan = PlanVersion.objects.filter(route=OuterRef("pk")).order_by("-number")
        return self.annotate(
            kaders_total=Count("kaders", distinct=True),
            kaders_fixed=Count(
                "kaders", filter=Q(kaders__status=KaderStatus.FIXED), distinct=True
            ),
            participants_known=Count("participants", distinct=True),
            conversations_held=Count("conversations__participant", distinct=True),
            information_open=Count(
                "information_requests",
                filter=Q(information_requests__answered_on__isnull=True), distinct=True,
            ),
            invitations_sent=Count("invitations", distinct=True),
            invitations_answered=Count(
                "invitations", filter=~Q(invitations__response=InvitationResponse.PENDING),
                distinct=True,
            ),
            attendance_recorded=Exists(
                Invitation.objects.filter(route=OuterRef("pk"), attended__isnull=False)
            ),
            plan_versions=Count("plans", distinct=True),
            latest_plan_verdict=models.Subquery(latest_plan.values("verdict")[:1]),
            latest_plan_checks=models.Subquery(
                latest_plan.annotate(n=Count("checks")).values("n")[:1]
            ),
            plan_sent=Exists(PlanSending.objects.filter(plan__route=OuterRef("pk"))),
        )


class Route(models.Model):
    """One Nieuwe Route process, around one kwestie."""

    title = models.CharField(_("title"), max_length=200)
    kwestie = models.TextField(
        _("kwestie"), max_length=5000,
        help_text=_("The situation the participants do not want to stay as it is."),
    )
    consequences = models.TextField(
        _("consequences"), blank=True, max_length=5000,
        help_text=_("What the kwestie leads to."),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, null=True, blank=True,
        related_name="routes", verbose_name=_("neighbourhood"),
    )
    process = models.ForeignKey(
        Process, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="routes", verbose_name=_("WEI process"),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_routes",
        verbose_name=_("independent facilitator"),
    )
    core_group = models.ManyToManyField(
        Participant, blank=True, related_name="core_group_routes", verbose_name=_("core group"),
    )
    steering_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="steered_routes",
        verbose_name=_("steering organisations"),
        help_text=_("The organisations that set kaders for the plan."),
    )
    # Everyone the route knows of: the core group, the people spoken to and those suggested.
    participants = models.ManyToManyField(
        Participant, blank=True, related_name="routes", verbose_name=_("participants known"),
    )
    meeting_date = models.DateField(_("date of the decision meeting"), null=True, blank=True)
    meeting_start = models.TimeField(_("start time"), null=True, blank=True)
    meeting_end = models.TimeField(_("end time"), null=True, blank=True)
    meeting_place = models.CharField(_("place"), max_length=300, blank=True)
    # Raised each time the meeting moves or is cancelled after invitations went out: the
    # SEQUENCE of the calendar files, so calendars replace the event instead of adding one.
    meeting_sequence = models.PositiveIntegerField(default=0, editable=False)
    follows = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="followed_by",
        verbose_name=_("follows the route"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RouteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Nieuwe Route process")
        verbose_name_plural = _("Nieuwe Route processes")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_end__isnull=True) | Q(meeting_start__isnull=True)
                | Q(meeting_end__gt=models.F("meeting_start")),
                name="route_meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("nieuweroute:route_detail", args=[self.pk])

    @property
    def meeting_is_set(self) -> bool:
        return bool(self.meeting_date and self.meeting_start and self.meeting_place)

    @property
    def meeting_passed(self) -> bool:
        return bool(self.meeting_date and self.meeting_date < timezone.localdate())

    @property
    def stage(self) -> Stage:
        """The furthest point the route has reached; needs `with_progress()`."""
        if self.plan_sent:
            return Stage.PLAN_SENT
        if self.latest_plan_verdict and self.latest_plan_verdict != Verdict.PENDING:
            return Stage.PLAN_CHECKED
        if self.plan_versions:
            return Stage.PLAN_DECIDED
        if self.attendance_recorded:
            return Stage.DECISION_MEETING
        if self.conversations_held:
            return Stage.CONVERSATIONS
        if self.kaders_total and self.kaders_fixed == self.kaders_total:
            return Stage.KADERS_FIXED
        return Stage.PREPARING

    @property
    def stage_label(self):
        return self.stage.label


class KaderStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    FIXED = "fixed", _("fixed")


class Kader(models.Model):
    """A numbered precondition a setting organisation puts to the plan."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="kaders", verbose_name=_("route")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="kaders",
        verbose_name=_("setting organisation"),
    )
    text = models.TextField(_("kader"), max_length=3000)
    explanation = models.TextField(_("explanation"), blank=True, max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=KaderStatus.choices, default=KaderStatus.CONCEPT
    )
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("fixed by"),
    )

    class Meta:
        ordering = ["route", "number"]
        verbose_name = _("kader")
        verbose_name_plural = _("kaders")
        constraints = [
            models.UniqueConstraint(fields=["route", "number"], name="kader_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="kader_number_from_1"),
            models.CheckConstraint(
                condition=Q(status=KaderStatus.CONCEPT, fixed_at__isnull=True)
                | Q(status=KaderStatus.FIXED, fixed_at__isnull=False),
                name="kader_fixed_has_moment",
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"

    @property
    def is_fixed(self) -> bool:
        return self.status == KaderStatus.FIXED


class KaderSubPoint(models.Model):
    kader = models.ForeignKey(
        Kader, on_delete=models.CASCADE, related_name="sub_points", verbose_name=_("kader")
    )
    letter = models.CharField(_("letter"), max_length=2)
    text = models.TextField(_("text"), max_length=2000)

    class Meta:
        ordering = ["kader", "letter"]
        verbose_name = _("sub-point")
        verbose_name_plural = _("sub-points")
        constraints = [
            models.UniqueConstraint(fields=["kader", "letter"], name="kader_sub_point_unique")
        ]

    def __str__(self):
        return f"{self.letter}) {self.text[:80]}"


class KaderChangeKind(models.TextChoices):
    CREATED = "created", _("drafted")
    EDITED = "edited", _("edited")
    FIXED = "fixed", _("fixed")


class KaderChange(models.Model):
    """The history of a kader: what it said after each change. Never edited."""

    kader = models.ForeignKey(
        Kader, on_delete=models.CASCADE, related_name="changes", verbose_name=_("kader")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KaderChangeKind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("kader"))
    explanation = models.TextField(_("explanation"), blank=True)
    sub_points = models.TextField(_("sub-points"), blank=True)
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("changed by"),
    )

    class Meta:
        ordering = ["kader", "changed_at", "id"]
        verbose_name = _("change of a kader")
        verbose_name_plural = _("changes of kaders")

    def __str__(self):
        return f"{self.kader.number}: {self.get_kind_display()}"


class Conversation(models.Model):
    """A preparatory conversation with one participant before the decision meeting."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("route")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="route_conversations",
        verbose_name=_("participant"),
    )
    held_on = models.DateField(_("date"))
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("held by"),
    )
    setting = models.CharField(
        _("setting"), max_length=200, blank=True,
        help_text=_("For example: during a team meeting."),
    )
    decision_needs = models.TextField(
        _("what they need to decide well"), blank=True, max_length=3000
    )
    confirmed_email = models.EmailField(
        _("e-mail address for the invitation and the plan"), blank=True
    )
    language = models.CharField(
        _("language for e-mail"), max_length=10, choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("preparatory conversation")
        verbose_name_plural = _("preparatory conversations")
        indexes = [models.Index(fields=["route", "participant"])]

    def __str__(self):
        return f"{self.participant} ({self.held_on:%d-%m-%Y})"


class Suggestion(models.Model):
    """Someone a participant said should take part: a candidate participant."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("route")
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="suggestions",
        verbose_name=_("suggested in"),
    )
    name = models.CharField(_("name"), max_length=200)
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("added as participant"),
    )

    class Meta:
        ordering = ["route", "name", "id"]
        verbose_name = _("suggested participant")
        verbose_name_plural = _("suggested participants")

    def __str__(self):
        return self.name


class InformationRequest(models.Model):
    """Information someone needs to decide well, fetched from an informant."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="information_requests",
        verbose_name=_("route"),
    )
    question = models.TextField(_("question"), max_length=2000)
    asked_by = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("asked by"),
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="information_requests", verbose_name=_("asked in"),
    )
    informant_person = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("informant (person)"),
    )
    informant_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("informant (organisation)"),
    )
    answer = models.TextField(_("answer"), blank=True, max_length=10000)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["route", "id"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True, answer="")
                | (Q(answered_on__isnull=False) & ~Q(answer="")),
                name="information_request_answer_has_date",
            )
        ]

    def __str__(self):
        return self.question[:80]

    @property
    def informant(self):
        return self.informant_person or self.informant_organisation


class InvitationResponse(models.TextChoices):
    PENDING = "pending", _("no answer yet")
    YES = "yes", _("yes, I will come")
    NO = "no", _("no, I cannot come")


class Invitation(models.Model):
    """The invitation to the decision meeting. The link's token is stored hashed only."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("route")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="route_invitations",
        verbose_name=_("participant"),
    )
    email = models.EmailField(_("sent to"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"))
    response = models.CharField(
        _("answer"), max_length=10, choices=InvitationResponse.choices,
        default=InvitationResponse.PENDING,
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["route", "participant__name"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["route", "participant"], name="invitation_once_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.participant} – {self.route}"

    @property
    def is_coming(self) -> bool:
        return self.response == InvitationResponse.YES


class Verdict(models.TextChoices):
    PENDING = "pending", _("not checked yet")
    ACCEPTED = "accepted", _("accepted")
    SENT_BACK = "sent_back", _("sent back")


class PlanVersion(models.Model):
    """One version of the plan decided at the decision meeting."""

    route = models.ForeignKey(
        Route, on_delete=models.CASCADE, related_name="plans", verbose_name=_("route")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    decided_on = models.DateField(_("decided on"))
    at_continuation = models.BooleanField(
        _("decided at a continuation meeting"), default=False,
        help_text=_("The decision meeting was continued on a later day, and the plan was "
                    "decided there."),
    )
    summary = models.TextField(_("summary"), blank=True, max_length=10000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    verdict = models.CharField(
        _("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING
    )
    verdict_on = models.DateField(_("verdict on"), null=True, blank=True)
    verdict_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("verdict by"),
    )
    verdict_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["route", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["route", "number"], name="plan_version_unique"),
            models.CheckConstraint(
                condition=Q(verdict=Verdict.PENDING, verdict_on__isnull=True)
                | (~Q(verdict=Verdict.PENDING) & Q(verdict_on__isnull=False)),
                name="plan_verdict_has_date",
            ),
        ]

    def __str__(self):
        return _("%(route)s, plan version %(number)s") % {
            "route": self.route, "number": self.number
        }

    def get_absolute_url(self):
        return reverse("nieuweroute:plan_detail", args=[self.route_id, self.pk])

    @property
    def is_accepted(self) -> bool:
        return self.verdict == Verdict.ACCEPTED


class PlanItem(models.Model):
    """An agreement in the plan: what, who (a person or an organisation), by when."""

    plan = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan")
    )
    what = models.TextField(_("what"), max_length=3000)
    who_participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("who (person)"),
    )
    who_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("who (organisation)"),
    )
    due_on = models.DateField(_("by when"), null=True, blank=True)

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(who_participant__isnull=True, who_organisation__isnull=False)
                | Q(who_participant__isnull=False, who_organisation__isnull=True),
                name="plan_item_one_who",
            )
        ]

    def __str__(self):
        return self.what[:80]

    @property
    def who(self):
        return self.who_participant or self.who_organisation


class KaderCheck(models.Model):
    """Whether one plan version meets one fixed kader, and why."""

    plan = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="checks", verbose_name=_("plan")
    )
    kader = models.ForeignKey(
        Kader, on_delete=models.PROTECT, related_name="checks", verbose_name=_("kader")
    )
    meets = models.BooleanField(_("meets the kader"))
    explanation = models.TextField(_("explanation"), max_length=3000)
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("checked by"),
    )

    class Meta:
        ordering = ["plan", "kader__number"]
        verbose_name = _("check against a kader")
        verbose_name_plural = _("checks against the kaders")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kader"], name="kader_check_once_per_plan")
        ]

    def __str__(self):
        return _("Kader %(number)s: %(verdict)s") % {
            "number": self.kader.number, "verdict": self.verdict_label}

    @property
    def verdict_label(self):
        """The check in words, as the plan meeting says it."""
        return _("Meets") if self.meets else _("Does not meet")


class PlanSending(models.Model):
    """To whom, where and when the accepted plan was sent."""

    plan = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="sendings", verbose_name=_("plan")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="+", verbose_name=_("participant")
    )
    email = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        ordering = ["plan", "participant__name"]
        verbose_name = _("sending of the plan")
        verbose_name_plural = _("sendings of the plan")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "participant"], name="plan_sent_once_per_participant"
            )
        ]

    def __str__(self):
        return f"{self.participant} ({self.sent_at:%d-%m-%Y})"
