"""The house's floors hold: no app imports a higher one, initiatives and nieuweroute stay
independent, and no circle runs between the modules of one app (the import-linter
contracts in pyproject.toml, which `make lint` runs too)."""

import subprocess
import sys
import tomllib
from pathlib import Path

from django.apps import apps

from initiatives import hooks

ROOT = Path(__file__).resolve().parent.parent


def test_the_import_contracts_are_kept():
    result = subprocess.run(
        [sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                               "lint_imports_command()", "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_app_of_ours_is_in_the_contracts():
    # An app that no contract names would be free to import anything.
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    ours = {app.name for app in apps.get_app_configs() if (ROOT / app.name).is_dir()}
    assert ours <= set(contracts["root_packages"]), ours - set(contracts["root_packages"])
    assert "config" in contracts["root_packages"]


def test_the_dashboard_fills_in_what_the_initiatives_show_of_it():
    # initiatives.hooks: filled in by DashboardConfig.ready(), never imported upward.
    assert hooks.published_reports._provided is not None
    assert hooks.followup_path._provided is not None
