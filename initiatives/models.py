"""Citizen initiatives, who takes part in them, what they learn, what money flows in,
and the public sign-ups waiting for their e-mail confirmation.

A lower floor never points up: a membership points to the flow events it caused
(participants.FlowEvent), never the other way round.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.corrections import Correctable, CurrentManager
from participants.models import FlowEvent, Organisation, Participant
from wei.models import Activity, Neighbourhood, Process


class Theme(models.Model):
    """A problem an initiative tackles; editable, seeded with the WEI-model's examples."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name (Dutch)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        if self.name_en and (get_language() or "nl").startswith("en"):
            return self.name_en
        return self.name


class InitiativeForm(models.TextChoices):
    LASTING = "lasting", _("lasting cooperation")
    ONE_OFF = "one_off", _("one-off action")
    RELAY = "relay", _("relay")
    BUSINESS = "business", _("neighbourhood business")


class InitiativePhase(models.IntegerChoices):
    # Numbered like wei.Phase: an initiative starts as an idea (1) and then follows
    # the WEI phases 2-4.
    IDEA = 1, _("idea")
    EMERGENCE = 2, _("emergence")
    DEVELOPMENT = 3, _("development")
    AUTONOMY = 4, _("autonomy")


class EconomicRole(models.TextChoices):
    NONE = "", _("no economic activity")
    PRODUCING = "producing", _("producing")
    CONSUMING = "consuming", _("consuming")
    DISTRIBUTING = "distributing", _("distributing")


class InitiativeStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


# The kinds of support an initiative can ask for: its `needs_*` fields.
SUPPORT_FIELDS = ("needs_training", "needs_coaching", "needs_space", "needs_money",
                  "needs_contacts")


class InitiativeQuerySet(models.QuerySet):
    def asking_support(self, asks: bool = True):
        """Initiatives that ask for some kind of support (or, with asks=False, for none)."""
        any_need = Q()
        for field in SUPPORT_FIELDS:
            any_need |= Q(**{field: True})
        return self.filter(any_need) if asks else self.exclude(any_need)

    def public(self):
        return self.filter(is_public=True).exclude(status=InitiativeStatus.ENDED)

    def for_list(self):
        """What a list of initiatives shows, in a fixed number of queries."""
        return self.select_related("neighbourhood").prefetch_related("themes")


class Initiative(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="initiatives",
        verbose_name=_("neighbourhood"),
    )
    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="initiatives",
        verbose_name=_("WEI process"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="initiatives", verbose_name=_("themes")
    )
    description = models.TextField(_("description"), max_length=5000, blank=True)
    form = models.CharField(
        _("form"), max_length=20, choices=InitiativeForm.choices, default=InitiativeForm.LASTING
    )
    phase = models.PositiveSmallIntegerField(
        _("phase"), choices=InitiativePhase.choices, default=InitiativePhase.IDEA
    )
    cooperative_member = models.BooleanField(
        _("member of the wijkcoöperatie"), default=False,
        help_text=_("Only in the autonomous phase."),
    )
    aims_people = models.TextField(_("aims for people"), max_length=2000, blank=True)
    aims_planet = models.TextField(_("aims for the planet"), max_length=2000, blank=True)
    aims_profit = models.TextField(_("aims for profit"), max_length=2000, blank=True)
    economic_role = models.CharField(
        _("economic activity"), max_length=20, choices=EconomicRole.choices, blank=True
    )
    economic_goods = models.CharField(
        _("which services or products"), max_length=300, blank=True
    )
    is_public = models.BooleanField(_("shown on the public pages"), default=False)
    needs_training = models.BooleanField(_("needs training"), default=False)
    needs_coaching = models.BooleanField(_("needs coaching"), default=False)
    needs_space = models.BooleanField(_("needs a space"), default=False)
    needs_money = models.BooleanField(_("needs money"), default=False)
    needs_contacts = models.BooleanField(_("needs contacts"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=InitiativeStatus.choices,
        default=InitiativeStatus.ACTIVE,
    )
    status_reason = models.TextField(_("reason for the status"), max_length=2000, blank=True)
    activities = models.ManyToManyField(
        Activity, blank=True, related_name="+", verbose_name=_("own activities"),
        help_text=_("Activities of the WEI process that this initiative organises itself."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("citizen initiative")
        verbose_name_plural = _("citizen initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__gte=InitiativePhase.IDEA, phase__lte=InitiativePhase.AUTONOMY),
                name="initiative_phase_in_model",
            ),
            models.CheckConstraint(
                condition=Q(cooperative_member=False) | Q(phase=InitiativePhase.AUTONOMY),
                name="initiative_cooperative_only_when_autonomous",
            ),
            models.CheckConstraint(
                condition=Q(status=InitiativeStatus.ACTIVE) | ~Q(status_reason=""),
                name="initiative_paused_or_ended_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["is_public", "status", "neighbourhood"]),
            # The lists' order (public and staff): the first page is read from the
            # index instead of sorting every initiative.
            models.Index(fields=["title", "id"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.slug])

    def clean(self):
        if self.process_id and self.neighbourhood_id and (
            self.process.neighbourhood_id != self.neighbourhood_id
        ):
            raise ValidationError(
                {"process": _("The process belongs to another neighbourhood.")}
            )

    @property
    def is_paused(self) -> bool:
        return self.status == InitiativeStatus.PAUSED

    @property
    def support_needed(self) -> list:
        """The labels of the support it asks for (no query)."""
        return [
            self._meta.get_field(name).verbose_name for name in SUPPORT_FIELDS
            if getattr(self, name)
        ]


class MembershipRole(models.TextChoices):
    LEAD = "lead", _("lead (trekker)")
    MEMBER = "member", _("member")
    VOLUNTEER = "volunteer", _("volunteer")
    PAID = "paid", _("paid")


class Membership(Correctable):
    """Someone taking part in an initiative. Corrected, never edited (core.corrections):
    the constraints hold for the current memberships; a withdrawn one keeps its flow
    events, which are corrected on the person's timeline."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("participant"),
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("initiative"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    # The inflow of the stay in the process this membership belongs to: the one it
    # caused, or the one already open when the person joined (see services).
    inflow = models.ForeignKey(
        FlowEvent, on_delete=models.PROTECT, related_name="+", verbose_name=_("inflow"),
    )
    # The outflow it caused when it ended the person's last membership in the process.
    outflow = models.ForeignKey(
        FlowEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("outflow"),
    )

    objects = CurrentManager()
    history = models.Manager()

    class Meta:
        ordering = ["initiative", "-started_on", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "initiative"],
                condition=Q(ended_on__isnull=True, withdrawn_at__isnull=True),
                name="membership_one_active_per_person_and_initiative",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.initiative} ({self.get_role_display()})"


class InitiativePhaseChange(Correctable):
    """An initiative moving from one phase to another (growing from an idea toward an
    independent organisation, or a step back), with why: the history the account of a
    period reads ("which initiatives grew a phase").

    Changes are read in the order they happened: by date, then by when they were
    recorded. A correction keeps its original's `created_at`, so a corrected change
    keeps its place among the changes of the same day."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="phase_changes",
        verbose_name=_("initiative"),
    )
    from_phase = models.PositiveSmallIntegerField(_("from phase"),
                                                  choices=InitiativePhase.choices)
    to_phase = models.PositiveSmallIntegerField(_("to phase"), choices=InitiativePhase.choices)
    occurred_on = models.DateField(_("date"))
    rationale = models.TextField(_("why"), max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = CurrentManager()
    history = models.Manager()

    class Meta:
        ordering = ["-occurred_on", "-created_at", "-id"]
        verbose_name = _("phase change of an initiative")
        verbose_name_plural = _("phase changes of initiatives")
        constraints = [
            models.CheckConstraint(condition=~Q(from_phase=F("to_phase")),
                                   name="initiative_phase_change_changes"),
            models.CheckConstraint(
                condition=Q(from_phase__gte=InitiativePhase.IDEA,
                            from_phase__lte=InitiativePhase.AUTONOMY,
                            to_phase__gte=InitiativePhase.IDEA,
                            to_phase__lte=InitiativePhase.AUTONOMY),
                name="initiative_phase_change_in_model"),
        ]
        indexes = [models.Index(fields=["occurred_on", "initiative"])]

    def __str__(self):
        return f"{self.initiative}: {self.get_from_phase_display()} → {self.get_to_phase_display()}"

    @property
    def grew(self) -> bool:
        return self.to_phase > self.from_phase


class Reflection(Correctable):
    """An Action Learning entry: the qualitative, honest account of an initiative.
    Corrected or withdrawn, never edited: a withdrawn public one leaves the public pages."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="reflections",
        verbose_name=_("initiative"),
    )
    date = models.DateField(_("date"))
    what_we_did = models.TextField(_("what we did"), max_length=5000)
    what_went_well = models.TextField(_("what went well"), max_length=5000, blank=True)
    what_we_learned = models.TextField(_("what we learned"), max_length=5000, blank=True)
    what_we_need_next = models.TextField(_("what we need next"), max_length=5000, blank=True)
    is_public = models.BooleanField(_("shown on the public pages"), default=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = CurrentManager()
    history = models.Manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        indexes = [
            models.Index(fields=["initiative", "is_public", "date"]),
            # The latest reflections across initiatives (the dashboard), newest first.
            models.Index(fields=["date", "id"]),
        ]

    def __str__(self):
        return f"{self.initiative} – {self.date:%d-%m-%Y}"


class MoneyFlow(Correctable):
    """Money flowing into a neighbourhood: to one initiative, or to the neighbourhood as a whole.
    Corrected or withdrawn, never edited: the figures count the current flows."""

    source = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="money_flows",
        verbose_name=_("source"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="money_flows",
        verbose_name=_("neighbourhood"),
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.PROTECT, null=True, blank=True, related_name="money_flows",
        verbose_name=_("initiative"), help_text=_("Empty: for the neighbourhood as a whole."),
    )
    amount = models.DecimalField(_("amount (EUR)"), max_digits=12, decimal_places=2)
    purpose = models.CharField(_("purpose"), max_length=300)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))

    objects = CurrentManager()
    history = models.Manager()

    class Meta:
        ordering = ["-period_start", "id"]
        verbose_name = _("money flow")
        verbose_name_plural = _("money flows")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="money_flow_amount_positive"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="money_flow_period_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.source}: € {self.amount} – {self.purpose}"

    def clean(self):
        if self.initiative_id and self.neighbourhood_id and (
            self.initiative.neighbourhood_id != self.neighbourhood_id
        ):
            raise ValidationError(
                {"initiative": _("The initiative lies in another neighbourhood.")}
            )


class SignUpKind(models.TextChoices):
    JOIN = "join", _("join an initiative")
    KEEP_INFORMED = "keep_informed", _("keep me informed")
    IDEA = "idea", _("a new idea")
    # A question to an initiative's leads, passed on by the process manager: not taking
    # part, so its confirmation makes no participant, membership or inflow.
    QUESTION = "question", _("a question to an initiative")
    ATTEND = "attend", _("coming to an activity")


# The kinds that are about one initiative (and so must name it).
ABOUT_AN_INITIATIVE = (SignUpKind.JOIN, SignUpKind.QUESTION)


class SignUp(models.Model):
    """What a resident typed on a public form, kept until they confirm it by e-mail.

    Only the confirmation creates or links the participant, the membership and the
    inflow; the token itself is never stored, only its SHA-256.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=SignUpKind.choices)
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, null=True, blank=True, related_name="signups",
        verbose_name=_("initiative"),
    )
    # "Ik kom" for a public activity is a sign-up like the others: the same form
    # checks, rate limit, double opt-in, hashed token, confirm and withdraw links and
    # e-mails. Only what the confirmation makes differs (a participant, no membership or
    # inflow: the attendance at the meeting is their inflow), so one nullable key here
    # beats a parallel model with a parallel token machinery.
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, null=True, blank=True, related_name="signups",
        verbose_name=_("activity"),
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, related_name="signups",
        verbose_name=_("neighbourhood"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    contribution = models.TextField(_("what they want to contribute"), max_length=2000, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    idea_title = models.CharField(_("title of the idea"), max_length=200, blank=True)
    privacy_version = models.CharField(_("version of the privacy statement"), max_length=20)
    language = models.CharField(_("language"), max_length=10, default="nl")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    participant = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="signups",
        verbose_name=_("participant"),
    )
    # What the confirmation made; one-to-one, so a sign-up confirmed twice
    # (or concurrently) cannot make a second membership or idea.
    membership = models.OneToOneField(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="signup",
        verbose_name=_("membership"),
    )
    created_initiative = models.OneToOneField(
        Initiative, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal",
        verbose_name=_("initiative made from the idea"),
    )
    # The stay a "keep me informed" sign-up opened (or joined) in the process.
    inflow = models.ForeignKey(
        FlowEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("inflow"),
    )
    outflow = models.ForeignKey(
        FlowEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("outflow"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ABOUT_AN_INITIATIVE, initiative__isnull=False)
                | (~Q(kind__in=ABOUT_AN_INITIATIVE) & Q(initiative__isnull=True)),
                name="signup_join_or_question_names_an_initiative",
            ),
            models.CheckConstraint(
                condition=~Q(kind=SignUpKind.IDEA) | ~Q(idea_title=""),
                name="signup_idea_has_a_title",
            ),
            models.CheckConstraint(
                condition=Q(kind=SignUpKind.ATTEND, activity__isnull=False)
                | (~Q(kind=SignUpKind.ATTEND) & Q(activity__isnull=True)),
                name="signup_attend_names_an_activity",
            ),
        ]
        indexes = [models.Index(fields=["email", "kind"])]

    def __str__(self):
        return f"{self.name} – {self.get_kind_display()}"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None

    # What a page or an e-mail says depends on the kind: templates ask these, never
    # compare the stored value as a string.
    @property
    def is_join(self) -> bool:
        return self.kind == SignUpKind.JOIN

    @property
    def is_idea(self) -> bool:
        return self.kind == SignUpKind.IDEA

    @property
    def is_question(self) -> bool:
        return self.kind == SignUpKind.QUESTION

    @property
    def is_attend(self) -> bool:
        return self.kind == SignUpKind.ATTEND


class FollowUpKind(models.TextChoices):
    # The first three are the sign-up's own kinds; a withdrawal is work of its own.
    JOIN = SignUpKind.JOIN.value, _("sign-up for an initiative")
    KEEP_INFORMED = SignUpKind.KEEP_INFORMED.value, _("keep me informed")
    IDEA = SignUpKind.IDEA.value, _("proposed idea")
    WITHDRAWAL = "withdrawal", _("withdrawal")
    QUESTION = SignUpKind.QUESTION.value, _("question")


class FollowUpStatus(models.TextChoices):
    NEW = "new", _("new")
    CONTACTED = "contacted", _("contacted")
    DONE = "done", _("done")


class FollowUpOutcome(models.TextChoices):
    NONE = "", _("none")
    PUBLISHED = "published", _("published as an initiative")
    DECLINED = "declined", _("declined")


class FollowUpQuerySet(models.QuerySet):
    def waiting(self):
        """What nobody has finished yet: new, or contacted and not yet done."""
        return self.exclude(status=FollowUpStatus.DONE)


class FollowUp(models.Model):
    """A confirmed sign-up, or its withdrawal, as work for the staff: someone follows it
    up (contacts the resident, reviews the idea, passes a question on to the initiative's
    leads) and says so here."""

    signup = models.ForeignKey(
        SignUp, on_delete=models.CASCADE, related_name="followups", verbose_name=_("sign-up"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FollowUpKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=FollowUpStatus.choices, default=FollowUpStatus.NEW,
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=FollowUpOutcome.choices, blank=True,
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(fields=["signup", "kind"], name="followup_once_per_kind"),
            models.CheckConstraint(
                condition=Q(status=FollowUpStatus.NEW) | Q(handled_at__isnull=False),
                name="followup_handled_has_a_moment",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(kind=FollowUpKind.IDEA, status=FollowUpStatus.DONE),
                name="followup_outcome_only_of_a_finished_idea",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        # No related fields: a list of follow-ups must not cost a query per row.
        return f"{self.get_kind_display()} ({self.get_status_display()})"
