"""Hostile input against every public form.

Whatever is typed or sent, the answer is a normal page or a validation error in
Dutch, never a server error; invalid input stores nothing; what is stored is shown
escaped afterwards, on the public pages and in the admin.
"""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from initiatives.models import Initiative, SignUp
from participants.models import Participant
from tests.initiatives.conftest import links_in
from tests.initiatives.factories import InitiativeFactory
from tests.security.conftest import enrol, log_in

pytestmark = pytest.mark.django_db

ADMIN = "/" + settings.ADMIN_URL

PAYLOADS = {
    "script": "<script>alert('x')</script>",
    "html": '<img src=x onerror="alert(1)"><b>vet</b>',
    "attribute": '" autofocus onfocus="alert(1)" x="',
    "sql": "'; DROP TABLE initiatives_signup; --",
    "sql_union": "' OR '1'='1' UNION SELECT password FROM auth_user --",
    "template": "{{ settings.SECRET_KEY }} {% debug %}",
    "null_byte": "Anja\x00Jansen",
    "ten_thousand": "A" * 10_000,
    "rtl_override": "\u202eAnja\u202c Jansen",
    "zero_width": "An\u200bja\u200d Jan\ufeffsen",
    "emoji": "Anja 👩🏽‍🌾🌻",
    "combining": "Z\u0335\u0321a\u0336l\u0338g\u0337o",
    "header_injection": "Anja\r\nBcc: iedereen@example.org",
    "only_spaces": " \t ",
}
MARKUP = {"script", "html", "attribute", "template"}

MALFORMED_EMAILS = [
    "geen-adres", "anja@", "@example.nl", "anja@@example.nl", "anja@example..nl",
    "anja jansen@example.nl", "anja@example.nl\nBcc: x@example.org", "<script>@example.nl",
    "anja@example.nl, bert@example.nl", "a" * 250 + "@example.nl", "anja@-example.nl",
    "\x00@example.nl",
]

# English that would mean an untranslated message slipped through.
ENGLISH = ("This field", "Enter a", "Ensure this", "Null characters", "Select a valid",
           "is required", "Please")
ERROR = re.compile(r'<span id="error_\d+_id_\w+"[^>]*>\s*<strong>(.*?)</strong>', re.S)

FIELDS = {
    "signup": ["name", "email", "phone", "postcode", "contribution", "message"],
    "keep_informed": ["name", "email", "postcode"],
    "idea": ["idea_title", "message", "name", "email", "postcode"],
}


@pytest.fixture
def initiative():
    return InitiativeFactory(title="Buurtmoestuin De Kansel")


@pytest.fixture
def forms(initiative):
    contact = {"name": "Anja Jansen", "email": "anja@example.nl", "consent": "on"}
    return {
        "signup": (reverse("initiatives:signup", args=[initiative.slug]),
                   {**contact, "postcode": "7941 AB", "message": "Ik help graag."}),
        "keep_informed": (reverse("initiatives:neighbourhood",
                                  args=[initiative.neighbourhood.slug]),
                          {**contact, "postcode": "7941 AB"}),
        "idea": (reverse("initiatives:idea"),
                 {**contact, "neighbourhood": str(initiative.neighbourhood.pk),
                  "idea_title": "Een bankje", "message": "Bij de vijver."}),
    }


def answer(response) -> tuple[str, list[str]]:
    """The page, and the validation errors on it; fails on a server error."""
    assert response.status_code < 500, response.status_code
    html = response.content.decode()
    assert "<main" in html, "not a normal page"
    errors = [re.sub(r"<[^>]+>", "", error).strip() for error in ERROR.findall(html)]
    for error in errors:
        assert not any(word in error for word in ENGLISH), f"English error: {error!r}"
    return html, errors


def assert_not_raw(html: str, payload: str):
    if any(char in payload for char in "<>\"'"):
        assert payload not in html, "shown unescaped"


@pytest.mark.parametrize("form", FIELDS)
@pytest.mark.parametrize("name", PAYLOADS)
def test_hostile_text_in_every_field(client, forms, form, name):
    url, valid = forms[form]
    payload = PAYLOADS[name]
    for field in FIELDS[form]:
        SignUp.objects.all().delete()
        mail.outbox.clear()
        response = client.post(url, {**valid, field: payload})
        html, errors = answer(response)
        assert_not_raw(html, payload)
        if errors:
            assert response.status_code == 200
            assert not SignUp.objects.exists() and not mail.outbox, (field, name)
        else:
            assert "Controleer je mailbox" in html, (field, name)
            stored = SignUp.objects.get()
            assert "\x00" not in getattr(stored, field)
            # Nothing else in the page echoes it unescaped, and the mail went out.
            assert len(mail.outbox) == 1
            assert "\n" not in mail.outbox[0].subject and "\r" not in mail.outbox[0].subject


@pytest.mark.parametrize("form", FIELDS)
def test_too_long_fields_get_a_dutch_error(client, forms, form):
    url, valid = forms[form]
    for field in FIELDS[form]:
        html, errors = answer(client.post(url, {**valid, field: "A" * 10_000}))
        assert any("niet meer dan" in error or "Vul" in error or "geldig" in error
                   for error in errors), (field, errors)
        assert not SignUp.objects.exists()


@pytest.mark.parametrize("form", FIELDS)
def test_null_bytes_are_refused_in_dutch(client, forms, form):
    url, valid = forms[form]
    html, errors = answer(client.post(url, {**valid, "name": "Anja\x00Jansen"}))
    assert "Null-tekens zijn niet toegestaan." in errors
    assert not SignUp.objects.exists()


@pytest.mark.parametrize("form", FIELDS)
@pytest.mark.parametrize("email", MALFORMED_EMAILS)
def test_malformed_email_addresses(client, forms, form, email):
    url, valid = forms[form]
    html, errors = answer(client.post(url, {**valid, "email": email}))
    assert errors, email
    assert any("e-mailadres" in error or "tekens" in error or "Null" in error
               for error in errors), errors
    assert not SignUp.objects.exists() and not mail.outbox
    assert_not_raw(html, email)


@pytest.mark.parametrize("form", FIELDS)
def test_missing_fields(client, forms, form):
    url, _valid = forms[form]
    # An empty post is an unfilled form: the page again, nothing stored.
    html, errors = answer(client.post(url, {}))
    assert errors == [] and "<form" in html
    html, errors = answer(client.post(url, {"iets": "anders"}))
    assert "Dit veld is verplicht." in errors
    assert any("toestemming" in error for error in errors)
    assert len(errors) >= 3
    assert not SignUp.objects.exists()
    # One field at a time, too.
    for field in ("name", "email", "consent"):
        _url, valid = forms[form]
        data = {k: v for k, v in valid.items() if k != field}
        html, errors = answer(client.post(url, data))
        assert errors, field
        assert not SignUp.objects.exists()


def test_extra_fields_are_ignored(client, forms, initiative):
    other = InitiativeFactory()
    url, valid = forms["signup"]
    response = client.post(url, {
        **valid, "initiative": other.pk, "kind": "idea", "confirmed_at": "2020-01-01",
        "participant": "1", "token_hash": "x" * 64, "is_staff": "1", "id": "99999",
        "privacy_version": "0", "csrfmiddlewaretoken_extra": "x",
    })
    answer(response)
    signup = SignUp.objects.get()
    assert signup.initiative == initiative and signup.kind == "join"
    assert signup.confirmed_at is None and signup.participant is None
    assert signup.pk != 99999 and signup.token_hash != "x" * 64


@pytest.mark.parametrize("form", FIELDS)
def test_a_second_value_for_a_field_does_not_break_the_form(client, forms, form):
    url, valid = forms[form]
    response = client.post(url, {**valid, "name": ["Anja", "<script>x</script>"]})
    html, _errors = answer(response)
    assert "<script>x</script>" not in html


@pytest.mark.parametrize("form", FIELDS)
@pytest.mark.parametrize("method", ["put", "patch", "delete", "options", "head"])
def test_other_methods(client, forms, form, method):
    url, valid = forms[form]
    response = getattr(client, method)(url, valid)
    assert response.status_code < 500
    assert not SignUp.objects.exists() and not mail.outbox


def test_hostile_honeypot_is_answered_as_usual(client, forms):
    url, valid = forms["signup"]
    html, _errors = answer(client.post(url, {**valid, "website": PAYLOADS["script"]}))
    assert "Controleer je mailbox" in html and PAYLOADS["script"] not in html
    assert not SignUp.objects.exists()


def test_a_non_numeric_or_unknown_neighbourhood_for_an_idea(client, forms):
    url, valid = forms["idea"]
    for value in ("abc", "-1", "99999999999999999999999", "1 OR 1=1", "1; DROP TABLE x"):
        html, errors = answer(client.post(url, {**valid, "neighbourhood": value}))
        assert any("geldige keuze" in error for error in errors), (value, errors)
    assert not SignUp.objects.exists()


HOSTILE_TOKENS = [
    "<script>alert(1)</script>", "' OR '1'='1", "x\x00y", "A" * 10_000, "\u202eabc",
    "👩🏽‍🌾", "Z\u0335a\u0336", "..%2F..%2Fetc%2Fpasswd", "%00", "a:b:c:d", "null", "0",
]


@pytest.mark.parametrize("token", HOSTILE_TOKENS)
def test_hostile_tokens_on_the_confirm_and_withdraw_pages(client, token):
    for prefix in ("/bevestigen/", "/afmelden/"):
        url = f"{prefix}{quote(token, safe='')}/"
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (400, 404), (url, method)
            if response.status_code == 400:
                html, _errors = answer(response)
                assert "Deze link is niet geldig" in html
                assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("token", HOSTILE_TOKENS)
def test_hostile_tokens_on_the_invitation_answer_pages(client, token):
    quoted = quote(token, safe="")
    for url in (f"/nieuwe-route/uitnodiging/{quoted}/",
                f"/nieuwe-route/uitnodiging/{quoted}/ja/",
                f"/nieuwe-route/uitnodiging/abc/{quoted}/"):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"answer": token} if method == "post" else {})
            assert response.status_code in (400, 404, 410), (url, method)
            assert b"<script>alert(1)</script>" not in response.content


def test_a_valid_invitation_with_a_hostile_answer(client, invitation_link):
    link = invitation_link
    for value in ("<script>alert(1)</script>", "ja' OR '1'='1", "\x00", "A" * 10_000, ""):
        response = client.post(link, {"answer": value})
        html, _errors = answer(response)
        assert response.status_code == 400
        assert "Kies ja of nee." in html
        assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("name", PAYLOADS)
def test_hostile_login_input(client, settings, manager, name):
    settings.AXES_FAILURE_LIMIT = 1000
    payload = PAYLOADS[name]
    for data in ({"username": payload, "password": payload},
                 {"username": "petra", "password": payload},
                 {"username": payload},
                 {}):
        response = client.post(reverse("login"), data)
        html = response.content.decode()
        assert response.status_code == 200, data
        assert not client.get("/").context["user"].is_authenticated
        assert_not_raw(html, payload)
        assert "Voer een juiste gebruikersnaam" in html or "verplicht" in html \
            or "Null-tekens" in html or "niet meer dan" in html, html[:200]


def test_hostile_headers_on_a_failed_login(manager, settings):
    # The lockout records the user agent and Accept header; long ones must not break it.
    client = Client(HTTP_USER_AGENT="<script>" + "U" * 10_000,
                    HTTP_ACCEPT="text/html," + "a" * 10_000,
                    HTTP_X_FORWARDED_FOR="<script>, ' OR 1=1")
    settings.TRUSTED_PROXY_COUNT = 1
    response = log_in(client, "petra", "fout")
    assert response.status_code == 200
    assert log_in(client, "petra").status_code == 302


@pytest.mark.parametrize("name", PAYLOADS)
def test_hostile_code_on_the_second_step(client, manager, required, name):
    required.AXES_FAILURE_LIMIT = 1000
    enrol(manager)
    log_in(client, "petra")
    response = client.post("/inloggen/code/", {"otp_token": PAYLOADS[name]})
    html, errors = answer(response)
    assert response.status_code in (200, 429)
    assert_not_raw(html, PAYLOADS[name])
    assert not client.get("/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize("language", [
    "xx", "<script>", "' OR 1=1", "nl\x00", "A" * 10_000, "\u202enl", "👩🏽‍🌾", "",
])
@pytest.mark.parametrize("next_url", [
    "https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\x00",
    "/" + "a" * 10_000, "\u202e/", "/?q=<script>alert(1)</script>",
])
def test_hostile_language_switch(client, language, next_url):
    response = client.post("/i18n/setlang/", {"language": language, "next": next_url})
    assert response.status_code in (200, 302, 400)
    location = response.headers.get("Location", "")
    assert not location.startswith(("http", "//", "javascript")), location
    assert answer(client.get("/"))


def test_stored_hostile_text_is_shown_escaped_on_public_pages_and_in_the_admin(
    client, admin_client, forms, initiative
):
    script = PAYLOADS["script"]
    attribute = PAYLOADS["attribute"]
    url, valid = forms["signup"]
    client.post(url, {**valid, "name": f"Eve {script}", "message": attribute,
                      "contribution": PAYLOADS["html"]})
    signup = SignUp.objects.get()
    assert signup.name == f"Eve {script}"
    links = links_in(mail.outbox[0])

    confirm_page = client.get(links["confirm"]).content.decode()
    assert escape(f"Eve {script}") in confirm_page and script not in confirm_page
    client.post(links["confirm"])
    participant = Participant.objects.get()

    pages = [
        reverse("admin:initiatives_signup_changelist"),
        reverse("admin:initiatives_signup_change", args=[signup.pk]),
        reverse("admin:participants_participant_changelist"),
        reverse("admin:participants_participant_change", args=[participant.pk]),
        reverse("dashboard:participants"),
    ]
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        for payload in (script, attribute, PAYLOADS["html"]):
            assert payload not in html, (page, payload)
        assert "&lt;script&gt;" in html, page


def test_a_hostile_idea_is_escaped_once_it_becomes_an_initiative(client, admin_client, forms):
    url, valid = forms["idea"]
    title = "<script>alert('x')</script> 🌻"
    client.post(url, {**valid, "idea_title": title, "message": PAYLOADS["html"]})
    client.post(links_in(mail.outbox[0])["confirm"])
    initiative = Initiative.objects.get(title=title)
    for page in (reverse("admin:initiatives_initiative_changelist"),
                 reverse("admin:initiatives_initiative_change", args=[initiative.pk])):
        html = admin_client.get(page).content.decode()
        assert title not in html and PAYLOADS["html"] not in html
        assert escape(title) in html
