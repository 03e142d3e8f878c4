"""The pages of a route for its facilitator and process managers, and the public
page where an invited participant answers yes or no.

Views are thin: fetch through wei.access, parse a form, call a service. The pages are
where a route is worked on, so they show the routes this user may change (its
facilitator, the process managers of its neighbourhood); anyone else gets a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nieuweroute import selectors, services
from nieuweroute.forms import (
    AnswerForm,
    ConversationForm,
    InviteForm,
    KaderCheckForm,
    KaderForm,
    MeetingForm,
    PlanForm,
    PlanItemForm,
    RouteEditForm,
    RoutePeopleForm,
    SendBackForm,
)
from nieuweroute.models import (
    InformationRequest,
    Invitation,
    Kader,
    PlanItem,
    PlanVersion,
    Route,
)
from nieuweroute.steps import (
    PlanFacts,
    RouteFacts,
    invitation_steps,
    kader_steps,
    meeting_steps,
    plan_steps,
    suggestion_steps,
)
from participants.forms import NewParticipantForm
from wei import access


def _route(request, pk, progress=False):
    queryset = Route.objects.select_related("neighbourhood", "process", "facilitator", "follows")
    if progress:
        queryset = queryset.with_progress()
    return access.get_changeable_or_404(request.user, queryset, pk=pk)


def _apply(form, call):
    """Run a service; a refusal goes onto the form (field or top) and nothing changes."""
    try:
        return call(), True
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None, False


def _step(request, route, form, call, *, title, success, back=None, intro=""):
    if request.method == "POST" and form.is_valid():
        result, ok = _apply(form, lambda: call(form.cleaned_data))
        if ok:
            messages.success(request, success)
            return redirect(back or route.get_absolute_url())
    return render(request, "nieuweroute/step_form.html", {
        "route": route, "form": form, "title": title, "intro": intro,
        "back": back or route.get_absolute_url(),
    })


@login_required
def route_list(request):
    # Queries: session, user, routes with their progress (one annotated query).
    routes = selectors.route_list(access.changeable(request.user, Route.objects.all()))
    return render(request, "nieuweroute/route_list.html", {"routes": routes})


@login_required
@permission_required("nieuweroute.add_route", raise_exception=True)
def route_create(request):
    form = RouteEditForm(request.POST or None, user=request.user, new=True)

    def call(data):
        return services.route_create(
            title=data["title"], kwestie=data["kwestie"], consequences=data["consequences"],
            facilitator=request.user, steering_organisations=data["steering_organisations"],
            neighbourhood=data["neighbourhood"], process=data["process"],
            follows=data["follows"],
        )

    if request.method == "POST" and form.is_valid():
        route, ok = _apply(form, lambda: call(form.cleaned_data))
        if ok:
            messages.success(request, _("The route has been started."))
            return redirect(route)
    return render(request, "nieuweroute/step_form.html", {
        "form": form, "title": _("Start a Nieuwe Route"), "back": reverse("nieuweroute:route_list"),
    })


@login_required
def route_edit(request, pk):
    route = _route(request, pk)
    form = RouteEditForm(request.POST or None, user=request.user, route=route, initial={
        "title": route.title, "kwestie": route.kwestie, "consequences": route.consequences,
        "neighbourhood": route.neighbourhood_id, "process": route.process_id,
        "follows": route.follows_id})
    return _step(request, route, form, lambda d: services.route_update(
        route=route, title=d["title"], kwestie=d["kwestie"], consequences=d["consequences"],
        neighbourhood=d["neighbourhood"], process=d["process"], follows=d["follows"]),
        title=_("Edit the route"), success=_("The route has been saved."))


@login_required
def route_detail(request, pk):
    # Queries: session, user, route with progress; kaders, their sub-points, conversations,
    # open suggestions, information requests, invitations, plan versions. Fixed in the data.
    route = _route(request, pk, progress=True)
    return render(request, "nieuweroute/route_detail.html",
                  route_page(request, route))


def route_page(request, route):
    """The route page's rows with the steps of its meeting, kaders and invitations (asked
    with the rows already loaded: no query more)."""
    page = selectors.route_page(route)
    user, today = request.user, timezone.localdate()
    facts = RouteFacts.from_page(route, conversations=page["conversations"],
                                 invitations=page["invitations"], plans=page["plans"])
    steps = meeting_steps(route, user=user, today=today, facts=facts, may_change=True)
    page_steps = list(steps.values())
    for kader in page["kaders"]:
        kader.steps = kader_steps(kader, user=user, may_change=True)
        page_steps += kader.steps.values()
    for invitation in page["invitations"]:
        invitation.route = route
        invitation.steps = invitation_steps(invitation, user=user, today=today,
                                            may_change=True)
        page_steps += invitation.steps.values()
    for suggestion in page["suggestions"]:
        suggestion.steps = suggestion_steps(suggestion, user=user, may_change=True)
        page_steps += suggestion.steps.values()
    if facts.held:
        page["warnings"] = []  # nothing stands open before a meeting that has taken place
    return {"route": route, **page, "steps": steps, "page_steps": page_steps}


@login_required
def meeting_edit(request, pk):
    route = _route(request, pk)
    initial = {"date": route.meeting_date, "start": route.meeting_start,
               "end": route.meeting_end, "place": route.meeting_place}
    form = MeetingForm(request.POST or None, initial=initial)
    invited = route.invitations.count()
    intro = ngettext(
        "One invitation has gone out: moving the meeting sends the invitee the new date, "
        "time and place with an updated calendar file, and asks again whether they will come.",
        "%(count)s invitations have gone out: moving the meeting sends every invitee the new "
        "date, time and place with an updated calendar file, and asks again whether they "
        "will come.", invited) % {"count": invited} if invited else ""
    return _step(request, route, form, lambda d: services.route_set_meeting(
        route=route, date=d["date"], start=d["start"], end=d["end"], place=d["place"],
        base_url=request.build_absolute_uri("/")),
        title=_("The decision meeting"), success=_("The decision meeting has been set."),
        intro=intro)


@login_required
def meeting_cancel(request, pk):
    route = _route(request, pk)
    if request.method == "POST":
        try:
            told = services.route_cancel_meeting(route=route)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, ngettext(
                "The decision meeting has been cancelled; one invitee has been told.",
                "The decision meeting has been cancelled; %(count)s invitees have been told.",
                told) % {"count": told})
        return redirect(route)
    return render(request, "nieuweroute/meeting_cancel.html", {
        "route": route, "invited": route.invitations.count()})


@login_required
def kader_add(request, pk):
    route = _route(request, pk)
    form = KaderForm(request.POST or None, route=route)
    return _step(request, route, form, lambda d: services.kader_add(
        route=route, number=d["number"], organisation=d["organisation"], text=d["text"],
        explanation=d["explanation"], sub_points=d["sub_points"].splitlines(), by=request.user),
        title=_("Add a kader"), success=_("The kader has been added as a concept."))


@login_required
def kader_edit(request, pk, kader_pk):
    route = _route(request, pk)
    kader = get_object_or_404(Kader.objects.filter(route=route), pk=kader_pk)
    initial = {"number": kader.number, "text": kader.text, "explanation": kader.explanation,
               "sub_points": "\n".join(p.text for p in kader.sub_points.all())}
    form = KaderForm(request.POST or None, route=route, editing=True, initial=initial)
    if kader.is_fixed and request.method != "POST":
        form.add_error(None, _("Kader %(number)s is fixed and can no longer change.")
                       % {"number": kader.number})
    return _step(request, route, form, lambda d: services.kader_update(
        kader=kader, number=d["number"], text=d["text"], explanation=d["explanation"],
        sub_points=d["sub_points"].splitlines(), by=request.user),
        title=_("Edit kader %(number)s") % {"number": kader.number},
        success=_("The kader has been changed."))


@login_required
@require_POST
def kader_fix(request, pk, kader_pk):
    route = _route(request, pk)
    kader = get_object_or_404(Kader.objects.filter(route=route), pk=kader_pk)
    try:
        services.kader_fix(kader=kader, by=request.user)
        messages.success(request, _("Kader %(number)s is now fixed.") % {"number": kader.number})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(route)


@login_required
def conversation_add(request, pk):
    route = _route(request, pk)
    form = ConversationForm(request.POST or None, route=route,
                            initial={"held_on": timezone.localdate(),
                                     "participant": request.GET.get("participant")})
    return _step(request, route, form, lambda d: services.conversation_record(
        route=route, participant=d["participant"], held_on=d["held_on"], held_by=request.user,
        setting=d["setting"], suggestions=d["suggestions"],
        information_needs=d["information_needs"], decision_needs=d["decision_needs"],
        confirmed_email=d["confirmed_email"], language=d["language"], notes=d["notes"]),
        title=_("Record a preparatory conversation"),
        success=_("The conversation has been recorded."))


@login_required
@require_POST
def suggestion_accept(request, pk, suggestion_pk):
    route = _route(request, pk)
    suggestion = get_object_or_404(route.suggestions.select_related("conversation__participant"),
                                   pk=suggestion_pk)
    try:
        participant = services.suggestion_accept(suggestion=suggestion)
        messages.success(request, _("%(name)s is now a participant of the route.")
                         % {"name": participant.name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(route)


@login_required
def information_answer(request, pk, request_pk):
    route = _route(request, pk)
    info = get_object_or_404(InformationRequest.objects.filter(route=route), pk=request_pk)
    form = AnswerForm(request.POST or None, route=route, initial={
        "answer": info.answer, "answered_on": info.answered_on or timezone.localdate(),
        "informant_person": info.informant_person_id,
        "informant_organisation": info.informant_organisation_id})
    return _step(request, route, form, lambda d: services.information_request_answer(
        request=info, answer=d["answer"], answered_on=d["answered_on"],
        informant_person=d["informant_person"],
        informant_organisation=d["informant_organisation"]),
        title=_("Answer an information request"), intro=info.question,
        success=_("The answer has been saved for the information pack."))


@login_required
def invite(request, pk):
    route = _route(request, pk)
    form = InviteForm(request.POST or None,
                      participants=selectors.uninvited_spoken_to(route))
    base_url = request.build_absolute_uri("/")
    return _step(request, route, form, lambda d: services.invitations_send(
        route=route, participants=d["participants"], base_url=base_url),
        title=_("Invite to the decision meeting"),
        success=_("The invitations have been sent."))


@login_required
def people(request, pk):
    """Find people of the route's neighbourhood, or add someone new there, onto the route."""
    route = _route(request, pk)
    find = RoutePeopleForm(request.POST or request.GET or None, route=route)
    new = NewParticipantForm(request.POST if request.POST.get("action") == "new" else None,
                             prefix="nieuw")
    if request.method == "POST":
        if request.POST.get("action") == "new":
            if new.is_valid():
                person, ok = _apply(new, lambda: services.route_person_register(
                    route=route, **new.cleaned_data))
                if ok:
                    messages.success(request, _("%(name)s has been added to the route. Record "
                                                "the preparatory conversation now.")
                                     % {"name": person.name})
                    return redirect(reverse("nieuweroute:conversation_add", args=[route.pk])
                                    + f"?participant={person.pk}")
        elif find.is_valid() and find.cleaned_data["add"]:
            added = services.route_participants_add(route=route,
                                                    participants=find.cleaned_data["add"])
            messages.success(request, ngettext(
                "%(count)s person has been added to the route.",
                "%(count)s people have been added to the route.", len(added))
                % {"count": len(added)})
            return redirect(route)
        elif find.is_valid():
            find.add_error("add", _("Tick the people to add to the route."))
    return render(request, "nieuweroute/people.html", {
        "route": route, "find": find, "new": new, "found": find.found(),
    })


@login_required
@require_POST
def invitation_resend(request, pk, invitation_pk):
    route = _route(request, pk)
    invitation = get_object_or_404(Invitation.objects.filter(route=route), pk=invitation_pk)
    try:
        services.invitation_resend(invitation=invitation,
                                   base_url=request.build_absolute_uri("/"))
        messages.success(request, _("The invitation has been sent again to %(name)s.")
                         % {"name": invitation.participant.name})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(route)


@login_required
@require_POST
def attendance(request, pk, invitation_pk):
    route = _route(request, pk)
    invitation = get_object_or_404(Invitation.objects.filter(route=route).select_related("route"),
                                   pk=invitation_pk)
    attended = request.POST.get("attended")
    if attended not in ("yes", "no"):
        messages.error(request, _("Choose whether the participant attended."))
        return redirect(route)
    try:
        services.invitation_record_attendance(invitation=invitation, attended=attended == "yes")
        messages.success(request, _("Attendance has been recorded."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(route)


@login_required
def plan_add(request, pk):
    route = _route(request, pk)
    form = PlanForm(request.POST or None, initial={"decided_on": route.meeting_date})

    def call(d):
        return services.plan_record(route=route, decided_on=d["decided_on"], summary=d["summary"],
                                    at_continuation=d["at_continuation"], by=request.user)

    if request.method == "POST" and form.is_valid():
        plan, ok = _apply(form, lambda: call(form.cleaned_data))
        if ok:
            messages.success(request, _("The plan has been recorded."))
            return redirect(plan)
    return render(request, "nieuweroute/step_form.html", {
        "route": route, "form": form, "title": _("Record the plan"),
        "back": route.get_absolute_url()})


def _plan(request, pk, plan_pk):
    route = _route(request, pk)
    plan = get_object_or_404(PlanVersion.objects.filter(route=route), pk=plan_pk)
    plan.route = route
    return route, plan


@login_required
def plan_detail(request, pk, plan_pk):
    # Queries: session, user, route, plan, kaders, sub-points, checks, items, sendings.
    route = _route(request, pk, progress=True)
    plan = get_object_or_404(PlanVersion.objects.filter(route=route), pk=plan_pk)
    plan.route = route
    page = selectors.plan_page(plan)
    steps = plan_steps(plan, user=request.user, facts=plan_page_facts(plan, page),
                       may_change=True)
    return render(request, "nieuweroute/plan_detail.html", {
        "route": route, "plan": plan, **page, "steps": steps, "page_steps": list(steps.values()),
        "item_form": PlanItemForm(route=route), "check_form": KaderCheckForm(
            route=route, initial={"checked_on": timezone.localdate()}),
        "send_back_form": SendBackForm(),
    })


def plan_page_facts(plan, page) -> PlanFacts:
    """The plan's facts from the rows its page loaded (its route with progress)."""
    if plan.is_accepted:
        return PlanFacts.sending(services.plan_recipients(plan.route),
                                 {sending.participant_id for sending in page["sendings"]})
    return PlanFacts.checked([kader for kader, _check in page["check_rows"]],
                             {check.kader_id: check for _kader, check in page["check_rows"]
                              if check is not None},
                             attendance=plan.route.attendance_recorded)


@login_required
def plan_item_add(request, pk, plan_pk):
    route, plan = _plan(request, pk, plan_pk)
    form = PlanItemForm(request.POST or None, route=route)
    return _step(request, route, form, lambda d: services.plan_item_add(
        plan=plan, what=d["what"], who_participant=d["who_participant"],
        who_organisation=d["who_organisation"], due_on=d["due_on"]),
        title=_("Add an agreement"), success=_("The agreement has been added."),
        back=plan.get_absolute_url())


def _item(request, pk, plan_pk, item_pk):
    route, plan = _plan(request, pk, plan_pk)
    item = get_object_or_404(PlanItem.objects.filter(plan=plan), pk=item_pk)
    return route, plan, item


@login_required
def plan_item_edit(request, pk, plan_pk, item_pk):
    route, plan, item = _item(request, pk, plan_pk, item_pk)
    form = PlanItemForm.for_change(request.POST or None, route=route, initial={
        "what": item.what, "who_participant": item.who_participant_id,
        "who_organisation": item.who_organisation_id, "due_on": item.due_on})
    return _step(request, route, form, lambda d: services.plan_item_update(
        item=item, what=d["what"], who_participant=d["who_participant"],
        who_organisation=d["who_organisation"], due_on=d["due_on"]),
        title=_("Change an agreement"), success=_("The agreement has been changed."),
        back=plan.get_absolute_url())


@login_required
@require_POST
def plan_item_remove(request, pk, plan_pk, item_pk):
    _route_, plan, item = _item(request, pk, plan_pk, item_pk)
    try:
        services.plan_item_remove(item=item)
        messages.success(request, _("The agreement has been removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(plan)


@login_required
def kader_check(request, pk, plan_pk):
    route, plan = _plan(request, pk, plan_pk)
    form = KaderCheckForm(request.POST or None, route=route,
                          initial={"checked_on": timezone.localdate()})
    return _step(request, route, form, lambda d: services.kader_check_record(
        plan=plan, kader=d["kader"], meets=d["meets"], explanation=d["explanation"],
        checked_on=d["checked_on"], by=request.user),
        title=_("Check the plan against a kader"), success=_("The check has been saved."),
        back=plan.get_absolute_url())


@login_required
@require_POST
def plan_accept(request, pk, plan_pk):
    route, plan = _plan(request, pk, plan_pk)
    try:
        services.plan_accept(plan=plan, by=request.user)
        messages.success(request, _("The plan meets every kader and has been accepted."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(plan)


@login_required
def plan_send_back(request, pk, plan_pk):
    route, plan = _plan(request, pk, plan_pk)
    form = SendBackForm(request.POST or None)
    return _step(request, route, form, lambda d: services.plan_send_back(
        plan=plan, by=request.user, note=d["note"]),
        title=_("Send the plan back"), success=_("The plan has been sent back."),
        back=plan.get_absolute_url())


@login_required
@require_POST
def plan_send(request, pk, plan_pk):
    route, plan = _plan(request, pk, plan_pk)
    try:
        sendings = services.plan_send(plan=plan)
        messages.success(request, _("The plan has been sent to %(count)s participants.")
                         % {"count": len(sendings)})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(plan)


@login_required
def information_pack(request, pk):
    route = _route(request, pk)
    return render(request, "nieuweroute/information_pack.html", {
        "route": route, "requests": selectors.information_pack(route),
        "kader_groups": selectors.kaders_by_organisation(
            [k for k in selectors.kaders_of(route) if k.is_fixed]),
    })


# --- public: answering the invitation -------------------------------------------------------

ANSWERS = {"ja": True, "nee": False}


def _link_problem(request, error):
    return render(request, "nieuweroute/invitation_problem.html",
                  {"reason": error.reason, "invitation": error.invitation},
                  status=404 if error.reason == "forged" else 410)


def invitation_answer(request, token, answer=None):
    """GET shows the question (mail scanners follow links; they must not answer). POST answers."""
    if answer is not None and answer not in ANSWERS:
        return _link_problem(request, services.InvitationLinkError("forged"))
    try:
        if request.method == "POST":
            choice = request.POST.get("answer")
            if choice not in ANSWERS:
                invitation = services.invitation_for_token(token)
                return render(request, "nieuweroute/invitation_answer.html", {
                    "invitation": invitation, "route": invitation.route, "answer": answer,
                    "error": _("Choose yes or no.")}, status=400)
            invitation = services.invitation_respond(token=token, attending=ANSWERS[choice])
            return render(request, "nieuweroute/invitation_thanks.html",
                          {"invitation": invitation, "route": invitation.route})
        invitation = services.invitation_for_token(token)
    except services.InvitationLinkError as error:
        return _link_problem(request, error)
    return render(request, "nieuweroute/invitation_answer.html",
                  {"invitation": invitation, "route": invitation.route, "answer": answer})
