"""Shared helpers for Pail's end-to-end scenarios.

Everything here talks to a real `pail serve` process (or, for a sanity check of the test code itself,
to any S3 server named by PAIL_E2E_ENDPOINT). Nothing here knows Pail's internals: the only contract is
the command line, the `export AWS_ENDPOINT_URL=...` line on stdout, `GET /_pail/health`, signals, and
the S3 wire.
"""
from __future__ import annotations

import base64
import contextlib
import ctypes
import datetime
import importlib
import hashlib
import hmac
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import awscrt.checksums  # hard requirement: .ci/run installs it; CRC32C and CRC64NVME need it
import boto3
import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

PACKAGE_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_KEY = "minioadmin"
REGION = "us-east-1"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
EXPORT_LINE = re.compile(
    r"^export AWS_ENDPOINT_URL=(?P<endpoint>\S+) AWS_ACCESS_KEY_ID=(?P<ak>\S+) "
    r"AWS_SECRET_ACCESS_KEY=(?P<sk>\S+)\s*$"
)
S3_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"

# ---------------------------------------------------------------------------------------------
# Environment: the machine sets CA bundles and may carry AWS_* settings or profiles. Neither this
# process (boto3 in-process) nor any child (pail, aws, curl) may see them.
# ---------------------------------------------------------------------------------------------
_SCRUB_EXACT = {"AWS_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR",
                "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy",
                "BOTO_CONFIG", "BOTO_PATH"}
_ENV_DIR = Path(tempfile.mkdtemp(prefix="pail-e2e-env-"))


def clean_env(extra: dict | None = None) -> dict:
    """A copy of the environment without CA bundles, proxies and AWS settings, with config files
    pointed at paths that do not exist and IMDS disabled."""
    env = {k: v for k, v in os.environ.items()
           if k not in _SCRUB_EXACT and not k.startswith("AWS_")}
    env["AWS_CONFIG_FILE"] = str(_ENV_DIR / "no-such-config")
    env["AWS_SHARED_CREDENTIALS_FILE"] = str(_ENV_DIR / "no-such-credentials")
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    env["NO_PROXY"] = env["no_proxy"] = "*"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if extra:
        env.update(extra)
    return env


def scrub_own_environment() -> None:
    """Apply clean_env() to this process, keeping the PAIL_* settings of the harness."""
    keep = {k: v for k, v in os.environ.items() if k.startswith("PAIL_")}
    new = clean_env(keep)
    os.environ.clear()
    os.environ.update(new)


# ---------------------------------------------------------------------------------------------
# The server process.
# ---------------------------------------------------------------------------------------------
def external_endpoint() -> str | None:
    """PAIL_E2E_ENDPOINT points the suite at an already running server (e.g. moto) instead."""
    return os.environ.get("PAIL_E2E_ENDPOINT") or None


def pail_binary() -> Path:
    path = Path(os.environ.get("PAIL_BIN") or PACKAGE_ROOT / ".build" / "debug" / "pail")
    if not path.is_file():
        raise RuntimeError(f"pail binary not found at {path}; run `swift build` or set PAIL_BIN")
    return path


def _die_with_parent() -> None:
    # PR_SET_PDEATHSIG: if pytest dies hard, its servers die too instead of lingering.
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
        except OSError:
            pass


class PailServer:
    """One `pail serve` process on its own data directory; restartable on the same data."""

    def __init__(self, data_dir: Path, log_dir: Path, *, region: str = REGION,
                 access_key: str | None = None, secret_key: str | None = None,
                 extra_args: tuple = (), env: dict | None = None, serve_args: tuple | None = None):
        """`env` adds to the scrubbed environment the process gets; `serve_args` replaces
        `serve --data DIR` at the front of the command line (as `("server", DIR)` does)."""
        self.data_dir = Path(data_dir)
        self.log_path = Path(log_dir) / f"pail-{uuid.uuid4().hex[:8]}.log"
        self.region = region
        self._access_key, self._secret_key = access_key, secret_key
        self.extra_args = tuple(extra_args)
        self.env = dict(env or {})
        self.serve_args = tuple(serve_args) if serve_args is not None else ("serve", "--data", str(self.data_dir))
        self.proc: subprocess.Popen | None = None
        self.endpoint = ""
        self.access_key = access_key or DEFAULT_KEY
        self.secret_key = secret_key or DEFAULT_KEY
        self.external = external_endpoint() is not None
        self.starts = 0

    # -- lifecycle --------------------------------------------------------------------------
    def start(self, timeout: float = 10.0) -> "PailServer":
        if self.external:
            self.endpoint = external_endpoint().rstrip("/")
            self.access_key = os.environ.get("PAIL_E2E_ACCESS_KEY", self.access_key)
            self.secret_key = os.environ.get("PAIL_E2E_SECRET_KEY", self.secret_key)
            return self
        self.data_dir.mkdir(parents=True, exist_ok=True)
        cmd = [str(pail_binary()), *self.serve_args, "--address", "127.0.0.1:0",
               "--region", self.region, "--domain", "localhost"]
        if self._access_key:
            cmd += ["--access-key", self._access_key, "--secret-key", self._secret_key]
        cmd += list(self.extra_args)
        log = open(self.log_path, "ab")
        log.write(f"\n=== start #{self.starts + 1}: {' '.join(cmd)}\n".encode())
        log.flush()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=log, env=clean_env(self.env), preexec_fn=_die_with_parent)
        self.starts += 1
        found = threading.Event()
        result: dict = {}

        def pump(proc=self.proc):
            for raw in iter(proc.stdout.readline, b""):
                log.write(raw)
                log.flush()
                m = EXPORT_LINE.match(raw.decode("utf-8", "replace").strip())
                if m and not found.is_set():
                    result.update(m.groupdict())
                    found.set()
            log.close()

        threading.Thread(target=pump, daemon=True, name="pail-stdout").start()
        deadline = time.monotonic() + timeout
        while not found.wait(0.05):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.proc.kill()
                self.proc.wait()
                raise RuntimeError("pail did not print its `export AWS_ENDPOINT_URL=...` line within "
                                   f"{timeout}s (exit {self.proc.returncode}); log:\n{self.log_tail()}")
        self.endpoint = result["endpoint"].rstrip("/")
        self.access_key, self.secret_key = result["ak"], result["sk"]
        self.wait_healthy(max(1.0, deadline - time.monotonic() + 5))
        return self

    def wait_healthy(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                status, _, _ = raw_request(self, "GET", "/_pail/health", timeout=2)
                if status == 200:
                    return
                last = f"status {status}"
            except OSError as e:
                last = repr(e)
            time.sleep(0.05)
        raise RuntimeError(f"GET /_pail/health never answered 200 ({last}); log:\n{self.log_tail()}")

    def require_process(self) -> None:
        import pytest
        if self.external:
            pytest.skip("needs a pail process of its own (PAIL_E2E_ENDPOINT is set)")

    def send_signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> int | None:
        """Send `sig` and wait; returns the exit status (negative = killed by a signal)."""
        if self.proc is None or self.external:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise AssertionError(f"pail did not exit within {timeout}s of signal {sig}; "
                                     f"log:\n{self.log_tail()}")
        return self.proc.returncode

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def restart(self) -> "PailServer":
        self.require_process()
        self.stop()
        return self.start()

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text("utf-8", "replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # -- addresses --------------------------------------------------------------------------
    @property
    def host_port(self) -> str:
        return self.endpoint.split("://", 1)[1].rstrip("/")

    @property
    def host(self) -> str:
        return self.host_port.rsplit(":", 1)[0]

    @property
    def port(self) -> int:
        return int(self.host_port.rsplit(":", 1)[1])

    def client(self, **kw):
        return make_client(self.endpoint, self.access_key, self.secret_key, region=self.region, **kw)

    def cli_env(self) -> dict:
        return clean_env({"AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key,
                          "AWS_DEFAULT_REGION": self.region})


def make_client(endpoint: str, access_key: str, secret_key: str, *, region: str = REGION,
                addressing_style: str = "path", attempts: int = 1, **config):
    """A boto3 S3 client; one attempt (no retries) unless a test asks for more."""
    cfg = Config(region_name=region, signature_version="s3v4",
                 s3={"addressing_style": addressing_style},
                 retries={"total_max_attempts": attempts, "mode": "standard"},
                 connect_timeout=10, read_timeout=120, max_pool_connections=16, **config)
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint, region_name=region, aws_access_key_id=access_key,
        aws_secret_access_key=secret_key, config=cfg)


def unique_bucket(prefix: str = "e2e") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:16]}"


def run_cli(server: PailServer, *args: str, check: bool = True, timeout: float = 120,
            cwd: str | None = None) -> subprocess.CompletedProcess:
    """Run AWS CLI v1 against the server with a clean environment."""
    cmd = ["aws", "--endpoint-url", server.endpoint, "--region", server.region, *args]
    proc = subprocess.run(cmd, env=server.cli_env(), capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, cwd=cwd)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} exited {proc.returncode}\nstdout:\n{proc.stdout}\n"
                             f"stderr:\n{proc.stderr}")
    return proc


# ---------------------------------------------------------------------------------------------
# Raw HTTP with botocore's SigV4 signer: for requests boto3 cannot be made to send.
# ---------------------------------------------------------------------------------------------
class RawS3SigV4(SigV4Auth):
    """botocore's SigV4 signer with S3's rules (path not normalised) that keeps a preset
    X-Amz-Content-SHA256 and remembers what it signed."""

    canonical: str = ""
    string_to_sign_value: str = ""
    signature_value: str = ""

    def _normalize_url_path(self, path):
        return path

    def string_to_sign(self, request, canonical_request):
        self.canonical = canonical_request
        self.string_to_sign_value = super().string_to_sign(request, canonical_request)
        return self.string_to_sign_value

    def signature(self, string_to_sign, request):
        self.signature_value = super().signature(string_to_sign, request)
        return self.signature_value


@dataclass
class RawResponse:
    status: int
    headers: dict  # lower-case names; repeated headers joined with ","
    body: bytes
    signer: RawS3SigV4 | None = None
    sent_headers: dict = field(default_factory=dict)

    def error(self) -> dict:
        return parse_error(self.body)


def signing_key(secret: str, date: str, region: str = REGION, service: str = "s3") -> bytes:
    k = hmac.new(f"AWS4{secret}".encode(), date.encode(), hashlib.sha256).digest()
    for part in (region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return k


def sign_headers(server: PailServer, method: str, target: str, headers: dict | None = None, *,
                 payload_hash: str, host: str | None = None, access_key: str | None = None,
                 secret_key: str | None = None, region: str | None = None) -> tuple[dict, RawS3SigV4, AWSRequest]:
    """Sign (method, already-encoded target, headers) with botocore; returns the headers to send."""
    req = AWSRequest(method=method, url=f"http://{host or server.host_port}{target}", data=b"",
                     headers=dict(headers or {}))
    req.headers["Host"] = host or server.host_port
    req.headers["X-Amz-Content-SHA256"] = payload_hash
    signer = RawS3SigV4(Credentials(access_key or server.access_key, secret_key or server.secret_key),
                        "s3", region or server.region)
    signer.add_auth(req)
    return {k: v for k, v in req.headers.items()}, signer, req


def signed_request(server: PailServer, method: str, target: str, body: bytes = b"", *,
                   headers: dict | None = None, payload_hash: str | None = None,
                   extra_unsigned: dict | None = None, chunked: bool = False, host: str | None = None,
                   access_key: str | None = None, secret_key: str | None = None,
                   timeout: float = 60) -> RawResponse:
    """A SigV4 header-signed request sent byte-exact over http.client.

    `target` is the request target as it goes on the wire (path already percent-encoded, query
    already canonical). Unless `chunked`, a Content-Length is added after signing (like botocore,
    which does not sign it)."""
    if payload_hash is None:
        payload_hash = hashlib.sha256(body).hexdigest()
    send, signer, _ = sign_headers(server, method, target, headers, payload_hash=payload_hash, host=host,
                                   access_key=access_key, secret_key=secret_key)
    send.update(extra_unsigned or {})
    resp = raw_request(server, method, target, body, headers=send, chunked=chunked, timeout=timeout)
    return RawResponse(*resp, signer=signer, sent_headers=send)


def raw_request(server: PailServer, method: str, target: str, body: bytes = b"", *,
                headers: dict | None = None, chunked: bool = False, timeout: float = 30,
                chunk_size: int = 16 * 1024) -> tuple[int, dict, bytes]:
    """Send exactly these headers (plus Host and framing when absent) over a fresh connection."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        headers = dict(headers or {})
        lower = {k.lower() for k in headers}
        if "host" not in lower:
            headers["Host"] = server.host_port
        if chunked:
            headers.setdefault("Transfer-Encoding", "chunked")
        elif "content-length" not in lower and (body or method in ("PUT", "POST")):
            headers["Content-Length"] = str(len(body))
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.endheaders()
        if chunked:
            for i in range(0, len(body), chunk_size):
                piece = body[i:i + chunk_size]
                conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
            conn.send(b"0\r\n\r\n")
        elif body:
            conn.send(body)
        resp = conn.getresponse()
        data = resp.read()
        hdrs: dict = {}
        for k, v in resp.getheaders():
            k = k.lower()
            hdrs[k] = f"{hdrs[k]},{v}" if k in hdrs else v
        return resp.status, hdrs, data
    finally:
        conn.close()


def parse_error(body: bytes) -> dict:
    """Flatten an S3 <Error> document into {child tag: text}; asserts it is one."""
    root = ET.fromstring(body)
    assert strip_ns(root.tag) == "Error", f"not an S3 error document: {body[:500]!r}"
    return {strip_ns(child.tag): (child.text or "") for child in root}


def strip_ns(tag: str) -> str:
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def xml_children(elem: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in elem if strip_ns(c.tag) == name]


def xml_text(elem: ET.Element, name: str) -> str | None:
    found = xml_children(elem, name)
    return (found[0].text or "") if found else None


def error_code(exc) -> str:
    return exc.response["Error"]["Code"]


def http_status(resp_or_exc) -> int:
    meta = resp_or_exc.response["ResponseMetadata"] if hasattr(resp_or_exc, "response") \
        else resp_or_exc["ResponseMetadata"]
    return meta["HTTPStatusCode"]


# ---------------------------------------------------------------------------------------------
# Checksums (base64 of the big-endian digest, as S3 sends them).
# ---------------------------------------------------------------------------------------------
def checksum_b64(algorithm: str, data: bytes) -> str:
    algorithm = algorithm.upper()
    if algorithm == "CRC32":
        raw = zlib.crc32(data).to_bytes(4, "big")
    elif algorithm == "CRC32C":
        raw = awscrt.checksums.crc32c(data).to_bytes(4, "big")
    elif algorithm == "CRC64NVME":
        raw = awscrt.checksums.crc64nvme(data).to_bytes(8, "big")
    elif algorithm == "SHA1":
        raw = hashlib.sha1(data).digest()
    elif algorithm == "SHA256":
        raw = hashlib.sha256(data).digest()
    else:
        raise ValueError(algorithm)
    return base64.b64encode(raw).decode()


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def md5_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode()


# ---------------------------------------------------------------------------------------------
# aws-chunked encoders (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html and
# sigv4-streaming-trailers.html).
# ---------------------------------------------------------------------------------------------
STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"


def split_chunks(data: bytes, chunk_size: int) -> list[bytes]:
    return [data[i:i + chunk_size] for i in range(0, len(data), chunk_size)]


def encode_unsigned_trailer(chunks: list[bytes], trailers: list[tuple[str, str]]) -> bytes:
    """`hex(len)\\r\\n<data>\\r\\n` per chunk, then `0\\r\\n`, trailer lines, `\\r\\n`."""
    out = bytearray()
    for c in chunks:
        out += b"%x\r\n%s\r\n" % (len(c), c)
    out += b"0\r\n"
    for name, value in trailers:
        out += f"{name}:{value}\r\n".encode()
    out += b"\r\n"
    return bytes(out)


class ChunkSigner:
    """Chains chunk signatures from a seed signature (the Authorization signature)."""

    def __init__(self, secret: str, timestamp: str, region: str, seed_signature: str):
        self.key = signing_key(secret, timestamp[:8], region)
        self.timestamp = timestamp
        self.scope = f"{timestamp[:8]}/{region}/s3/aws4_request"
        self.previous = seed_signature

    def sign_chunk(self, data: bytes) -> str:
        sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", self.timestamp, self.scope, self.previous,
                         EMPTY_SHA256, hashlib.sha256(data).hexdigest()])
        self.previous = hmac.new(self.key, sts.encode(), hashlib.sha256).hexdigest()
        return self.previous

    def sign_trailer(self, trailer_block: bytes) -> str:
        sts = "\n".join(["AWS4-HMAC-SHA256-TRAILER", self.timestamp, self.scope, self.previous,
                         hashlib.sha256(trailer_block).hexdigest()])
        self.previous = hmac.new(self.key, sts.encode(), hashlib.sha256).hexdigest()
        return self.previous


def encode_signed_chunks(signer: ChunkSigner, chunks: list[bytes],
                         trailers: list[tuple[str, str]] | None = None,
                         corrupt_chunk: int | None = None) -> bytes:
    """Signed aws-chunked body; with `trailers`, the signed-trailer variant. `corrupt_chunk` gives
    that chunk a signature that is well-formed but wrong."""
    out = bytearray()
    for i, c in enumerate(list(chunks) + [b""]):
        sig = signer.sign_chunk(c)
        if corrupt_chunk is not None and i == corrupt_chunk:
            sig = ("0" if sig[0] != "0" else "1") + sig[1:]
        out += b"%x;chunk-signature=%s\r\n" % (len(c), sig.encode())
        if c or trailers is None:
            out += c + b"\r\n"
    if trailers is not None:
        block = b"".join(f"{n}:{v}\n".encode() for n, v in trailers)
        for n, v in trailers:
            out += f"{n}:{v}\r\n".encode()
        out += b"x-amz-trailer-signature:%s\r\n\r\n" % signer.sign_trailer(block).encode()
    return bytes(out)


def streaming_put(server: PailServer, target: str, data: bytes, *, mode: str, chunk_size: int = 64 * 1024,
                  trailer_algorithm: str | None = None, trailer_value: str | None = None,
                  corrupt_chunk: int | None = None, transfer_chunked: bool = False,
                  headers: dict | None = None) -> RawResponse:
    """PUT `data` as aws-chunked in one of the three streaming modes, signed by botocore."""
    hdrs = {"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": str(len(data))}
    hdrs.update(headers or {})
    trailers = None
    if trailer_algorithm:
        name = f"x-amz-checksum-{trailer_algorithm.lower()}"
        hdrs["X-Amz-Trailer"] = name
        hdrs["X-Amz-Sdk-Checksum-Algorithm"] = trailer_algorithm.upper()
        trailers = [(name, trailer_value or checksum_b64(trailer_algorithm, data))]
    chunks = split_chunks(data, chunk_size)
    if mode == STREAMING_UNSIGNED_TRAILER:
        assert trailers is not None
        send, signer, _ = sign_headers(server, "PUT", target, hdrs, payload_hash=mode)
        body = encode_unsigned_trailer(chunks, trailers)
    else:
        send, signer, req = sign_headers(server, "PUT", target, hdrs, payload_hash=mode)
        chunk_signer = ChunkSigner(server.secret_key, req.context["timestamp"], server.region,
                                   signer.signature_value)
        body = encode_signed_chunks(chunk_signer, chunks, trailers if mode == STREAMING_SIGNED_TRAILER else None,
                                    corrupt_chunk=corrupt_chunk)
    if not transfer_chunked:
        send["Content-Length"] = str(len(body))
    status, rh, rb = raw_request(server, "PUT", target, body, headers=send, chunked=transfer_chunked)
    return RawResponse(status, rh, rb, signer=signer, sent_headers=send)


def quote_key(key: str) -> str:
    """Percent-encode a key for a path the way botocore does (safe '/~')."""
    from urllib.parse import quote
    return quote(key, safe="/~")


def wait_port_closed(host: str, port: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=0.2).close()
        except OSError:
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def client_time_offset(seconds: float):
    """botocore signs as if its clock were `seconds` ahead (SigV4 headers and presigned URLs, with its
    own signers or, when awscrt is installed, the CRT ones, which read the time through their module)."""
    modules = [botocore.auth]
    with contextlib.suppress(ImportError):
        modules.append(importlib.import_module("botocore.crt.auth"))
    real = botocore.auth.get_current_datetime

    def shifted(*args, **kwargs):
        return real(*args, **kwargs) + datetime.timedelta(seconds=seconds)

    for module in modules:
        module.get_current_datetime = shifted
    try:
        yield
    finally:
        for module in modules:
            module.get_current_datetime = real
