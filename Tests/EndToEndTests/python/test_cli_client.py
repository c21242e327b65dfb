"""End-to-end test of pail's S3 client commands (ls, cp, rm, mb, rb, cat, presign, stat) against a
real `pail serve` and against moto's server mode. Self-contained: its own fixtures, a clean
environment (no AWS_CA_BUNDLE or other inherited AWS settings).

Run: swift build && python3 -m pytest Tests/EndToEndTests/python/test_cli_client.py
"""
import os
import pty
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
# PAIL_BIN as every other scenario reads it (the TSan pass points it at its build); PAIL_BINARY is the older name.
PAIL = Path(os.environ.get("PAIL_BIN") or os.environ.get("PAIL_BINARY") or ROOT / ".build" / "debug" / "pail")


def clean_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    for k in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        env.pop(k, None)
    env["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent"
    env["AWS_CONFIG_FILE"] = "/nonexistent"
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"port {port} did not open")


@pytest.fixture(scope="module")
def pail_server(tmp_path_factory):
    assert PAIL.exists(), f"{PAIL} missing: run swift build first"
    data = tmp_path_factory.mktemp("pail-data")
    proc = subprocess.Popen([str(PAIL), "serve", "--address", "127.0.0.1:0", "--data", str(data),
                             "--durability", "none"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env=clean_env(), text=True)
    env = clean_env()
    end = time.time() + 30
    for line in proc.stdout:
        if line.startswith("export "):
            for pair in line.split()[1:]:
                k, v = pair.split("=", 1)
                env[k] = v
            break
        if time.time() > end:
            break
    assert "AWS_ENDPOINT_URL" in env, "pail serve printed no export line"
    yield env
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def moto_server():
    try:
        import moto.server  # noqa: F401
    except ImportError:
        pytest.fail("moto is not installed: pip install 'moto[server]' (the test setup installs it)")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=clean_env())
    wait_port(port, proc)
    env = clean_env()
    env.update(AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}", AWS_ACCESS_KEY_ID="testing",
               AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1")
    yield env
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(params=["pail", "moto"])
def server_env(request):
    return request.getfixturevalue(f"{request.param}_server")


def pail(env, *args, check=True, cwd=None):
    r = subprocess.run([str(PAIL), *args], env=env, capture_output=True, cwd=cwd, timeout=120)
    if check and r.returncode != 0:
        raise AssertionError(f"pail {' '.join(args)} failed ({r.returncode}): {r.stderr.decode()}")
    return r


def test_bucket_and_object_commands(server_env, tmp_path):
    env = server_env
    bucket = "cli-" + uuid.uuid4().hex[:10]
    assert pail(env, "mb", f"s3://{bucket}").stdout.decode().strip() == f"make_bucket: {bucket}"
    assert bucket in pail(env, "ls").stdout.decode()

    src = tmp_path / "hello.txt"
    src.write_bytes(b"hello from the pail cli\n")
    out = pail(env, "cp", str(src), f"s3://{bucket}/docs/hello.txt").stdout.decode()
    assert f"upload: {src} to s3://{bucket}/docs/hello.txt" in out

    listing = pail(env, "ls", f"s3://{bucket}").stdout.decode()
    assert "PRE docs/" in listing
    listing = pail(env, "ls", f"s3://{bucket}/docs/").stdout.decode()
    assert re.search(r"\s24 hello\.txt$", listing.strip()), listing
    assert f"docs/hello.txt" in pail(env, "ls", f"s3://{bucket}", "--recursive").stdout.decode()

    assert pail(env, "cat", f"s3://{bucket}/docs/hello.txt").stdout == b"hello from the pail cli\n"

    stat = pail(env, "stat", f"s3://{bucket}/docs/hello.txt").stdout.decode()
    assert "Size:          24" in stat
    assert "ETag:" in stat

    url = pail(env, "presign", f"s3://{bucket}/docs/hello.txt", "--expires-in", "300").stdout.decode().strip()
    assert "X-Amz-Signature=" in url
    with urllib.request.urlopen(url) as r:
        assert r.read() == b"hello from the pail cli\n"

    # S3 -> S3 and S3 -> local.
    pail(env, "cp", f"s3://{bucket}/docs/hello.txt", f"s3://{bucket}/copy/hello.txt")
    dst = tmp_path / "back.txt"
    pail(env, "cp", f"s3://{bucket}/copy/hello.txt", str(dst))
    assert dst.read_bytes() == b"hello from the pail cli\n"

    # Recursive upload, download and delete.
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    for i in range(30):
        (tree / ("sub" if i % 2 else "") / f"f{i:02}").write_bytes(str(i).encode())
    pail(env, "cp", str(tree), f"s3://{bucket}/tree", "--recursive")
    down = tmp_path / "down"
    pail(env, "cp", f"s3://{bucket}/tree", str(down), "--recursive")
    assert sorted(p.relative_to(down).as_posix() for p in down.rglob("*") if p.is_file()) == \
        sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file())
    assert (down / "sub" / "f01").read_bytes() == b"1"

    removed = pail(env, "rm", f"s3://{bucket}/tree", "--recursive").stdout.decode()
    assert removed.count("delete: ") == 30
    pail(env, "rm", f"s3://{bucket}/docs/hello.txt")
    assert pail(env, "rb", f"s3://{bucket}", check=False).returncode != 0  # copy/hello.txt is left
    pail(env, "rm", f"s3://{bucket}/copy/hello.txt")
    assert pail(env, "rb", f"s3://{bucket}").stdout.decode().strip() == f"remove_bucket: {bucket}"
    assert bucket not in pail(env, "ls").stdout.decode()

    missing = pail(env, "cat", f"s3://{bucket}/nothing", check=False)
    assert missing.returncode != 0
    assert b"NoSuchBucket" in missing.stderr or b"NoSuchKey" in missing.stderr


def test_cp_shows_progress_on_a_terminal(server_env, tmp_path):
    env = server_env
    bucket = "cli-" + uuid.uuid4().hex[:10]
    pail(env, "mb", f"s3://{bucket}")
    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(20 << 20))
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(PAIL), "cp", str(big), f"s3://{bucket}/big.bin"], env=env,
                            stdout=slave, stderr=slave, close_fds=True)
    os.close(slave)
    output = b""
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    proc.wait(60)
    os.close(master)
    text = output.decode(errors="replace")
    assert proc.returncode == 0, text
    assert "100%" in text and "[####" in text, text
    assert f"upload: {big} to s3://{bucket}/big.bin" in text
    # Not a terminal: no bar.
    plain = pail(env, "cp", str(big), f"s3://{bucket}/big2.bin").stdout.decode()
    assert "%" not in plain
    pail(env, "rb", f"s3://{bucket}", "--force")
