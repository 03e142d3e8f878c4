"""The import benchmark keeps working: run whole, on a tiny list and a SQLite file of its
own (its times are `make bench-import`'s business, never a test's)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_benchmark_runs_and_reports(tmp_path):
    result = subprocess.run(
        [sys.executable, "bench/import_people.py", "--rows", "15", "--rounds", "2",
         "--sqlite", str(tmp_path / "bench.sqlite3")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    for line in ("round 1 (csv)", "round 2 (xlsx)", "check (preview)", "import",
                 "target: 1,000 rows checked and imported in under 10 s"):
        assert line in result.stdout
