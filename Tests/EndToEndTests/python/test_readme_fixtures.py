"""README.md's fixture examples and platform note, as written: the Swift `PailFixture` block is the
whole of Tests/PailTestingTests/ReadmeExampleTests.swift (so `swift test` compiles and runs it), the
`--ephemeral --ready-file` command runs and cleans up, and Package.swift refuses other systems."""
from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import time
import urllib.request

from pail_e2e import PACKAGE_ROOT, clean_env, pail_binary

README = (PACKAGE_ROOT / "README.md").read_text()


def subsection(title: str) -> str:
    m = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^### |^## |\Z)", README, re.M | re.S)
    assert m, f"README.md has no '### {title}'"
    return m.group(1)


def fenced(lang: str, text: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.M | re.S)


def test_swift_fixture_example_is_the_test_that_swift_test_runs():
    [block] = fenced("swift", subsection("Swift: `PailTesting`"))
    assert (PACKAGE_ROOT / "Tests" / "PailTestingTests" / "ReadmeExampleTests.swift").read_text() == block


def test_ready_file_command_runs_as_written(tmp_path):
    [block] = fenced("sh", subsection("Any language: `--ready-file` and `--ephemeral`"))
    words = shlex.split(block.strip())
    assert words[:2] == ["pail", "serve"]
    ready = tmp_path / "ready.json"
    words = [str(pail_binary())] + words[1:] + ["--imds-address", "off"]
    words[words.index("--ready-file") + 1] = str(ready)
    proc = subprocess.Popen(words, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=clean_env({"TMPDIR": str(tmp_path)}))
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        info = json.loads(ready.read_text())
        for field in re.findall(r'"(\w+)":', subsection("Any language: `--ready-file` and `--ephemeral`")):
            assert field in info, f"the README names {field!r}, the file lacks it"
        with urllib.request.urlopen(info["endpoint"] + "/_pail/health", timeout=5) as r:
            assert r.status == 200
        assert os.path.isdir(info["dataDirectory"])
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    assert not ready.exists() and not os.path.exists(info["dataDirectory"])


def test_package_declares_linux_only_and_says_so_elsewhere():
    manifest = (PACKAGE_ROOT / "Package.swift").read_text()
    assert "platforms:" not in manifest, "no platform claim beyond Linux"
    m = re.search(r'^#if !os\(Linux\)\n#error\("([^"]+)"\)\n#endif$', manifest, re.M)
    assert m and "Docker" in m.group(1)
    [mac] = fenced("sh", re.search(r"^## On a Mac\n(.*?)(?=^## |\Z)", README, re.M | re.S).group(1))
    assert "docker build -f docker/Dockerfile -t pail ." in mac and (PACKAGE_ROOT / "docker" / "Dockerfile").is_file()
