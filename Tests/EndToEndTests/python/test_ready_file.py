"""`pail serve --address 127.0.0.1:0 --ready-file F --ephemeral`: F appears whole once the server
listens and names its endpoints and credentials; the temporary data directory lives as long as the
server and goes with it on SIGTERM or SIGINT, and so does F; --ephemeral refuses a data directory
of the user's."""
from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import time
import urllib.request

import boto3
import pytest

from pail_e2e import clean_env, pail_binary


def start(tmp_path, *extra: str) -> tuple[subprocess.Popen, dict, str]:
    ready = tmp_path / "ready.json"
    proc = subprocess.Popen([str(pail_binary()), "serve", "--address", "127.0.0.1:0", "--imds-address", "off",
                             "--ready-file", str(ready), *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=clean_env({"TMPDIR": str(tmp_path)}))
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "no ready file within 30 s"
        time.sleep(0.02)
    return proc, json.loads(ready.read_text()), str(ready)


def stop(proc: subprocess.Popen, sig=signal.SIGTERM) -> int:
    proc.send_signal(sig)
    return proc.wait(timeout=30)


def test_ready_file_names_a_listening_server(tmp_path):
    proc, info, ready = start(tmp_path, "--data", str(tmp_path / "d"), "--access-key", "fixture", "--secret-key", "fixture-secret")
    try:
        assert set(info) == {"endpoint", "tlsEndpoint", "imdsEndpoint", "accessKey", "secretKey", "region",
                             "dataDirectory", "pid"}
        assert info["endpoint"].startswith("http://127.0.0.1:") and not info["endpoint"].endswith(":0")
        assert info["tlsEndpoint"] is None and info["imdsEndpoint"] is None
        assert (info["accessKey"], info["secretKey"], info["region"]) == ("fixture", "fixture-secret", "us-east-1")
        assert info["dataDirectory"] == str(tmp_path / "d") and info["pid"] == proc.pid
        assert stat.S_IMODE(os.stat(ready).st_mode) == 0o600, "the file holds the secret key"
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ready.json")] == [], "temporary file left"
        with urllib.request.urlopen(info["endpoint"] + "/minio/health/live", timeout=5) as r:
            assert r.status == 200
        s3 = boto3.client("s3", endpoint_url=info["endpoint"], aws_access_key_id=info["accessKey"],
                          aws_secret_access_key=info["secretKey"], region_name=info["region"])
        s3.create_bucket(Bucket="ready")
    finally:
        assert stop(proc) == 0
    assert not os.path.exists(ready), "the ready file outlived the server"
    assert (tmp_path / "d").is_dir(), "a data directory of the user's is kept"


def test_ready_file_lists_tls_and_imds_when_they_listen(tmp_path):
    proc, info, _ = start(tmp_path, "--ephemeral", "--tls-address", "127.0.0.1:0", "--imds-address", "127.0.0.1:0")
    try:
        assert info["tlsEndpoint"].startswith("https://127.0.0.1:")
        assert info["imdsEndpoint"].startswith("http://127.0.0.1:")
    finally:
        assert stop(proc) == 0


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_ephemeral_directory_lives_as_long_as_the_server(tmp_path, sig):
    proc, info, ready = start(tmp_path, "--ephemeral")
    data = info["dataDirectory"]
    try:
        assert data.startswith(str(tmp_path) + "/pail-ephemeral-"), "made under TMPDIR"
        s3 = boto3.client("s3", endpoint_url=info["endpoint"], aws_access_key_id=info["accessKey"],
                          aws_secret_access_key=info["secretKey"], region_name=info["region"])
        s3.create_bucket(Bucket="eph")
        s3.put_object(Bucket="eph", Key="big", Body=b"x" * 200_000)   # a file-backed object, not inline
        assert os.path.isdir(data) and os.listdir(data)
    finally:
        assert stop(proc, sig) == 0
    assert not os.path.exists(data)
    assert not os.path.exists(ready)


def test_two_ephemeral_servers_get_their_own_directories_and_ports(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a, info_a, _ = start(tmp_path / "a", "--ephemeral")
    b, info_b, _ = start(tmp_path / "b", "--ephemeral")
    try:
        assert info_a["endpoint"] != info_b["endpoint"]
        assert info_a["dataDirectory"] != info_b["dataDirectory"]
    finally:
        assert stop(a) == 0 and stop(b) == 0


@pytest.mark.parametrize("given", [["--data", "mine"], ["mine"]])
def test_ephemeral_refuses_a_named_data_directory(tmp_path, given):
    proc = subprocess.run([str(pail_binary()), "serve", "--ephemeral", "--address", "127.0.0.1:0", *given],
                          cwd=tmp_path, capture_output=True, text=True, env=clean_env(), timeout=30)
    assert proc.returncode != 0
    assert "--ephemeral" in proc.stderr and "mine" in proc.stderr
    assert not (tmp_path / "mine").exists()


def test_an_unwritable_ready_file_stops_the_server_and_its_ephemeral_data(tmp_path):
    proc = subprocess.run([str(pail_binary()), "serve", "--ephemeral", "--address", "127.0.0.1:0", "--imds-address", "off",
                           "--ready-file", str(tmp_path / "no" / "such" / "dir" / "ready.json")],
                          capture_output=True, text=True, env=clean_env({"TMPDIR": str(tmp_path)}), timeout=30)
    assert proc.returncode != 0
    assert "ready file" in proc.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("pail-ephemeral-")] == []
