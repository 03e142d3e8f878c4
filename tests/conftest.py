from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashing():
    """The production hashers at their lowest cost (tests/hashers.py): an Argon2 hash as
    configured costs more than half a second, and every account a test makes or logs in
    with pays it. A test's own `settings.PASSWORD_HASHERS` still wins."""
    from django.conf import settings
    from django.test import override_settings

    from tests.hashers import cheap

    with override_settings(PASSWORD_HASHERS=cheap(settings.PASSWORD_HASHERS)):
        yield


@pytest.fixture(autouse=True)
def _dutch_by_default(settings):
    # Every test starts as a first-time visitor would: Dutch.
    settings.LANGUAGE_CODE = "nl"


@pytest.fixture
def queries_for():
    """How many queries a GET costs; compare it at two sizes of data."""

    def count(client, url):
        client.get(url)  # warm the per-process caches (content types, sessions)
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200, url
        return len(context.captured_queries)

    return count


@pytest.fixture(scope="session")
def _migrated_sqlite(tmp_path_factory):
    """A migrated SQLite file of its own, for tests that run manage.py in other processes
    (which cannot reach an in-memory test database); made once per run."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    base_dir = Path(__file__).resolve().parent.parent
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DATABASE_URL=f"sqlite:///{path}", DJANGO_SETTINGS_MODULE="config.settings")
    subprocess.run([sys.executable, str(base_dir / "manage.py"), "migrate", "-v0"], env=env,
                   cwd=base_dir, check=True)
    return path


@pytest.fixture
def scratch_sqlite(_migrated_sqlite, tmp_path):
    """`scratch_sqlite()`: the path of a fresh copy of the migrated SQLite file."""
    import shutil

    def copy():
        path = tmp_path / "scratch.sqlite3"
        shutil.copyfile(_migrated_sqlite, path)
        return path

    return copy


@pytest.fixture
def migration_data(transactional_db):
    """The rows the data migrations made (role groups with their grants, themes, phase
    texts), which a transactional test's flush removes: made again, in migration order."""
    from django.apps import apps
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations import RunPython

    def ours(label):
        path = Path(apps.get_app_config(label).path)
        return path.is_relative_to(settings.BASE_DIR) and ".venv" not in path.parts

    executor = MigrationExecutor(connection)
    state_apps = executor.loader.project_state().apps
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    for migration, _backwards in plan:
        if ours(migration.app_label):
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.code(state_apps, None)
