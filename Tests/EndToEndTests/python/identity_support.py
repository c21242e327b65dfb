"""Self-contained helpers for the identity end-to-end tests (users, STS, SigV2, IMDS).

Starts the built `pail` binary (`.build/debug/pail`, or $PAIL_BIN) with its own temp data directory,
port 0 for S3 and IMDS, and parses the banner (`export AWS_ENDPOINT_URL=...`, `IMDS: http://...`).
Child processes get a clean environment: no AWS_* variables from the machine, no config files.
"""
import contextlib
import json
import os
import re
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# PAIL_BIN as every other scenario reads it (the TSan pass points it at its build); PAIL_BINARY is the older name.
BINARY = Path(os.environ.get("PAIL_BIN") or os.environ.get("PAIL_BINARY") or ROOT / ".build" / "debug" / "pail")
ROOT_KEY, ROOT_SECRET = "identityroot", "identityroot-secret"


def clean_env(**extra):
    """The environment minus every AWS_* and CA-bundle variable, with config files pointing nowhere."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and k not in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE")}
    env["AWS_CONFIG_FILE"] = "/nonexistent/pail-aws-config"
    env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/pail-aws-credentials"
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Pail:
    def __init__(self, proc, tmp, endpoint, imds):
        self.proc, self.tmp, self.endpoint, self.imds = proc, tmp, endpoint, imds

    def client(self, service="s3", key=ROOT_KEY, secret=ROOT_SECRET, token=None, **config):
        import boto3
        from botocore.config import Config
        session = boto3.session.Session(aws_access_key_id=key, aws_secret_access_key=secret,
                                        aws_session_token=token, region_name="us-east-1")
        cfg = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"}, **config)
        return session.client(service, endpoint_url=self.endpoint, config=cfg)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@contextlib.contextmanager
def running_pail(config=None, extra_args=(), imds=True, data_dir=None):
    tmp = Path(tempfile.mkdtemp(prefix="pail-identity-"))
    data = Path(data_dir) if data_dir else tmp / "data"
    args = [str(BINARY), "serve", "--address", "127.0.0.1:0", "--data", str(data), "--durability", "none",
            "--access-key", ROOT_KEY, "--secret-key", ROOT_SECRET,
            "--imds-address", "127.0.0.1:0" if imds else "off", *extra_args]
    if config is not None:
        path = tmp / "identity.json"
        path.write_text(json.dumps(config))
        args += ["--config", str(path)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=clean_env(), text=True)
    endpoint = imds_url = None
    lines = queue.Queue()
    # A reader thread: select() on a buffered pipe misses lines already read into Python's buffer.
    threading.Thread(target=lambda: [lines.put(l) for l in proc.stdout] and None, daemon=True).start()
    seen = []
    deadline = time.time() + 30
    try:
        while time.time() < deadline and endpoint is None:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                if proc.poll() is not None:
                    break
                continue
            seen.append(line)
            m = re.search(r"IMDS:\s+(http://\S+)", line)
            if m:
                imds_url = m.group(1)
            m = re.search(r"AWS_ENDPOINT_URL=(\S+)", line)
            if m:
                endpoint = m.group(1)
        if endpoint is None:
            proc.kill()
            raise RuntimeError("pail did not start:\n" + "".join(seen))
        server = Pail(proc, tmp, endpoint, imds_url)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if data_dir is None:
            shutil.rmtree(tmp, ignore_errors=True)


def curl(*args):
    """Runs curl; returns (status, headers lower-cased, body)."""
    out = subprocess.run(["curl", "-s", "-i", "--max-time", "10", *args], capture_output=True,
                         env=clean_env(), check=True).stdout
    head, _, body = out.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, body


def run_python(script, env, timeout=120):
    """Runs `script` in a fresh interpreter with `env`; returns stdout, raising with output on failure."""
    proc = subprocess.run(["python3", "-c", script], env=env, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"script failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout
