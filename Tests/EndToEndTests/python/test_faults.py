"""Fault injection seen from outside: every action of docs/FAULTS.md observed by a real client.

Rules go in through the admin API (`POST /_pail/faults`), the `x-pail-fault` header, or a plan file at
start; what fired is read back from `GET /_pail/faults/log` and the access log. The clients are boto3
(standard retry mode) and the AWS CLI; nothing here knows Pail's internals.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import botocore.exceptions
import pytest
from botocore.exceptions import ClientError

import pail_e2e
from pail_e2e import PailServer, error_code, http_status, raw_request, unique_bucket

PLAN = pail_e2e.PACKAGE_ROOT / "data" / "faults" / "example-plan.json"

if pail_e2e.external_endpoint():
    pytest.skip("fault injection needs a pail process of its own", allow_module_level=True)


# ---------------------------------------------------------------------------------------------
# Admin API helpers.
# ---------------------------------------------------------------------------------------------
def add_rule(srv: PailServer, rule: dict) -> str:
    status, _, body = raw_request(srv, "POST", "/_pail/faults", json.dumps(rule).encode(),
                                  headers={"Content-Type": "application/json"})
    assert status == 201, f"POST /_pail/faults -> {status}: {body!r}"
    rules = json.loads(body)["rules"]
    assert len(rules) == 1
    return rules[0]["id"]


def list_rules(srv: PailServer) -> dict:
    status, _, body = raw_request(srv, "GET", "/_pail/faults")
    assert status == 200, body
    return json.loads(body)


def fault_log(srv: PailServer) -> list[dict]:
    status, _, body = raw_request(srv, "GET", "/_pail/faults/log")
    assert status == 200, body
    return json.loads(body)["entries"]


def clear_faults(srv: PailServer) -> None:
    for path in ("/_pail/faults", "/_pail/faults/log"):
        status, _, body = raw_request(srv, "DELETE", path)
        assert status == 204, f"DELETE {path} -> {status}: {body!r}"


def fired(srv: PailServer, rule_id: str) -> list[dict]:
    return [e for e in fault_log(srv) if e["ruleID"] == rule_id]


# ---------------------------------------------------------------------------------------------
# Fixtures: one server for the module, with the header path and the access log on.
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def fsrv(tmp_path_factory, request):
    tmp = tmp_path_factory.mktemp("pail-faults")
    srv = PailServer(tmp / "data", tmp, extra_args=("--allow-fault-header", "--access-log")).start()
    request.node._pail_servers = [srv]
    yield srv
    code = srv.stop()
    assert code in (None, 0), f"pail exited {code} on SIGTERM; log:\n{srv.log_tail()}"


@pytest.fixture(autouse=True)
def _clean_rules(request):
    if "fsrv" in request.fixturenames:
        srv = request.getfixturevalue("fsrv")
        clear_faults(srv)
        yield
        clear_faults(srv)
    else:
        yield


@pytest.fixture
def fbucket(fsrv):
    name = unique_bucket("faults")
    fsrv.client().create_bucket(Bucket=name)
    return name


# ---------------------------------------------------------------------------------------------
# error
# ---------------------------------------------------------------------------------------------
def test_error_slowdown_is_retried_by_boto3_standard_mode(fsrv, fbucket):
    rid = add_rule(fsrv, {"match": {"operations": ["PutObject"]}, "when": {"first": 2},
                          "action": {"type": "error", "code": "SlowDown"}})
    s3 = fsrv.client(attempts=5)
    resp = s3.put_object(Bucket=fbucket, Key="throttled", Body=b"eventually")
    assert resp["ResponseMetadata"]["RetryAttempts"] == 2
    assert s3.get_object(Bucket=fbucket, Key="throttled")["Body"].read() == b"eventually"
    entries = fired(fsrv, rid)
    assert len(entries) == 2
    for e in entries:
        assert e["operation"] == "PutObject" and e["bucket"] == fbucket and e["key"] == "throttled"
        assert e["action"]["type"] == "error" and e["action"]["code"] == "SlowDown"
        assert e["action"]["status"] == 503


def test_error_slowdown_without_retries_reaches_the_caller(fsrv, fbucket):
    add_rule(fsrv, {"match": {"operations": ["PutObject"]}, "when": "once",
                    "action": {"type": "error", "code": "SlowDown"}})
    with pytest.raises(ClientError) as exc:
        fsrv.client(attempts=1).put_object(Bucket=fbucket, Key="k", Body=b"x")
    assert error_code(exc.value) == "SlowDown"
    assert http_status(exc.value) == 503


def test_aws_cli_gives_up_on_persistent_500_after_its_attempts(fsrv, fbucket, tmp_path):
    rid = add_rule(fsrv, {"match": {"operations": ["PutObject"]},
                          "action": {"type": "error", "code": "InternalError"}})
    src = tmp_path / "payload.bin"
    src.write_bytes(b"never stored")
    env = fsrv.cli_env()
    env.update({"AWS_MAX_ATTEMPTS": "3", "AWS_RETRY_MODE": "standard"})
    proc = subprocess.run(["aws", "--endpoint-url", fsrv.endpoint, "--region", fsrv.region, "s3api",
                           "put-object", "--bucket", fbucket, "--key", "doomed", "--body", str(src)],
                          env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0, proc.stdout
    assert "InternalError" in proc.stderr
    entries = fired(fsrv, rid)
    assert len(entries) == 3, entries
    assert all(e["key"] == "doomed" and e["action"]["status"] == 500 for e in entries)


def test_aws_s3_cp_gives_up_on_persistent_500(fsrv, fbucket, tmp_path):
    rid = add_rule(fsrv, {"match": {"operations": ["PutObject"], "bucket": fbucket},
                          "action": {"type": "error", "code": "InternalError"}})
    src = tmp_path / "small.txt"
    src.write_bytes(b"small file")
    env = fsrv.cli_env()
    env.update({"AWS_MAX_ATTEMPTS": "3", "AWS_RETRY_MODE": "standard"})
    proc = subprocess.run(["aws", "--endpoint-url", fsrv.endpoint, "--region", fsrv.region, "s3", "cp",
                           str(src), f"s3://{fbucket}/small.txt"],
                          env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0, proc.stdout
    assert len(fired(fsrv, rid)) == 3


def test_error_with_custom_status_and_code(fsrv, fbucket):
    rid = add_rule(fsrv, {"match": {"bucket": fbucket, "operations": ["GetObject"]},
                          "action": {"type": "error", "status": 423, "code": "Locked",
                                     "message": "This bucket is locked for the test"}})
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="k", Body=b"v")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=fbucket, Key="k")
    assert http_status(exc.value) == 423
    assert error_code(exc.value) == "Locked"
    assert exc.value.response["Error"]["Message"] == "This bucket is locked for the test"
    assert len(fired(fsrv, rid)) == 1


def test_error_with_unknown_code_and_status(fsrv, fbucket):
    add_rule(fsrv, {"match": {"bucket": fbucket, "operations": ["HeadBucket", "ListObjectsV2"]},
                    "action": {"type": "error", "status": 403, "code": "AccountProblem"}})
    with pytest.raises(ClientError) as exc:
        fsrv.client().list_objects_v2(Bucket=fbucket)
    assert http_status(exc.value) == 403
    assert error_code(exc.value) == "AccountProblem"


# ---------------------------------------------------------------------------------------------
# truncate / corrupt
# ---------------------------------------------------------------------------------------------
def test_truncated_body_raises_in_boto3(fsrv, fbucket):
    data = os.urandom(64 * 1024)
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="t", Body=data)
    rid = add_rule(fsrv, {"match": {"operations": ["GetObject"]}, "when": "once",
                          "action": {"type": "truncate", "afterBytes": 100}})
    resp = s3.get_object(Bucket=fbucket, Key="t")
    assert resp["ContentLength"] == len(data)  # the headers announce the full length
    with pytest.raises((botocore.exceptions.IncompleteReadError,
                        botocore.exceptions.ResponseStreamingError)):
        resp["Body"].read()
    assert len(fired(fsrv, rid)) == 1
    assert s3.get_object(Bucket=fbucket, Key="t")["Body"].read() == data  # once only


def test_corrupted_byte_fails_boto3_checksum_validation(fsrv, fbucket):
    data = os.urandom(4096)
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="c", Body=data, ChecksumAlgorithm="CRC32")
    rid = add_rule(fsrv, {"match": {"operations": ["GetObject"], "bucket": fbucket}, "when": "once",
                          "action": {"type": "corrupt", "offset": 10, "count": 1}})
    resp = s3.get_object(Bucket=fbucket, Key="c", ChecksumMode="ENABLED")
    assert resp["ChecksumCRC32"] == pail_e2e.checksum_b64("CRC32", data)  # headers unchanged
    with pytest.raises(botocore.exceptions.FlexibleChecksumError):
        resp["Body"].read()
    assert len(fired(fsrv, rid)) == 1
    got = s3.get_object(Bucket=fbucket, Key="c", ChecksumMode="ENABLED")["Body"].read()
    assert got == data


def test_corrupt_without_verification_flips_exactly_those_bytes(fsrv, fbucket):
    data = bytes(range(256)) * 4
    # No checksum on the PUT and no validation on the GET: the flipped bytes reach the caller.
    s3 = fsrv.client(request_checksum_calculation="when_required",
                     response_checksum_validation="when_required")
    s3.put_object(Bucket=fbucket, Key="raw", Body=data)
    add_rule(fsrv, {"match": {"operations": ["GetObject"]}, "when": "once",
                    "action": {"type": "corrupt", "offset": 100, "count": 4}})
    got = s3.get_object(Bucket=fbucket, Key="raw")["Body"].read()
    expected = bytearray(data)
    for i in range(100, 104):
        expected[i] ^= 0xFF
    assert got == bytes(expected)


# ---------------------------------------------------------------------------------------------
# lostWrite / staleRead
# ---------------------------------------------------------------------------------------------
def test_lost_write_without_keep_old_reads_as_absent(fsrv, fbucket):
    rid = add_rule(fsrv, {"match": {"operations": ["PutObject"], "keyPrefix": "ledger/"}, "when": "once",
                          "action": {"type": "lostWrite", "keepOld": False}})
    s3 = fsrv.client()
    resp = s3.put_object(Bucket=fbucket, Key="ledger/1", Body=b"acknowledged")
    assert resp["ETag"] == f'"{pail_e2e.md5_hex(b"acknowledged")}"'
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=fbucket, Key="ledger/1")
    assert http_status(exc.value) == 404
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=fbucket, Key="ledger/1")
    assert error_code(exc.value) == "NoSuchKey"
    assert len(fired(fsrv, rid)) == 1


def test_lost_write_without_keep_old_removes_the_old_version_too(fsrv, fbucket):
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="ledger/2", Body=b"old")
    add_rule(fsrv, {"match": {"operations": ["PutObject"]}, "when": "once",
                    "action": {"type": "lostWrite", "keepOld": False}})
    s3.put_object(Bucket=fbucket, Key="ledger/2", Body=b"new")
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=fbucket, Key="ledger/2")
    assert http_status(exc.value) == 404


def test_lost_write_with_keep_old_leaves_the_previous_version(fsrv, fbucket):
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="ledger/3", Body=b"version one")
    rid = add_rule(fsrv, {"match": {"operations": ["PutObject"]}, "when": "once",
                          "action": {"type": "lostWrite", "keepOld": True}})
    resp = s3.put_object(Bucket=fbucket, Key="ledger/3", Body=b"version two")
    assert resp["ETag"] == f'"{pail_e2e.md5_hex(b"version two")}"'
    head = s3.head_object(Bucket=fbucket, Key="ledger/3")
    assert head["ETag"] == f'"{pail_e2e.md5_hex(b"version one")}"'
    assert s3.get_object(Bucket=fbucket, Key="ledger/3")["Body"].read() == b"version one"
    assert len(fired(fsrv, rid)) == 1
    s3.put_object(Bucket=fbucket, Key="ledger/3", Body=b"version three")  # once: next write sticks
    assert s3.get_object(Bucket=fbucket, Key="ledger/3")["Body"].read() == b"version three"


def test_stale_read_serves_the_previous_version_after_an_overwrite(fsrv, fbucket):
    s3 = fsrv.client()
    rid = add_rule(fsrv, {"match": {"operations": ["GetObject", "HeadObject"]}, "when": {"first": 2},
                          "action": {"type": "staleRead"}})
    s3.put_object(Bucket=fbucket, Key="doc", Body=b"first")
    s3.put_object(Bucket=fbucket, Key="doc", Body=b"second")
    assert s3.get_object(Bucket=fbucket, Key="doc")["Body"].read() == b"first"
    assert s3.head_object(Bucket=fbucket, Key="doc")["ETag"] == f'"{pail_e2e.md5_hex(b"first")}"'
    assert s3.get_object(Bucket=fbucket, Key="doc")["Body"].read() == b"second"
    assert len(fired(fsrv, rid)) == 2


def test_stale_read_of_a_new_key_is_no_such_key(fsrv, fbucket):
    s3 = fsrv.client()
    add_rule(fsrv, {"match": {"operations": ["GetObject"]}, "when": "once", "action": {"type": "staleRead"}})
    s3.put_object(Bucket=fbucket, Key="fresh", Body=b"just written")
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=fbucket, Key="fresh")
    assert error_code(exc.value) == "NoSuchKey"
    assert s3.get_object(Bucket=fbucket, Key="fresh")["Body"].read() == b"just written"


def test_stale_read_via_header(fsrv, fbucket):
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="hs", Body=b"first")
    s3.put_object(Bucket=fbucket, Key="hs", Body=b"second")
    stale = _with_fault_header(fsrv.client(), "staleRead")
    assert stale.get_object(Bucket=fbucket, Key="hs")["Body"].read() == b"first"


# ---------------------------------------------------------------------------------------------
# latency / bandwidth
# ---------------------------------------------------------------------------------------------
def test_latency_before_response_is_measured(fsrv, fbucket):
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="l", Body=b"x")
    t0 = time.monotonic()
    s3.head_object(Bucket=fbucket, Key="l")
    baseline = time.monotonic() - t0
    add_rule(fsrv, {"match": {"operations": ["HeadObject"]},
                    "action": {"type": "latency", "ms": 800, "phase": "beforeResponse"}})
    t0 = time.monotonic()
    s3.head_object(Bucket=fbucket, Key="l")
    elapsed = time.monotonic() - t0
    assert 0.8 <= elapsed < 0.8 + baseline + 2.0, elapsed


def test_latency_before_body_delays_only_the_body(fsrv, fbucket):
    s3 = fsrv.client()
    data = os.urandom(10_000)
    s3.put_object(Bucket=fbucket, Key="lb", Body=data)
    add_rule(fsrv, {"match": {"operations": ["GetObject"]},
                    "action": {"type": "latency", "ms": 1000, "phase": "beforeBody"}})
    t0 = time.monotonic()
    resp = s3.get_object(Bucket=fbucket, Key="lb")
    t_headers = time.monotonic() - t0
    assert resp["Body"].read() == data
    t_total = time.monotonic() - t0
    assert t_headers < 0.9, t_headers
    assert 1.0 <= t_total < 3.5, t_total


def test_bandwidth_limits_the_body_rate(fsrv, fbucket):
    s3 = fsrv.client()
    data = os.urandom(200 * 1024)
    s3.put_object(Bucket=fbucket, Key="bw", Body=data)
    rid = add_rule(fsrv, {"match": {"operations": ["GetObject"]},
                          "action": {"type": "bandwidth", "bytesPerSecond": 100 * 1024}})
    t0 = time.monotonic()
    got = s3.get_object(Bucket=fbucket, Key="bw")["Body"].read()
    elapsed = time.monotonic() - t0
    assert got == data
    assert 1.6 <= elapsed <= 3.5, elapsed  # nominal 2.0 s
    assert len(fired(fsrv, rid)) == 1


# ---------------------------------------------------------------------------------------------
# reset / stall
# ---------------------------------------------------------------------------------------------
def client_with_timeout(srv: PailServer, read_timeout: float):
    import boto3
    from botocore.config import Config
    cfg = Config(region_name=srv.region, signature_version="s3v4", s3={"addressing_style": "path"},
                 retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=5,
                 read_timeout=read_timeout)
    return boto3.session.Session().client("s3", endpoint_url=srv.endpoint, region_name=srv.region,
                                          aws_access_key_id=srv.access_key,
                                          aws_secret_access_key=srv.secret_key, config=cfg)


CONNECTION_ERRORS = (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError)


def test_reset_before_response_is_a_connection_error(fsrv, fbucket):
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="r", Body=b"x")
    rid = add_rule(fsrv, {"match": {"operations": ["GetObject"]}, "when": "once", "action": {"type": "reset"}})
    with pytest.raises(CONNECTION_ERRORS):
        s3.get_object(Bucket=fbucket, Key="r")
    assert len(fired(fsrv, rid)) == 1
    assert s3.get_object(Bucket=fbucket, Key="r")["Body"].read() == b"x"


def test_reset_before_response_is_retried_by_boto3(fsrv, fbucket):
    s3 = fsrv.client(attempts=3)
    s3.put_object(Bucket=fbucket, Key="rr", Body=b"retry me")
    add_rule(fsrv, {"match": {"operations": ["GetObject"]}, "when": "once", "action": {"type": "reset"}})
    resp = s3.get_object(Bucket=fbucket, Key="rr")
    assert resp["Body"].read() == b"retry me"
    assert resp["ResponseMetadata"]["RetryAttempts"] == 1


def test_reset_after_bytes_cuts_the_body(fsrv, fbucket):
    data = os.urandom(256 * 1024)
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="big/r", Body=data)
    rid = add_rule(fsrv, {"match": {"operations": ["GetObject"], "keyPrefix": "big/"}, "when": "once",
                          "action": {"type": "reset", "afterBytes": 65536}})
    resp = s3.get_object(Bucket=fbucket, Key="big/r")
    assert resp["ContentLength"] == len(data)
    body = resp["Body"]
    got = bytearray()
    with pytest.raises((botocore.exceptions.ResponseStreamingError,
                        botocore.exceptions.IncompleteReadError) + CONNECTION_ERRORS):
        while True:
            chunk = body.read(8192)
            if not chunk:
                break
            got += chunk
    assert len(got) <= 65536
    assert bytes(got) == data[:len(got)]
    assert len(fired(fsrv, rid)) == 1


def test_stall_hits_the_boto3_read_timeout(fsrv, fbucket):
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="s", Body=b"x")
    rid = add_rule(fsrv, {"match": {"operations": ["GetObject"]}, "when": "once", "action": {"type": "stall"}})
    impatient = client_with_timeout(fsrv, 1)
    t0 = time.monotonic()
    with pytest.raises(botocore.exceptions.ReadTimeoutError):
        impatient.get_object(Bucket=fbucket, Key="s")
    assert 0.9 <= time.monotonic() - t0 < 10
    assert len(fired(fsrv, rid)) == 1
    assert s3.get_object(Bucket=fbucket, Key="s")["Body"].read() == b"x"


def test_bounded_stall_closes_the_connection(fsrv, fbucket):
    s3 = fsrv.client()
    s3.put_object(Bucket=fbucket, Key="s2", Body=b"x")
    add_rule(fsrv, {"match": {"operations": ["GetObject"]}, "when": "once",
                    "action": {"type": "stall", "ms": 1000}})
    t0 = time.monotonic()
    with pytest.raises(CONNECTION_ERRORS):
        client_with_timeout(fsrv, 10).get_object(Bucket=fbucket, Key="s2")
    assert 0.9 <= time.monotonic() - t0 < 8


# ---------------------------------------------------------------------------------------------
# clockSkew / expireCredentials
# ---------------------------------------------------------------------------------------------
def test_clock_skew_gives_request_time_too_skewed(fsrv, fbucket):
    rid = add_rule(fsrv, {"match": {"operations": ["ListObjectsV2"]},
                          "action": {"type": "clockSkew", "seconds": 1200}})
    with pytest.raises(ClientError) as exc:
        fsrv.client().list_objects_v2(Bucket=fbucket)
    assert error_code(exc.value) == "RequestTimeTooSkewed"
    assert http_status(exc.value) == 403
    assert len(fired(fsrv, rid)) == 1


def test_small_clock_skew_is_tolerated(fsrv, fbucket):
    add_rule(fsrv, {"match": {"operations": ["ListObjectsV2"]},
                    "action": {"type": "clockSkew", "seconds": -300}})
    fsrv.client().list_objects_v2(Bucket=fbucket)


def _sts(srv: PailServer):
    import boto3
    from botocore.config import Config
    return boto3.session.Session().client(
        "sts", endpoint_url=srv.endpoint, region_name=srv.region, aws_access_key_id=srv.access_key,
        aws_secret_access_key=srv.secret_key, config=Config(retries={"total_max_attempts": 1}))


def test_expire_credentials_makes_a_session_token_expired(fsrv, fbucket):
    creds = _sts(fsrv).get_session_token(DurationSeconds=900)["Credentials"]
    import boto3
    from botocore.config import Config
    temp = boto3.session.Session().client(
        "s3", endpoint_url=fsrv.endpoint, region_name=fsrv.region, aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"],
        config=Config(retries={"total_max_attempts": 1}, s3={"addressing_style": "path"}))
    temp.list_objects_v2(Bucket=fbucket)  # works before the rule
    rid = add_rule(fsrv, {"match": {"accessKey": creds["AccessKeyId"]},
                          "action": {"type": "expireCredentials"}})
    with pytest.raises(ClientError) as exc:
        temp.list_objects_v2(Bucket=fbucket)
    assert error_code(exc.value) == "ExpiredToken"
    assert len(fired(fsrv, rid)) == 1
    fsrv.client().list_objects_v2(Bucket=fbucket)  # root keys (no token) unaffected by the rule


def test_expire_credentials_makes_sts_hand_out_expired_credentials(fsrv):
    add_rule(fsrv, {"match": {"service": "sts"}, "action": {"type": "expireCredentials"}})
    creds = _sts(fsrv).get_session_token(DurationSeconds=900)["Credentials"]
    assert [e["operation"] for e in fault_log(fsrv)] == ["GetSessionToken"]
    remaining = creds["Expiration"].timestamp() - time.time()
    assert remaining <= 5, creds["Expiration"]


# ---------------------------------------------------------------------------------------------
# The x-pail-fault header.
# ---------------------------------------------------------------------------------------------
def _with_fault_header(s3, value: str):
    def add(request, **_):
        request.headers["x-pail-fault"] = value
    s3.meta.events.register("before-sign.s3.*", add)
    return s3


def test_fault_header_is_honoured_with_allow_fault_header(fsrv, fbucket):
    s3 = _with_fault_header(fsrv.client(), "error=423:Locked")
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=fbucket, Key="h", Body=b"x")
    assert http_status(exc.value) == 423
    assert error_code(exc.value) == "Locked"
    entries = fault_log(fsrv)
    assert [(e["ruleID"], e["operation"], e["key"]) for e in entries] == [("header", "PutObject", "h")]


def test_fault_header_json_form_and_several_actions(fsrv, fbucket):
    data = os.urandom(1000)
    fsrv.client().put_object(Bucket=fbucket, Key="hj", Body=data)
    s3 = _with_fault_header(fsrv.client(), '{"type":"truncate","afterBytes":5}')
    resp = s3.get_object(Bucket=fbucket, Key="hj")
    with pytest.raises((botocore.exceptions.IncompleteReadError, botocore.exceptions.ResponseStreamingError)):
        resp["Body"].read()
    s3 = _with_fault_header(fsrv.client(), "latency=500,error=SlowDown")
    t0 = time.monotonic()
    with pytest.raises(ClientError) as exc:
        s3.head_object(Bucket=fbucket, Key="hj")
    assert time.monotonic() - t0 >= 0.5
    assert http_status(exc.value) == 503


def test_fault_header_is_ignored_without_the_flag(start_server):
    srv = start_server("noheader")
    s3 = _with_fault_header(srv.client(), "error=SlowDown")
    b = unique_bucket("faults")
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="k", Body=b"ignored header")
    assert s3.get_object(Bucket=b, Key="k")["Body"].read() == b"ignored header"
    assert fault_log(srv) == []


# ---------------------------------------------------------------------------------------------
# Plan files, the seed, the access log.
# ---------------------------------------------------------------------------------------------
def test_example_plan_file_is_loaded_at_start(start_server):
    srv = start_server("plan", extra_args=("--faults", str(PLAN)))
    plan = json.loads(PLAN.read_text())
    listed = list_rules(srv)
    assert listed["seed"] == 42
    assert [r["id"] for r in listed["rules"]] == [r["id"] for r in plan["rules"]]
    # throttle-first-puts: the first two PUTs meet SlowDown, standard retries get through.
    s3 = srv.client(attempts=5)
    b = unique_bucket("plan")
    s3.create_bucket(Bucket=b)
    resp = s3.put_object(Bucket=b, Key="a", Body=b"a")
    throttled = [e for e in fault_log(srv) if e["ruleID"] == "throttle-first-puts"]
    assert len(throttled) == 2
    assert resp["ResponseMetadata"]["RetryAttempts"] >= 2


def test_temp_plan_file_and_fault_seed(start_server, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"seed": 3, "rules": [
        {"id": "deny-first", "match": {"operations": ["PutObject"]}, "when": {"first": 1},
         "action": {"type": "error", "code": "AccessDenied"}}]}))
    srv = start_server("tmpplan", extra_args=("--faults", str(plan)))
    assert list_rules(srv)["seed"] == 3
    s3 = srv.client()
    b = unique_bucket("plan")
    s3.create_bucket(Bucket=b)
    with pytest.raises(ClientError) as exc:
        s3.put_object(Bucket=b, Key="k", Body=b"x")
    assert error_code(exc.value) == "AccessDenied"
    s3.put_object(Bucket=b, Key="k", Body=b"x")
    assert [e["ruleID"] for e in fault_log(srv)] == ["deny-first"]


def test_bare_array_plan_has_seed_zero_and_fault_seed_sets_it(start_server, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps([{"action": {"type": "latency", "ms": 1}}]))
    srv = start_server("arrayplan", extra_args=("--faults", str(plan)))
    listed = list_rules(srv)
    assert listed["seed"] == 0 and [r["id"] for r in listed["rules"]] == ["r1"]
    srv2 = start_server("seeded", extra_args=("--fault-seed", "1234"))
    assert list_rules(srv2)["seed"] == 1234


def test_invalid_rule_is_refused_with_its_path(fsrv):
    status, _, body = raw_request(fsrv, "POST", "/_pail/faults",
                                  json.dumps({"match": {"opertions": ["PutObject"]},
                                              "action": {"type": "error", "code": "SlowDown"}}).encode())
    assert status == 400
    assert "error" in json.loads(body)
    assert list_rules(fsrv)["rules"] == []


def test_access_log_marks_fired_faults(fsrv, fbucket):
    rid = add_rule(fsrv, {"id": "mark-me", "match": {"operations": ["PutObject"], "keyPrefix": "marked"},
                          "when": "once", "action": {"type": "error", "code": "SlowDown"}})
    assert rid == "mark-me"
    s3 = fsrv.client(attempts=3)
    s3.put_object(Bucket=fbucket, Key="marked-object", Body=b"x")
    deadline = time.monotonic() + 5
    lines: list[str] = []
    while time.monotonic() < deadline:
        text = fsrv.log_path.read_text("utf-8", "replace")
        lines = [l for l in text.splitlines() if "marked-object" in l]
        if len(lines) >= 2:
            break
        time.sleep(0.1)
    marked = [l for l in lines if "fault=mark-me:error=503:SlowDown" in l]
    unmarked = [l for l in lines if "fault=" not in l]
    assert len(marked) == 1, lines
    assert len(unmarked) >= 1, lines
