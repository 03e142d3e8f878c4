"""Make a seeded benchmark database ready to be measured; prints what run.py needs as JSON.

Run by run.py as `python -m bench.prepare <password>` with DATABASE_URL pointing at
the database. It
- makes the benchmark's process manager, who manages every WEI process and so sees
  everything a process manager can see (through the same access rules as anybody:
  not a superuser, who would skip them), with a fresh password and, when the site
  has two-factor login, a fresh authenticator-app device whose key run.py uses to
  compute the codes, exactly as a phone would;
- forgets earlier runs' sign-ups and failed logins;
- vacuums and analyses PostgreSQL's tables after the bulk load, as autovacuum would
  have done on a database in use (index-only scans need the visibility map);
- names the pages to measure and counts the rows.
"""

import json
import os
import secrets
import sys

import django

USERNAME = "bench-procesmanager"
SIGNUP_PREFIX = "bench-"
PUBLIC_INITIATIVE = "buurtmoestuin-haveltermade"

# (name, URL name, kind); kind "public" must stay within 3x of the trivial page,
# "dashboard" within 5x; "reference" rows are the yardsticks themselves.
PAGES = [
    ("trivial page (reference)", "status", "reference"),
    ("trivial page, logged in", "status", "reference-login"),
    ("dashboard", "dashboard:overview", "dashboard"),
    ("participant list", "dashboard:participants", "dashboard"),
    ("initiative list (staff)", "dashboard:initiatives", "dashboard"),
    ("flow event list", "dashboard:flow_events", "dashboard"),
    ("process page", "dashboard:process", "dashboard"),
    ("person's page", "dashboard:person", "dashboard"),
    ("attendance page", "dashboard:activity", "dashboard"),
    ("home page", "home", "public"),
    ("neighbourhood page", "initiatives:neighbourhood", "public"),
    ("public initiative list", "initiatives:list", "public"),
    ("public initiative page", "initiatives:detail", "public"),
    ("sign-up POST", "initiatives:signup", "public-post"),
    # The account of this quarter for one neighbourhood, live and as a saved version's PDF.
    ("report, one neighbourhood", "dashboard:report", "report"),
    ("report as PDF", "dashboard:report_version_pdf", "report"),
]


def main(password: str) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from initiatives.models import Initiative, Membership, SignUp
    from initiatives.selectors import public_initiatives
    from nieuweroute.models import Route
    from participants.models import FlowEvent, Participant
    from wei.models import Activity, Neighbourhood, Process
    from wei.roles import PROCESS_MANAGER

    user, _ = User.objects.get_or_create(username=USERNAME, defaults={"is_staff": True})
    user.is_staff, user.is_active, user.is_superuser = True, True, False
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name=PROCESS_MANAGER))
    for process in Process.objects.exclude(managers=user):
        process.managers.add(user)

    otp_key = None
    if apps.is_installed("django_otp.plugins.otp_totp"):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice.objects.filter(user=user).delete()
        otp_key = secrets.token_hex(20)
        TOTPDevice.objects.create(user=user, name="bench", key=otp_key, confirmed=True)
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog

        AccessAttempt.objects.all().delete()
        AccessFailureLog.objects.all().delete()
    SignUp.objects.filter(email__startswith=SIGNUP_PREFIX).delete()

    initiative = (public_initiatives().filter(slug=PUBLIC_INITIATIVE).first()
                  or public_initiatives().order_by("pk").first())
    # The workspace's pages open the same rows at both sizes: the first process (the
    # demo's first neighbourhood), its first participant, its latest past activity.
    process = Process.objects.order_by("pk").first()
    person = Participant.objects.filter(
        pk__in=FlowEvent.objects.filter(process=process).values("participant")).order_by(
        "pk").first()
    activity = Activity.objects.filter(process=process, date__lte=timezone.localdate()).order_by(
        "-date", "pk").first()
    workspace_args = {"dashboard:process": [process.pk], "dashboard:person": [person.pk],
                      "dashboard:activity": [activity.pk],
                      # The public initiative's neighbourhood: the same one at both sizes.
                      "initiatives:neighbourhood": [initiative.neighbourhood.slug]}
    # The saved version whose PDF is measured: made afresh each run, as the manager would.
    from dashboard import report, services
    from dashboard.models import ReportVersion

    ReportVersion.objects.filter(made_by=user).delete()
    version = services.report_version_save(
        user=user, period=report.quarter_of(timezone.localdate()),
        neighbourhood=initiative.neighbourhood, learned="Wat we leerden.")
    workspace_args["dashboard:report_version_pdf"] = [version.pk]
    queries = {"dashboard:report": f"?wijk={initiative.neighbourhood.slug}&periode=kwartaal"}
    pages = []
    for name, url_name, kind in PAGES:
        args = workspace_args.get(url_name) or (
            [initiative.slug] if url_name in ("initiatives:detail", "initiatives:signup") else [])
        try:
            path = reverse(url_name, args=args) + queries.get(url_name, "")
        except NoReverseMatch:
            continue  # not built yet
        pages.append({"name": name, "path": path, "kind": kind})

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SHOW server_version")
            server = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    else:
        server = f"{connection.vendor} {connection.Database.sqlite_version}"

    return {
        "username": USERNAME,
        "otp_key": otp_key,
        "two_factor_required": getattr(settings, "TWO_FACTOR_REQUIRED", None),
        "login_path": reverse("login"),
        "pages": pages,
        "database": server,
        "rows": {
            "neighbourhoods": Neighbourhood.objects.count(),
            "WEI processes": Process.objects.count(),
            "participants": Participant.objects.count(),
            "flow events": FlowEvent.objects.count(),
            "initiatives": Initiative.objects.count(),
            "memberships": Membership.objects.count(),
            "Nieuwe Route processes": Route.objects.count(),
        },
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
