"""docs/pytest_fixture.py, run as written: it becomes the conftest.py of a small test suite that
pytest runs in a child process against the built `pail`; the server must serve the suite and leave
nothing behind (data directory, ready file, process)."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

from pail_e2e import PACKAGE_ROOT, clean_env, pail_binary

FIXTURE = PACKAGE_ROOT / "docs" / "pytest_fixture.py"

SUITE = '''
import json, os

def test_put_and_get(s3, pail):
    s3.create_bucket(Bucket="fixture")
    s3.put_object(Bucket="fixture", Key="k", Body=b"from the documented fixture")
    assert s3.get_object(Bucket="fixture", Key="k")["Body"].read() == b"from the documented fixture"
    assert os.path.isdir(pail["dataDirectory"])
    with open(os.environ["SEEN"], "w") as f:
        json.dump(pail, f)

def test_the_session_shares_one_server(s3):
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["fixture"]
'''


def test_documented_fixture_runs_and_cleans_up(tmp_path):
    (tmp_path / "conftest.py").write_text(FIXTURE.read_text())
    (tmp_path / "test_suite.py").write_text(SUITE)
    seen = tmp_path / "seen.json"
    env = clean_env({"PAIL_BIN": str(pail_binary()), "SEEN": str(seen)})
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 passed" in proc.stdout
    info = json.loads(seen.read_text())
    assert info["endpoint"].startswith("http://127.0.0.1:") and not info["endpoint"].endswith(":0")
    assert info["accessKey"] == "minioadmin" and info["secretKey"] == "minioadmin"
    assert not os.path.exists(info["dataDirectory"]), "--ephemeral left its data directory"
    assert not os.path.exists(f"/proc/{info['pid']}"), "the server outlived the session"
    port = int(info["endpoint"].rsplit(":", 1)[1])
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "something still listens on the fixture's port"
