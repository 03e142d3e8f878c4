"""The public pages: thin views that parse a form, call a service, and render."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.views import View
from django.views.decorators.cache import cache_control, never_cache

from core.ratelimit import limit_public_posts
from initiatives import hooks, selectors, services
from initiatives.filters import InitiativeFilter
from initiatives.forms import AttendForm, IdeaForm, KeepInformedForm, QuestionForm, SignUpForm
from initiatives.models import SignUpKind
from wei import residents
from wei import selectors as wei_selectors

PAGE_SIZE = 20


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _check_your_mail(request, kind):
    # The same answer whatever happened behind it: known address, unknown, or a bot.
    return render(request, "initiatives/check_your_mail.html", {"kind": kind})


def initiative_list(request):
    filterset = InitiativeFilter(request.GET,
                                 queryset=selectors.public_initiatives())
    queryset = filterset.qs if filterset.is_valid() else selectors.public_initiatives().none()
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "initiatives/initiative_list.html", {
        "filter": filterset, "page": page, "query": query.urlencode(),
    })


def initiative_detail(request, slug):
    initiative = get_object_or_404(selectors.public_initiative_for_page(), slug=slug)
    today = timezone.localdate()
    # Its own public activities; without any, what is planned in its neighbourhood.
    activities = selectors.upcoming_public_activities(
        today=today, activities=initiative.activities.all(), limit=5)
    own_activities = bool(activities)
    if not activities:
        activities = selectors.upcoming_public_activities(
            today=today, neighbourhood=initiative.neighbourhood_id, limit=3)
    return render(request, "initiatives/initiative_detail.html", {
        "initiative": initiative,
        "reflection": selectors.latest_public_reflection(initiative),
        "activities": activities,
        "own_activities": own_activities,
    })


def neighbourhood_list(request):
    return render(request, "initiatives/neighbourhood_list.html", {
        "neighbourhoods": wei_selectors.neighbourhoods_for_residents(),
    })


@limit_public_posts("signup")
@cache_control(private=True)  # each visitor a token of their own (core.submissions)
def initiative_signup(request, slug):
    initiative = get_object_or_404(selectors.public_initiatives(), slug=slug)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_bot:
        return _check_your_mail(request, SignUpKind.JOIN)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.signup_submit(
            kind=SignUpKind.JOIN, initiative=initiative, neighbourhood=initiative.neighbourhood,
            name=data["name"], email=data["email"], phone=data["phone"],
            postcode=data["postcode"], contribution=data["contribution"],
            message=data["message"], language=get_language(), base_url=_base_url(request),
            submission=data["submission"],
        )
        return _check_your_mail(request, SignUpKind.JOIN)
    return render(request, "initiatives/signup_form.html",
                  {"form": form, "initiative": initiative})


@limit_public_posts("question")
@cache_control(private=True)  # each visitor a token of their own (core.submissions)
def initiative_question(request, slug):
    initiative = get_object_or_404(selectors.public_initiatives(), slug=slug)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_bot:
        return _check_your_mail(request, SignUpKind.QUESTION)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.question_submit(
            initiative=initiative, name=data["name"], email=data["email"],
            question=data["question"], language=get_language(), base_url=_base_url(request),
            submission=data["submission"],
        )
        return _check_your_mail(request, SignUpKind.QUESTION)
    return render(request, "initiatives/question_form.html",
                  {"form": form, "initiative": initiative})


@limit_public_posts("keep_informed")
@cache_control(private=True)  # each visitor a token of their own (core.submissions)
def neighbourhood_detail(request, slug):
    neighbourhood = wei_selectors.describe_for_residents(get_object_or_404(
        wei_selectors.with_process_status(selectors.neighbourhoods()), slug=slug))
    form = KeepInformedForm(request.POST or None)
    if request.method == "POST" and form.is_bot:
        return _check_your_mail(request, SignUpKind.KEEP_INFORMED)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.signup_submit(
            kind=SignUpKind.KEEP_INFORMED, neighbourhood=neighbourhood, name=data["name"],
            email=data["email"], postcode=data["postcode"], language=get_language(),
            base_url=_base_url(request), submission=data["submission"],
        )
        return _check_your_mail(request, SignUpKind.KEEP_INFORMED)
    return render(request, "initiatives/neighbourhood_detail.html", {
        "neighbourhood": neighbourhood, "form": form,
        "initiatives": selectors.public_initiatives().filter(neighbourhood=neighbourhood),
        "activities": selectors.upcoming_public_activities(
            today=timezone.localdate(), neighbourhood=neighbourhood, limit=10),
        "stories": selectors.latest_public_stories(neighbourhood),
        "reports": list(hooks.published_reports(neighbourhood)),
        "chances": residents.CHANCES,
    })


@limit_public_posts("attend")
@cache_control(private=True)  # each visitor a token of their own (core.submissions)
def activity_attend(request, pk):
    """ "Ik kom": a resident says they come to a public activity, confirmed by e-mail."""
    activity = get_object_or_404(
        selectors.activities_taking_sign_ups(timezone.localdate())
        .select_related("process__neighbourhood"), pk=pk)
    form = AttendForm(request.POST or None)
    if request.method == "POST" and form.is_bot:
        return _check_your_mail(request, SignUpKind.ATTEND)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.signup_submit(
            kind=SignUpKind.ATTEND, activity=activity,
            neighbourhood=activity.process.neighbourhood, name=data["name"],
            email=data["email"], postcode=data["postcode"], language=get_language(),
            base_url=_base_url(request), submission=data["submission"],
        )
        return _check_your_mail(request, SignUpKind.ATTEND)
    return render(request, "initiatives/attend_form.html", {"form": form, "activity": activity})


@limit_public_posts("idea")
@cache_control(private=True)  # each visitor a token of their own (core.submissions)
def idea_propose(request):
    form = IdeaForm(request.POST or None)
    if request.method == "POST" and form.is_bot:
        return _check_your_mail(request, SignUpKind.IDEA)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.signup_submit(
            kind=SignUpKind.IDEA, neighbourhood=data["neighbourhood"], name=data["name"],
            email=data["email"], postcode=data["postcode"], idea_title=data["idea_title"],
            message=data["message"], language=get_language(), base_url=_base_url(request),
            submission=data["submission"],
        )
        return _check_your_mail(request, SignUpKind.IDEA)
    return render(request, "initiatives/idea_form.html", {"form": form})


def _bad_link(request, reason, kind=""):
    return render(request, "initiatives/bad_link.html", {"reason": reason, "kind": kind},
                  status=400)


@method_decorator(never_cache, name="dispatch")
class ConfirmView(View):
    """GET shows a button, POST confirms: a link scanner in a mail client only GETs."""

    def get(self, request, token):
        try:
            signup = services.signup_for_confirm_token(token)
        except services.TokenError as error:
            return _bad_link(request, error.reason, error.kind)
        return render(request, "initiatives/confirm.html", {"signup": signup})

    def post(self, request, token):
        try:
            signup = services.signup_confirm(token=token, base_url=_base_url(request))
        except services.TokenError as error:
            return _bad_link(request, error.reason, error.kind)
        except ValidationError as error:
            return render(request, "initiatives/bad_link.html",
                          {"reason": "refused", "errors": error.messages}, status=409)
        return render(request, "initiatives/confirmed.html", {"signup": signup})


@method_decorator(never_cache, name="dispatch")
class WithdrawView(View):
    """GET asks, POST withdraws, so that link scanners withdraw nobody."""

    def get(self, request, token):
        try:
            signup = services.signup_for_withdraw_token(token)
        except services.TokenError as error:
            return _bad_link(request, error.reason, error.kind)
        if signup.withdrawn_at:
            return _bad_link(request, "withdrawn")
        return render(request, "initiatives/withdraw.html", {"signup": signup})

    def post(self, request, token):
        try:
            signup = services.signup_withdraw(token=token, base_url=_base_url(request))
        except services.TokenError as error:
            return _bad_link(request, error.reason, error.kind)
        return render(request, "initiatives/withdrawn.html", {"signup": signup})
