"""The embedded database (SQLite, the `make run` default) with several writers at once:
they wait for each other instead of failing with "database is locked"."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SIGN_UPS = """
import json, threading
import django
django.setup()
from django.test import Client
from initiatives.models import SignUp
from tests.initiatives.factories import InitiativeFactory

url = f"/initiatieven/{InitiativeFactory().slug}/aanmelden/"
statuses, errors, lock = [], [], threading.Lock()

def resident(n):
    client = Client()
    for k in range(PER_CLIENT):
        data = {"name": "Anja", "email": f"bewoner{n}-{k}@example.nl", "postcode": "7941 AB",
                "consent": "on"}
        try:
            status = client.post(url, data).status_code
        except Exception as error:  # the test client raises what the view raised
            status = type(error).__name__ + ": " + str(error)
        with lock:
            statuses.append(status)
    from django.db import connection
    connection.close()

threads = [threading.Thread(target=resident, args=(n,)) for n in range(CLIENTS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"statuses": statuses, "stored": SignUp.objects.count()}))
"""


def test_concurrent_sign_ups_on_sqlite_all_succeed(scratch_sqlite):
    clients, per_client = 6, 15
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{scratch_sqlite()}",
               DJANGO_SETTINGS_MODULE="config.settings", PUBLIC_FORM_RATE_LIMIT="100000/h",
               EMAIL_BACKEND="locmem")
    script = SIGN_UPS.replace("PER_CLIENT", str(per_client)).replace("CLIENTS", str(clients))
    result = subprocess.run([sys.executable, "-c", script], cwd=BASE_DIR, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    failures = [status for status in outcome["statuses"] if status != 200]
    assert failures == [], failures[:5]
    assert outcome["stored"] == clients * per_client
