"""The server clock moved from outside: `/_pail/clock` and `pail clock` against the real binary.

Moving the clock must move everything that reads time: Last-Modified and the Date header, signature
time and presigned expiry, STS credential expiry, fault windows and the fault log, multipart expiry.
Clients keep signing with their own clocks; a test that wants a client in step with a moved server
shifts botocore's clock with `client_time_offset` (as a client whose clock agreed with the server's
would sign).
"""
from __future__ import annotations

import contextlib
import copy
import hashlib
import importlib
import datetime
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime

import boto3
import botocore.auth
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

import pail_e2e
from pail_e2e import client_time_offset, PailServer, error_code, http_status, parse_error, raw_request, sign_headers, unique_bucket

if pail_e2e.external_endpoint():
    pytest.skip("moving the server clock needs a pail process of its own", allow_module_level=True)

ROLE_ARN = "arn:aws:iam::000000000000:role/clock-writer"
IDENTITY = {"roles": [{"name": "clock-writer", "maxSessionSeconds": 7200}]}
HOUR = 3600


# ---------------------------------------------------------------------------------------------
# Helpers.
# ---------------------------------------------------------------------------------------------
def clock_call(srv: PailServer, method: str, body: dict | str | None = None) -> tuple[int, dict]:
    data = b"" if body is None else (body if isinstance(body, str) else json.dumps(body)).encode()
    status, _, raw = raw_request(srv, method, "/_pail/clock", data,
                                 headers={"Content-Type": "application/json"} if data else None)
    return status, json.loads(raw)


def move(srv: PailServer, body: dict) -> dict:
    status, snap = clock_call(srv, "POST", body)
    assert status == 200, snap
    return snap


def reset(srv: PailServer) -> dict:
    status, snap = clock_call(srv, "DELETE")
    assert status == 200, snap
    return snap


def ts(text: str) -> float:
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def pail_clock(srv: PailServer, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(pail_e2e.pail_binary()), "clock", *args, "--endpoint", srv.endpoint],
                          capture_output=True, text=True, timeout=30, env=pail_e2e.clean_env(),
                          stdin=subprocess.DEVNULL)
    if check:
        assert proc.returncode == 0, f"pail clock {' '.join(args)} exited {proc.returncode}: {proc.stderr}"
    return proc


def session_client(srv: PailServer, service: str, key: str | None = None, secret: str | None = None,
                   token: str | None = None, **config):
    """A boto3 client for `service` on the server (root credentials unless others are given), one attempt."""
    session = boto3.session.Session(aws_access_key_id=key or srv.access_key,
                                    aws_secret_access_key=secret or srv.secret_key,
                                    aws_session_token=token, region_name=srv.region)
    config = Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}, **config)
    return session.client(service, endpoint_url=srv.endpoint, config=config)


def non_loopback_address() -> str | None:
    """An address of this machine that is not loopback (the route towards a documentation address;
    no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


# ---------------------------------------------------------------------------------------------
# Fixtures: one server for the module (identity config for STS, no IMDS); every test starts and ends
# with the real clock and no fault rules.
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def csrv(tmp_path_factory, request):
    tmp = tmp_path_factory.mktemp("pail-clock")
    config = tmp / "identity.json"
    config.write_text(json.dumps(IDENTITY))
    srv = PailServer(tmp / "data", tmp, extra_args=("--config", str(config), "--imds-address", "off",
                                                    "--access-log")).start()
    request.node._pail_servers = [srv]
    yield srv
    code = srv.stop()
    assert code in (None, 0), f"pail exited {code} on SIGTERM; log:\n{srv.log_tail()}"


@pytest.fixture(autouse=True)
def _real_clock(request):
    if "csrv" not in request.fixturenames:
        yield
        return
    srv = request.getfixturevalue("csrv")
    reset(srv)
    raw_request(srv, "DELETE", "/_pail/faults")
    yield
    reset(srv)
    raw_request(srv, "DELETE", "/_pail/faults")


@pytest.fixture
def cbucket(csrv):
    name = unique_bucket("clock")
    csrv.client().create_bucket(Bucket=name)
    return name


# ---------------------------------------------------------------------------------------------
# The API itself.
# ---------------------------------------------------------------------------------------------
def test_get_shows_the_real_clock_until_moved(csrv):
    status, snap = clock_call(csrv, "GET")
    assert status == 200
    assert set(snap) == {"now", "offsetSeconds", "frozen", "frozenAt"}
    assert snap["offsetSeconds"] == 0 and snap["frozen"] is False and snap["frozenAt"] is None
    assert abs(ts(snap["now"]) - time.time()) < 5


def test_each_change_answers_the_new_state(csrv):
    snap = move(csrv, {"advanceSeconds": 3 * 86400})
    assert snap["offsetSeconds"] == 3 * 86400 and not snap["frozen"]
    assert move(csrv, {"advance": "-36h"})["offsetSeconds"] == 36 * HOUR
    assert move(csrv, {"offsetSeconds": -HOUR})["offsetSeconds"] == -HOUR
    assert move(csrv, {"offset": "90m"})["offsetSeconds"] == 5400
    snap = move(csrv, {"freezeAt": "2030-01-01T00:00:00Z"})
    assert snap["frozen"] is True and snap["frozenAt"] == snap["now"] == "2030-01-01T00:00:00.000Z"
    assert move(csrv, {"advance": "1d"})["now"] == "2030-01-02T00:00:00.000Z", "a frozen clock moves and stays frozen"
    time.sleep(0.3)
    assert clock_call(csrv, "GET")[1]["now"] == "2030-01-02T00:00:00.000Z"
    snap = move(csrv, {"freeze": False})
    assert snap["frozen"] is False and abs(ts(snap["now"]) - ts("2030-01-02T00:00:00Z")) < 1, "unfreeze resumes where it stood"
    time.sleep(0.3)
    assert ts(clock_call(csrv, "GET")[1]["now"]) > ts("2030-01-02T00:00:00.2Z"), "and runs again"
    snap = move(csrv, {"freeze": True})
    assert snap["frozen"] is True
    status, snap = clock_call(csrv, "DELETE")
    assert status == 200 and snap["offsetSeconds"] == 0 and snap["frozen"] is False


@pytest.mark.parametrize("body", ['{"advanceSeconds": "soon"}', '{"advance": "3 days"}', '{"freezeAt": "tomorrow"}',
                                  '{"freeze": 1}', '{"rewind": 10}', '{}', '{"advanceSeconds": 1, "freeze": true}',
                                  'not json', '[]', '{"advanceSeconds": 1e300}'])
def test_bad_bodies_are_400_and_change_nothing(csrv, body):
    move(csrv, {"offsetSeconds": 60})
    status, answer = clock_call(csrv, "POST", body)
    assert status == 400 and isinstance(answer.get("error"), str) and answer["error"], answer
    assert clock_call(csrv, "GET")[1]["offsetSeconds"] == 60


def test_other_methods_and_paths_answer_like_the_faults_api(csrv):
    status, headers, body = raw_request(csrv, "PUT", "/_pail/clock")
    assert status == 405 and headers["allow"] == "GET, POST, DELETE" and "error" in json.loads(body)
    status, _, body = raw_request(csrv, "GET", "/_pail/clock/nope")
    assert status == 404 and "error" in json.loads(body)


# ---------------------------------------------------------------------------------------------
# (a) storage timestamps and the Date header.
# ---------------------------------------------------------------------------------------------
def test_advanced_clock_dates_new_objects_an_hour_ahead(csrv, cbucket):
    s3 = csrv.client()
    s3.put_object(Bucket=cbucket, Key="before", Body=b"now")
    snap = move(csrv, {"advanceSeconds": HOUR})
    assert snap["offsetSeconds"] == HOUR and abs(ts(snap["now"]) - time.time() - HOUR) < 5
    with client_time_offset(HOUR):
        s3.put_object(Bucket=cbucket, Key="after", Body=b"an hour on")
        head = s3.head_object(Bucket=cbucket, Key="after")
        before = s3.head_object(Bucket=cbucket, Key="before")["LastModified"].timestamp()
        listed = {o["Key"]: o["LastModified"].timestamp() for o in s3.list_objects_v2(Bucket=cbucket)["Contents"]}
    ahead = head["LastModified"].timestamp() - time.time()
    assert HOUR - 60 < ahead < HOUR + 5, f"Last-Modified is {ahead:.0f} s ahead of real time"
    assert abs(before - time.time()) < 60, "objects written before keep their time"
    assert abs(listed["after"] - head["LastModified"].timestamp()) < 1
    date = parsedate_to_datetime(head["ResponseMetadata"]["HTTPHeaders"]["date"]).timestamp()
    assert HOUR - 60 < date - time.time() < HOUR + 5, "the Date header shows the server clock"


# ---------------------------------------------------------------------------------------------
# (b) presigned expiry, (c) signature time.
# ---------------------------------------------------------------------------------------------
def test_presigned_url_expires_when_the_clock_passes_its_expiry(csrv, cbucket):
    s3 = csrv.client()
    s3.put_object(Bucket=cbucket, Key="shared", Body=b"for a minute")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": cbucket, "Key": "shared"}, ExpiresIn=60)
    assert fetch(url) == (200, b"for a minute")
    move(csrv, {"advanceSeconds": 120})
    status, body = fetch(url)
    assert status == 403
    error = parse_error(body)
    assert error["Code"] == "AccessDenied" and "Request has expired" in error["Message"]
    reset(csrv)
    assert fetch(url) == (200, b"for a minute")


def test_real_time_signatures_are_skewed_until_the_clock_is_reset(csrv, cbucket):
    s3 = csrv.client()
    s3.put_object(Bucket=cbucket, Key="k", Body=b"v")
    move(csrv, {"advanceSeconds": HOUR})
    with pytest.raises(ClientError) as exc:
        s3.get_object(Bucket=cbucket, Key="k")
    assert error_code(exc.value) == "RequestTimeTooSkewed" and http_status(exc.value) == 403
    server_time = exc.value.response["Error"].get("ServerTime", "")
    assert server_time and abs(parsedate_to_datetime(server_time).timestamp() - time.time() - HOUR) < 60
    with pytest.raises(ClientError) as exc:
        session_client(csrv, "s3", signature_version="s3").get_object(Bucket=cbucket, Key="k")
    assert error_code(exc.value) == "RequestTimeTooSkewed", "SigV2 checks the same clock"
    status, _ = clock_call(csrv, "DELETE")
    assert status == 200
    assert s3.get_object(Bucket=cbucket, Key="k")["Body"].read() == b"v"


def test_a_clock_behind_refuses_requests_from_the_future(csrv, cbucket):
    move(csrv, {"offset": "-1h"})
    with pytest.raises(ClientError) as exc:
        csrv.client().head_bucket(Bucket=cbucket)
    assert http_status(exc.value) == 403
    with client_time_offset(-HOUR):
        csrv.client().head_bucket(Bucket=cbucket)


# ---------------------------------------------------------------------------------------------
# (d) STS session expiry.
# ---------------------------------------------------------------------------------------------
def test_assumed_role_credentials_expire_when_the_clock_passes_their_expiry(csrv, cbucket):
    sts = session_client(csrv, "sts")
    creds = sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="clock", DurationSeconds=900)["Credentials"]
    assert abs(creds["Expiration"].timestamp() - time.time() - 900) < 60
    temp = session_client(csrv, "s3", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    temp.put_object(Bucket=cbucket, Key="temp", Body=b"while it lasts")
    url = temp.generate_presigned_url("get_object", Params={"Bucket": cbucket, "Key": "temp"}, ExpiresIn=HOUR)
    assert fetch(url) == (200, b"while it lasts")

    move(csrv, {"advanceSeconds": 800})
    with client_time_offset(800):
        assert temp.get_object(Bucket=cbucket, Key="temp")["Body"].read() == b"while it lasts"
    move(csrv, {"advanceSeconds": 200})
    with client_time_offset(1000):
        with pytest.raises(ClientError) as exc:
            temp.get_object(Bucket=cbucket, Key="temp")
    assert error_code(exc.value) == "ExpiredToken" and http_status(exc.value) == 400
    status, body = fetch(url)
    assert status == 400 and parse_error(body)["Code"] == "ExpiredToken", "the presigned URL outlives the session"

    reset(csrv)
    assert temp.get_object(Bucket=cbucket, Key="temp")["Body"].read() == b"while it lasts"


def test_sts_issues_credentials_by_the_server_clock(csrv):
    move(csrv, {"advanceSeconds": 600})
    with client_time_offset(600):
        creds = session_client(csrv, "sts").assume_role(RoleArn=ROLE_ARN, RoleSessionName="later", DurationSeconds=900)["Credentials"]
    assert abs(creds["Expiration"].timestamp() - time.time() - 1500) < 60


# ---------------------------------------------------------------------------------------------
# (e) fault windows and the fault log.
# ---------------------------------------------------------------------------------------------
def add_rule(srv: PailServer, rule: dict) -> None:
    status, _, body = raw_request(srv, "POST", "/_pail/faults", json.dumps(rule).encode())
    assert status == 201, body


def fault_log(srv: PailServer) -> list[dict]:
    return json.loads(raw_request(srv, "GET", "/_pail/faults/log")[2])["entries"]


def test_absolute_fault_window_fires_when_the_clock_is_moved_into_it(csrv, cbucket):
    add_rule(csrv, {"id": "new-year-2030", "match": {"operations": ["PutObject"], "bucket": cbucket},
                    "when": {"window": {"start": "2030-01-01T00:00:00Z", "end": "2030-01-02T00:00:00Z"}},
                    "action": {"type": "error", "code": "SlowDown"}})
    s3 = csrv.client()
    s3.put_object(Bucket=cbucket, Key="today", Body=b"x")
    assert not [e for e in fault_log(csrv) if e["ruleID"] == "new-year-2030"]

    snap = move(csrv, {"freezeAt": "2030-01-01T12:00:00Z"})
    shift = ts(snap["now"]) - time.time()
    with client_time_offset(shift):
        with pytest.raises(ClientError) as exc:
            s3.put_object(Bucket=cbucket, Key="in-window", Body=b"x")
        assert error_code(exc.value) == "SlowDown"
        s3.head_bucket(Bucket=cbucket)  # other operations pass: the client is in step with the server
    entries = [e for e in fault_log(csrv) if e["ruleID"] == "new-year-2030"]
    assert len(entries) == 1 and entries[0]["time"] == "2030-01-01T12:00:00.000Z", entries

    snap = move(csrv, {"freezeAt": "2030-01-02T00:00:00Z"})  # the end is outside the window
    with client_time_offset(ts(snap["now"]) - time.time()):
        s3.put_object(Bucket=cbucket, Key="after-window", Body=b"x")
    reset(csrv)
    s3.put_object(Bucket=cbucket, Key="today-again", Body=b"x")
    assert len([e for e in fault_log(csrv) if e["ruleID"] == "new-year-2030"]) == 1


def test_relative_fault_window_opens_when_the_clock_advances(csrv, cbucket):
    add_rule(csrv, {"id": "after-an-hour", "match": {"operations": ["GetObject"], "bucket": cbucket},
                    "when": {"window": {"fromSeconds": HOUR}}, "action": {"type": "error", "code": "InternalError"}})
    s3 = csrv.client()
    s3.put_object(Bucket=cbucket, Key="k", Body=b"v")
    assert s3.get_object(Bucket=cbucket, Key="k")["Body"].read() == b"v"
    move(csrv, {"advance": "61m"})
    with client_time_offset(61 * 60):
        with pytest.raises(ClientError) as exc:
            s3.get_object(Bucket=cbucket, Key="k")
    assert error_code(exc.value) == "InternalError"


# ---------------------------------------------------------------------------------------------
# Multipart expiry and the access log.
# ---------------------------------------------------------------------------------------------
def test_abandoned_multipart_upload_is_swept_once_the_clock_passes_a_day(csrv, cbucket):
    s3 = csrv.client()
    upload = s3.create_multipart_upload(Bucket=cbucket, Key="abandoned")["UploadId"]
    assert [u["UploadId"] for u in s3.list_multipart_uploads(Bucket=cbucket).get("Uploads", [])] == [upload]
    move(csrv, {"advance": "25h"})
    deadline = time.monotonic() + 10
    with client_time_offset(25 * HOUR):
        while s3.list_multipart_uploads(Bucket=cbucket).get("Uploads") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not s3.list_multipart_uploads(Bucket=cbucket).get("Uploads"), "swept soon after the clock moved"


def test_access_log_lines_carry_the_server_time(csrv, cbucket):
    move(csrv, {"freezeAt": "2031-06-01T08:00:00Z"})
    raw_request(csrv, "GET", "/_pail/clock?marker-for-the-log")
    deadline = time.monotonic() + 5
    lines: list[str] = []
    while time.monotonic() < deadline and not lines:
        lines = [l for l in csrv.log_path.read_text("utf-8", "replace").splitlines() if "marker-for-the-log" in l]
        time.sleep(0.05)
    assert lines and lines[0].startswith("2031-06-01T08:00:00.000Z "), lines


# ---------------------------------------------------------------------------------------------
# (f) the CLI.
# ---------------------------------------------------------------------------------------------
def test_pail_clock_commands_change_and_print_the_state(csrv):
    out = pail_clock(csrv).stdout
    assert "offset: 0s" in out and "frozen: no" in out

    out = pail_clock(csrv, "advance", "3d").stdout
    assert "offset: +3d (259200 s" in out
    assert clock_call(csrv, "GET")[1]["offsetSeconds"] == 259200

    out = pail_clock(csrv, "offset", "-1h").stdout
    assert "offset: -1h (-3600 s" in out
    assert clock_call(csrv, "GET")[1]["offsetSeconds"] == -3600

    out = pail_clock(csrv, "freeze", "2030-01-01T00:00:00Z").stdout
    assert "now:    2030-01-01T00:00:00.000Z" in out and "frozen: yes, at 2030-01-01T00:00:00.000Z" in out
    snap = json.loads(pail_clock(csrv, "advance", "90m", "--json").stdout)
    assert snap["now"] == "2030-01-01T01:30:00.000Z" and snap["frozen"] is True

    out = pail_clock(csrv, "unfreeze").stdout
    assert "frozen: no" in out and "now:    2030-01-01T01:30:0" in out
    assert clock_call(csrv, "GET")[1]["frozen"] is False

    out = pail_clock(csrv, "freeze").stdout
    assert "frozen: yes" in out and clock_call(csrv, "GET")[1]["frozen"] is True

    out = pail_clock(csrv, "reset").stdout
    assert "offset: 0s" in out and "frozen: no" in out
    assert clock_call(csrv, "GET")[1]["offsetSeconds"] == 0


def test_pail_clock_refuses_bad_input_and_reports_server_errors(csrv):
    bad = pail_clock(csrv, "advance", "soon", check=False)
    assert bad.returncode != 0 and "not a duration" in bad.stderr
    bad = pail_clock(csrv, "freeze", "tomorrow", check=False)
    assert bad.returncode != 0 and "RFC 3339" in bad.stderr
    bad = pail_clock(csrv, "advance", "10000000d", check=False)
    assert bad.returncode != 0 and "400" in bad.stderr and "1970 to 9999" in bad.stderr
    assert clock_call(csrv, "GET")[1]["offsetSeconds"] == 0


# ---------------------------------------------------------------------------------------------
# Authorization: exactly as /_pail/faults.
# ---------------------------------------------------------------------------------------------
def test_loopback_needs_no_credentials_for_either_admin_api(csrv):
    assert raw_request(csrv, "GET", "/_pail/faults")[0] == 200
    assert raw_request(csrv, "GET", "/_pail/clock")[0] == 200


def test_beyond_loopback_both_admin_apis_want_the_root_signature(start_server):
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    srv = start_server("wide", extra_args=("--address", "0.0.0.0:0", "--imds-address", "off"))
    remote = copy.copy(srv)
    remote.endpoint = f"http://{address}:{srv.port}"

    answers = {}
    for path in ("/_pail/faults", "/_pail/clock"):
        status, _, body = raw_request(remote, "GET", path)
        answers[path] = (status, parse_error(body)["Code"])
    assert answers["/_pail/faults"] == answers["/_pail/clock"] == (403, "AccessDenied"), answers
    status, _, _ = raw_request(remote, "POST", "/_pail/clock", b'{"advanceSeconds": 86400}')
    assert status == 403
    assert clock_call(srv, "GET")[1]["offsetSeconds"] == 0, "an unsigned change is not applied"

    body = b'{"advanceSeconds": 86400}'
    headers, _, _ = sign_headers(remote, "POST", "/_pail/clock", payload_hash=hashlib.sha256(body).hexdigest())
    status, _, answer = raw_request(remote, "POST", "/_pail/clock", body, headers=headers)
    assert status == 200 and json.loads(answer)["offsetSeconds"] == 86400
    wrong, _, _ = sign_headers(remote, "GET", "/_pail/clock", payload_hash=pail_e2e.EMPTY_SHA256, secret_key="wrong")
    assert raw_request(remote, "GET", "/_pail/clock", headers=wrong)[0] == 403

    # A day ahead, S3 requests signed with real time are skewed, but the admin API checks signatures
    # against the real clock, so the operator can still put the clock back.
    with pytest.raises(ClientError) as exc:
        remote.client().list_buckets()
    assert error_code(exc.value) == "RequestTimeTooSkewed"
    headers, _, _ = sign_headers(remote, "DELETE", "/_pail/clock", payload_hash=pail_e2e.EMPTY_SHA256)
    status, _, answer = raw_request(remote, "DELETE", "/_pail/clock", headers=headers)
    assert status == 200 and json.loads(answer)["offsetSeconds"] == 0
    remote.client().list_buckets()
