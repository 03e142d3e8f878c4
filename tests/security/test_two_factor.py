"""Two-factor login: a password alone opens nothing when TWO_FACTOR_REQUIRED is on."""

import re
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.two_factor import services
from tests.security.conftest import PASSWORD, code_for, enrol, log_in
from wei.roles import FACILITATOR, PROCESS_MANAGER, STEERING_MEMBER

pytestmark = pytest.mark.django_db

ADMIN = "/" + settings.ADMIN_URL
DASHBOARD = "/dashboard/"
SETUP = "/account/tweestapsverificatie/"
TOKEN = "/inloggen/code/"


def secret_on(page) -> str:
    return re.search(r'class="two-factor-secret"[^>]*>([A-Z2-7 ]+)<', page).group(1)


def test_demo_mode_logs_in_with_the_password_alone(client, manager, settings):
    settings.TWO_FACTOR_REQUIRED = False
    response = log_in(client, "petra")
    assert response.status_code == 302 and response.url == DASHBOARD  # where her work is
    assert client.get(DASHBOARD).status_code == 200


def test_required_password_alone_opens_neither_dashboard_nor_admin(client, superuser, required):
    response = log_in(client, "beheerder")
    assert response.status_code == 302
    assert response.url.startswith(SETUP)
    for url in (DASHBOARD, ADMIN, f"{ADMIN}initiatives/signup/", "/nieuwe-route/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(SETUP), url
    # A logged-in account still without its second step reaches no public page either.
    assert client.get("/initiatieven/").status_code == 302


def test_enrolment_with_the_app_then_dashboard_and_admin_open(client, superuser, required):
    log_in(client, "beheerder")
    # The first app needs a one-time enrolment link (issued here as `reset_two_factor` does).
    client.get(urlsplit(services.issue_enrolment_link(user=superuser)).path)
    page = client.get(f"{SETUP}?next={DASHBOARD}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Tweestapsverificatie instellen" in html
    assert "<svg" in html  # the QR code, in the page itself
    device = TOTPDevice.objects.get(user=superuser, confirmed=False)
    assert secret_on(html).replace(" ", "") in device.config_url

    wrong = client.post(SETUP, {"otp_token": "000000", "next": DASHBOARD})
    assert "Deze code klopt niet" in wrong.content.decode()
    assert not services.has_device(superuser)

    done = client.post(SETUP, {"otp_token": code_for(device), "next": DASHBOARD})
    html = done.content.decode()
    assert "Uw reservecodes" in html
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(codes) == 10
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(codes)
    assert "no-cache" in done["Cache-Control"]  # the codes are never kept in a cache

    assert client.get(DASHBOARD).status_code == 200
    assert client.get(ADMIN).status_code == 200
    # The set-up page now shows the state instead of a new secret.
    assert "10 ongebruikte reservecodes" in client.get(SETUP).content.decode()


def test_enrolled_account_is_asked_for_its_code(client, manager, required):
    device = enrol(manager)
    response = log_in(client, "petra", next=DASHBOARD)
    assert response.status_code == 302 and response.url == TOKEN
    # Not logged in between the two steps.
    assert client.get(DASHBOARD).url.startswith(reverse("login"))

    wrong = client.post(TOKEN, {"otp_token": "123456"})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()

    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows down after a wrong code
    device.save()
    response = client.post(TOKEN, {"otp_token": code_for(device)})
    assert response.status_code == 302 and response.url == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_the_same_app_code_works_once(client, manager, required):
    device = enrol(manager)
    code = code_for(device)
    log_in(client, "petra")
    assert client.post(TOKEN, {"otp_token": code}).status_code == 302
    client.post(reverse("logout"))
    log_in(client, "petra")
    response = client.post(TOKEN, {"otp_token": code})
    assert response.status_code == 200 and "Deze code klopt niet" in response.content.decode()


def test_enrolled_account_needs_its_code_in_demo_mode_too(client, manager, settings):
    settings.TWO_FACTOR_REQUIRED = False
    enrol(manager)
    assert log_in(client, "petra").url == TOKEN


def test_a_backup_code_logs_in_once(client, manager, required):
    enrol(manager)
    code = services.replace_backup_codes(user=manager)[0]
    log_in(client, "petra")
    assert client.post(TOKEN, {"otp_token": f" {code.upper()} "}).status_code == 302
    assert client.get(DASHBOARD).status_code == 200
    client.post(reverse("logout"))
    log_in(client, "petra")
    assert client.post(TOKEN, {"otp_token": code}).status_code == 200
    assert StaticToken.objects.count() == 9


def test_new_backup_codes_replace_the_old_ones(client, manager, required):
    device = enrol(manager)
    old = services.replace_backup_codes(user=manager)
    log_in(client, "petra")
    client.post(TOKEN, {"otp_token": code_for(device)})
    html = client.post(reverse("two_factor:backup_codes")).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_backup_codes_cannot_be_renewed_with_a_password_alone(client, manager, required):
    enrol(manager)
    old = services.replace_backup_codes(user=manager)
    client.force_login(manager)
    response = client.post(reverse("two_factor:backup_codes"))
    assert response.status_code == 302
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(old)


def test_the_code_step_expires(client, manager, required, monkeypatch):
    device = enrol(manager)
    log_in(client, "petra")
    import core.two_factor.views as views

    real = views.time.time
    monkeypatch.setattr(views.time, "time", lambda: real() + 6 * 60)
    response = client.post(TOKEN, {"otp_token": code_for(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "Log opnieuw in" in response.content.decode()


def test_the_code_page_without_a_password_first_goes_to_the_login(client, db):
    response = client.get(TOKEN)
    assert response.status_code == 302 and response.url == reverse("login")


def test_the_admin_has_no_login_of_its_own(client, superuser, settings):
    settings.TWO_FACTOR_REQUIRED = False
    admin_login = f"{ADMIN}login/"
    response = client.get(admin_login)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    # Posting a password to the admin's own address logs nobody in.
    client.post(admin_login, {"username": "beheerder", "password": PASSWORD})
    assert client.get(ADMIN).status_code == 302


def test_the_admin_asks_for_the_second_step_even_past_the_middleware(rf, superuser, required):
    from django.contrib import admin

    request = rf.get(ADMIN)
    request.user = superuser
    superuser.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    superuser.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_a_session_from_before_enrolment_must_confirm_with_a_code(client, manager, required):
    client.force_login(manager)
    device = enrol(manager)  # set up in another browser meanwhile
    assert client.get(DASHBOARD).url.startswith(SETUP)
    page = client.get(SETUP)
    assert "Voer uw code in" in page.content.decode()
    response = client.post(SETUP, {"otp_token": code_for(device), "next": DASHBOARD})
    assert response.status_code == 302 and response.url == DASHBOARD
    assert client.get(DASHBOARD).status_code == 200


def test_an_unsafe_next_is_ignored(client, manager, required):
    device = enrol(manager)
    log_in(client, "petra", next="https://evil.example/")
    response = client.post(TOKEN, {"otp_token": code_for(device)})
    assert response.url == DASHBOARD  # her landing, as without a `next`


@pytest.mark.parametrize(("role", "landing"), [
    (PROCESS_MANAGER, DASHBOARD),
    (FACILITATOR, "/nieuwe-route/"),
    (STEERING_MEMBER, ADMIN),
])
def test_the_code_step_ends_where_the_role_works(client, required, role, landing):
    user = User.objects.create_user("sanne", "sanne@example.nl", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    device = enrol(user)
    assert log_in(client, "sanne").url == TOKEN
    response = client.post(TOKEN, {"otp_token": code_for(device)})
    assert response.status_code == 302 and response.url == landing
    assert client.get(landing).status_code == 200


def test_the_first_enrolment_also_continues_to_the_landing(client, manager, required):
    response = log_in(client, "petra")
    assert response.url == f"{SETUP}?{urlencode({'next': DASHBOARD})}"


def test_superuser_resets_a_lost_phone(client, manager, required):
    enrol(manager)
    services.replace_backup_codes(user=manager)
    other = type(client)()
    log_in(other, "petra")
    other.post(TOKEN, {"otp_token": code_for(TOTPDevice.objects.get(user=manager))})
    assert other.get(DASHBOARD).status_code == 200

    call_command("reset_two_factor", "petra", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not services.has_device(manager) and not StaticToken.objects.exists()
    assert other.get(DASHBOARD).url.startswith(reverse("login"))  # its session has ended
    # The next login is the password and a new app.
    assert log_in(client, "petra").url.startswith(SETUP)


def test_reset_of_an_unknown_account_says_so(db):
    with pytest.raises(CommandError, match="No account"):
        call_command("reset_two_factor", "niemand")


def test_superuser_can_remove_a_device_in_the_admin(admin_client, manager):
    device = enrol(manager)
    changelist = admin_client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert changelist.status_code == 200 and "petra" in changelist.content.decode()
    admin_client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]),
                      {"post": "yes"})
    assert not TOTPDevice.objects.exists()
