"""Observability seen from outside (docs/observability.md): after a scripted sequence of requests, the
`--access-log json` lines and the `GET /_pail/metrics` exposition say exactly what happened.

Every request is sent by a real client (http.client with botocore's signer, boto3 for STS, curl-like
raw HTTP for IMDS and the health probe). Time, duration and request id are checked by form (the
request id also against the response's `x-amz-request-id`); every other field, and every counter and
histogram bucket, exactly.
"""
from __future__ import annotations

import calendar
import http.client
import json
import re
import time
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import boto3
import pytest

import pail_e2e
from pail_e2e import PailServer, raw_request, signed_request

if pail_e2e.external_endpoint():
    pytest.skip("reads the access log of a pail process of its own", allow_module_level=True)

BOUNDS = [Decimal(b) for b in "0.0005 0.001 0.0025 0.005 0.01 0.025 0.05 0.1 0.25 0.5 1 2.5 5 10".split()]
FIELDS = ["time", "request_id", "remote_addr", "access_key", "operation", "bucket", "key", "status",
          "error_code", "bytes_in", "bytes_out", "duration_ms", "fault"]
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
DURATION = re.compile(r'"duration_ms":(\d+\.\d{6}),')
SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"')


def read_log(path: Path) -> list[dict]:
    """The access-log file's records; each line must be one JSON object with exactly FIELDS in order."""
    records = []
    for line in path.read_text("utf-8").splitlines():
        record = json.loads(line, parse_float=Decimal)
        assert list(record) == FIELDS, line
        # The raw text too: six decimals, so the duration is exact to the nanosecond.
        assert DURATION.search(line), line
        records.append(record)
    return records


def parse_metrics(text: str) -> tuple[dict, dict]:
    """Prometheus text format 0.0.4: returns ({family: type}, {(name, labels): value}). Checks the
    grammar of every line, and that HELP and TYPE come once per family, before its samples."""
    types: dict[str, str] = {}
    helps: set[str] = set()
    samples: dict[tuple, Decimal] = {}
    assert text.endswith("\n")
    for line in text.splitlines():
        if line.startswith("# HELP "):
            name = line.split(" ")[2]
            assert name not in helps
            helps.add(name)
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ")
            assert name in helps and name not in types and kind in ("counter", "gauge", "histogram")
            types[name] = kind
            continue
        m = SAMPLE.match(line)
        assert m, f"not a sample line: {line!r}"
        name, labels, value = m.group(1), tuple(LABEL.findall(m.group(2) or "")), m.group(3)
        family = re.sub(r"_(bucket|sum|count)$", "", name) if name not in types else name
        assert family in types, f"{name} before its TYPE line"
        key = (name, labels)
        assert key not in samples, f"duplicate sample {line!r}"
        samples[key] = Decimal(value)
    return types, samples


def bucket_of(duration_ms: Decimal) -> int:
    seconds = duration_ms / 1000
    return next((i for i, bound in enumerate(BOUNDS) if seconds <= bound), len(BOUNDS))


@pytest.fixture
def osrv(tmp_path, request):
    log = tmp_path / "access.jsonl"
    srv = PailServer(tmp_path / "data", tmp_path,
                     extra_args=("--access-log", "json", "--access-log-file", str(log), "--durability", "none",
                                 "--imds-address", "127.0.0.1:0"))
    srv.start()
    srv.access_log = log
    request.node._pail_servers = [srv]
    yield srv
    assert srv.stop() in (None, 0), srv.log_tail()


def imds_endpoint(srv: PailServer) -> tuple[str, int]:
    m = re.search(r"IMDS:\s+http://([\d.]+):(\d+)", srv.log_path.read_text("utf-8", "replace"))
    assert m, srv.log_tail()
    return m.group(1), int(m.group(2))


def test_json_access_log_and_metrics_match_a_scripted_sequence(osrv):
    srv = osrv
    started = time.time()
    boot = read_log(srv.access_log)
    # The fixture's readiness probes, before the script.
    assert boot and all((r["operation"], r["status"]) == ("PailHealth", 200) for r in boot)

    bucket, key, target = "obs-bucket", "notes/a b.txt", "/obs-bucket/notes/a%20b.txt"
    body = b"observability, exactly"
    expected: list[dict] = []

    def expect(request_id, operation, status, *, access_key=srv.access_key, bucket=bucket, key=key, error_code=None,
               bytes_in=0, bytes_out=0, fault=None):
        expected.append(dict(request_id=request_id, access_key=access_key, operation=operation, bucket=bucket, key=key,
                             status=status, error_code=error_code, bytes_in=bytes_in, bytes_out=bytes_out, fault=fault))

    r = signed_request(srv, "PUT", f"/{bucket}")
    assert r.status == 200
    expect(r.headers["x-amz-request-id"], "CreateBucket", 200, key=None, bytes_out=len(r.body))

    r = signed_request(srv, "PUT", target, body)
    assert r.status == 200
    expect(r.headers["x-amz-request-id"], "PutObject", 200, bytes_in=len(body))

    r = signed_request(srv, "GET", target)
    assert r.status == 200 and r.body == body
    expect(r.headers["x-amz-request-id"], "GetObject", 200, bytes_out=len(body))

    r = signed_request(srv, "HEAD", f"/{bucket}/missing")
    assert r.status == 404
    expect(r.headers["x-amz-request-id"], "HeadObject", 404, key="missing", error_code="NoSuchKey")

    r = signed_request(srv, "GET", f"/{bucket}?list-type=2")
    assert r.status == 200 and b"<Key>notes/a b.txt</Key>" in r.body
    expect(r.headers["x-amz-request-id"], "ListObjectsV2", 200, key=None, bytes_out=len(r.body))

    r = signed_request(srv, "GET", target, secret_key="not-the-secret")
    assert r.status == 403 and r.error()["Code"] == "SignatureDoesNotMatch"
    # The key a failed signature claimed is logged: that is who to ask about it.
    expect(r.headers["x-amz-request-id"], "GetObject", 403, error_code="SignatureDoesNotMatch", bytes_out=len(r.body))

    rule = json.dumps({"id": "slow-put", "match": {"operations": ["PutObject"]}, "when": "once",
                       "action": {"type": "error", "code": "SlowDown"}}).encode()
    status, headers, reply = raw_request(srv, "POST", "/_pail/faults", rule, headers={"Content-Type": "application/json"})
    assert status == 201
    # Admin calls from loopback are unsigned.
    expect(headers["x-amz-request-id"], "PailAdmin", 201, access_key=None, bucket=None, key=None,
           bytes_in=len(rule), bytes_out=len(reply))

    r = signed_request(srv, "PUT", target, b"refused")
    assert r.status == 503 and r.error()["Code"] == "SlowDown"
    # The fault answers before the body is read: no byte of it came in.
    expect(r.headers["x-amz-request-id"], "PutObject", 503, error_code="SlowDown", bytes_out=len(r.body),
           fault="slow-put:error=503:SlowDown")

    status, headers, reply = raw_request(srv, "GET", target)
    assert status == 403
    expect(headers["x-amz-request-id"], "GetObject", 403, access_key=None, error_code="AccessDenied", bytes_out=len(reply))

    sts = boto3.session.Session().client("sts", endpoint_url=srv.endpoint, region_name=srv.region,
                                         aws_access_key_id=srv.access_key, aws_secret_access_key=srv.secret_key)
    ident = sts.get_caller_identity()
    meta = ident["ResponseMetadata"]
    form = b"Action=GetCallerIdentity&Version=2011-06-15"
    expect(meta["RequestId"], "GetCallerIdentity", 200, bucket=None, key=None, bytes_in=len(form),
           bytes_out=int(meta["HTTPHeaders"]["content-length"]))

    host, port = imds_endpoint(srv)
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("PUT", "/latest/api/token", headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
    resp = conn.getresponse()
    token = resp.read()
    conn.close()
    assert resp.status == 200 and token
    expect(None, "GetToken", 200, access_key=None, bucket=None, key=None, bytes_out=len(token))

    status, headers, reply = raw_request(srv, "GET", "/minio/health/live")
    assert status == 200
    expect(headers["x-amz-request-id"], "MinioHealth", 200, access_key=None, bucket=None, key=None)

    status, headers, scrape = raw_request(srv, "GET", "/_pail/metrics")
    assert status == 200
    assert headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    scrape_id = headers["x-amz-request-id"]

    # --- the access log -----------------------------------------------------------------------
    records = read_log(srv.access_log)
    script = records[len(boot):]
    assert len(script) == len(expected) + 1, "\n".join(map(str, script))
    for got, want in zip(script, expected):
        assert TIME.match(got["time"]), got
        assert started - 5 <= calendar.timegm(time.strptime(got["time"][:19], "%Y-%m-%dT%H:%M:%S")) <= time.time() + 5, got
        assert re.fullmatch(r"127\.0\.0\.1:\d+", got["remote_addr"]), got
        assert re.fullmatch(r"[0-9A-F]{16}", got["request_id"]), got
        if want["request_id"] is not None:
            assert got["request_id"] == want["request_id"], got
        assert isinstance(got["duration_ms"], Decimal) and got["duration_ms"] >= 0
        assert {k: got[k] for k in want if k != "request_id"} == {k: v for k, v in want.items() if k != "request_id"}
    ids = [r["request_id"] for r in records]
    assert len(set(ids)) == len(ids), "request ids repeat"
    last = script[-1]
    assert (last["request_id"], last["operation"], last["status"], last["bytes_out"]) == \
        (scrape_id, "PailMetrics", 200, len(scrape))

    # --- the metrics, as of the scrape (which does not count itself) ----------------------------
    types, samples = parse_metrics(scrape.decode())
    counted = records[:-1]
    assert types == {"pail_requests_total": "counter", "pail_received_bytes_total": "counter",
                     "pail_sent_bytes_total": "counter", "pail_request_duration_seconds": "histogram",
                     "pail_faults_fired_total": "counter", "pail_open_connections": "gauge",
                     "pail_worker_threads": "gauge", "pail_objects": "gauge", "pail_stored_bytes": "gauge"}

    def series(name):
        return {labels: v for (n, labels), v in samples.items() if n == name}

    by_status = Counter((r["operation"], str(r["status"])) for r in counted)
    assert series("pail_requests_total") == {(("operation", op), ("status", st)): n for (op, st), n in by_status.items()}
    received, sent = defaultdict(int), defaultdict(int)
    for r in counted:
        received[r["operation"]] += r["bytes_in"]
        sent[r["operation"]] += r["bytes_out"]
    assert series("pail_received_bytes_total") == {(("operation", op),): n for op, n in received.items()}
    assert series("pail_sent_bytes_total") == {(("operation", op),): n for op, n in sent.items()}

    per_bucket: dict[str, list[int]] = defaultdict(lambda: [0] * (len(BOUNDS) + 1))
    durations: dict[str, Decimal] = defaultdict(Decimal)
    for r in counted:
        per_bucket[r["operation"]][bucket_of(r["duration_ms"])] += 1
        durations[r["operation"]] += r["duration_ms"] / 1000
    les = [str(b) if b != b.to_integral() else f"{b}.0" for b in BOUNDS] + ["+Inf"]
    want_buckets, want_counts = {}, {}
    for op, counts in per_bucket.items():
        cumulative = 0
        for le, n in zip(les, counts):
            cumulative += n
            want_buckets[(("operation", op), ("le", le))] = cumulative
        want_counts[(("operation", op),)] = cumulative
    assert series("pail_request_duration_seconds_bucket") == want_buckets
    assert series("pail_request_duration_seconds_count") == want_counts
    sums = series("pail_request_duration_seconds_sum")
    assert set(sums) == {(("operation", op),) for op in durations}
    for op, total in durations.items():
        assert abs(sums[(("operation", op),)] - total) < Decimal("1e-6"), op

    assert series("pail_faults_fired_total") == {(("rule", "slow-put"),): 1}
    assert samples[("pail_objects", ())] == 1
    assert samples[("pail_stored_bytes", ())] == len(body)
    assert samples[("pail_open_connections", ())] >= 1  # the scrape's own connection
    assert samples[("pail_worker_threads", ())] >= 1

    # A second scrape counts the first.
    status, _, again = raw_request(srv, "GET", "/_pail/metrics")
    _, later = parse_metrics(again.decode())
    assert later[("pail_requests_total", (("operation", "PailMetrics"), ("status", "200")))] == 1
    assert later[("pail_sent_bytes_total", (("operation", "PailMetrics"),))] == len(scrape)


def test_json_access_log_goes_to_standard_error_without_a_file(tmp_path):
    srv = PailServer(tmp_path / "data", tmp_path, extra_args=("--access-log=json", "--imds-address", "off")).start()
    try:
        r = signed_request(srv, "GET", "/no-such-bucket?list-type=2")
        assert r.status == 404
    finally:
        assert srv.stop() in (None, 0)
    lines = [json.loads(l) for l in srv.log_path.read_text("utf-8").splitlines() if l.startswith("{")]
    mine = [l for l in lines if l["request_id"] == r.headers["x-amz-request-id"]]
    assert len(mine) == 1
    assert (mine[0]["operation"], mine[0]["bucket"], mine[0]["status"], mine[0]["error_code"]) == \
        ("ListObjectsV2", "no-such-bucket", 404, "NoSuchBucket")


def test_access_log_alone_still_writes_text_lines(tmp_path):
    srv = PailServer(tmp_path / "data", tmp_path, extra_args=("--access-log", "--imds-address", "off")).start()
    try:
        status, headers, _ = raw_request(srv, "GET", "/_pail/health")
        assert status == 200
    finally:
        assert srv.stop() in (None, 0)
    rid = headers["x-amz-request-id"]
    lines = [l for l in srv.log_path.read_text("utf-8").splitlines() if f"id={rid}" in l]
    assert len(lines) == 1
    assert re.fullmatch(r"\S+Z 127\.0\.0\.1:\d+ GET /_pail/health 200 \d+ms id=" + rid, lines[0])


def test_bad_access_log_format_is_refused_at_start(tmp_path):
    import subprocess
    proc = subprocess.run([str(pail_e2e.pail_binary()), "serve", "--data", str(tmp_path / "d"), "--address", "127.0.0.1:0",
                           "--access-log-format", "xml"], capture_output=True, text=True, timeout=30,
                          env=pail_e2e.clean_env())
    assert proc.returncode != 0
    assert "'text' or 'json'" in proc.stderr
