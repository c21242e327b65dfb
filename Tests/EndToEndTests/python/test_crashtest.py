"""tools/crashtest.py in CI: three SIGKILL cycles under mixed concurrent load must lose, tear and
resurrect nothing, with fsck consistent after each crash and clean after each restart; and the
harness itself must notice damage (--sabotage)."""
from __future__ import annotations

import json
import subprocess
import sys

from pail_e2e import PACKAGE_ROOT, clean_env, pail_binary


def run(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess, dict]:
    figures = tmp_path / "figures.json"
    proc = subprocess.run([sys.executable, str(PACKAGE_ROOT / "tools" / "crashtest.py"), "--pail", str(pail_binary()),
                           "--json", str(figures), *args], capture_output=True, text=True, env=clean_env(), timeout=500)
    return proc, (json.loads(figures.read_text()) if figures.exists() else {})


def test_three_crash_cycles_lose_nothing(tmp_path):
    proc, figures = run(tmp_path, "--cycles", "3", "--seed", "16")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert figures["lost"] == figures["torn"] == figures["resurrected"] == 0
    assert figures["errors"] == []
    assert figures["acknowledged"] >= 20, figures   # a loaded machine acknowledges fewer


def test_the_harness_notices_planted_damage(tmp_path):
    proc, figures = run(tmp_path, "--cycles", "1", "--seed", "2", "--sabotage")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert figures["lost"] + figures["torn"] > 0, proc.stdout
    assert any("missing-file" in e for e in figures["errors"]), figures["errors"]
