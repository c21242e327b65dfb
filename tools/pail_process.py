"""Starting a real `pail serve` from the tools in this folder: a clean environment, and the endpoint
and credentials read from the `export AWS_ENDPOINT_URL=…` line of its banner."""
from __future__ import annotations

import os
import re
import subprocess
import threading
from pathlib import Path

EXPORT_LINE = re.compile(r"export AWS_ENDPOINT_URL=(\S+) AWS_ACCESS_KEY_ID=(\S+) AWS_SECRET_ACCESS_KEY=(\S+)")


def clean_env() -> dict:
    """The environment without AWS settings, CA bundles and proxies, so only the tool's settings count."""
    drop = {"AWS_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR",
            "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("AWS_")}
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    return env


def launch(cmd: list[str], log_path: Path, timeout: float) -> tuple[subprocess.Popen, str, str, str]:
    """Runs `cmd` (a `pail serve …`), copies its output to `log_path`, and waits for the banner:
    (process, endpoint, access key, secret key). Kills the process and raises RuntimeError when no
    banner comes within `timeout` seconds."""
    log = open(log_path, "ab")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, env=clean_env())
    found, banner = threading.Event(), []

    def pump() -> None:
        for raw in iter(proc.stdout.readline, b""):
            log.write(raw)
            log.flush()
            m = EXPORT_LINE.search(raw.decode("utf-8", "replace"))
            if m and not found.is_set():
                banner.extend(m.groups())
                found.set()

    threading.Thread(target=pump, daemon=True).start()
    if not found.wait(timeout):
        proc.kill()
        raise RuntimeError(f"pail did not start within {timeout}s; see {log_path}")
    return proc, banner[0], banner[1], banner[2]
