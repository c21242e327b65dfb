"""`GET /_pail/requests`: the ring of recent requests the console's live view polls.

Each record says what one request was (method, operation, bucket, key, status, duration, faults fired),
numbered in the order served; `since=N` answers only records after N; the ring keeps the last 500; the
endpoint wants the root user's signature even on loopback, and its own polls stay out of the ring.
"""
from __future__ import annotations

import json

import pytest

from pail_e2e import parse_error, raw_request, signed_request, unique_bucket

CAPACITY = 500


def recent(server, since: int | None = None) -> dict:
    target = "/_pail/requests" + ("" if since is None else f"?since={since}")
    resp = signed_request(server, "GET", target)
    assert resp.status == 200, resp.body
    assert resp.headers["content-type"] == "application/json"
    return json.loads(resp.body)


def test_anonymous_and_wrong_key_are_refused(own_server):
    status, _, body = raw_request(own_server, "GET", "/_pail/requests")
    assert status == 403
    assert parse_error(body)["Code"] == "AccessDenied"
    wrong = signed_request(own_server, "GET", "/_pail/requests", access_key=own_server.access_key, secret_key="not-the-secret")
    assert wrong.status == 403
    assert parse_error(wrong.body)["Code"] == "SignatureDoesNotMatch"


def test_records_are_ordered_filtered_by_since_and_name_operation_and_fault(own_server):
    s3 = own_server.client()
    bucket = unique_bucket("ring")
    s3.create_bucket(Bucket=bucket)
    start = recent(own_server)["lastSeq"]
    s3.put_object(Bucket=bucket, Key="a/b.txt", Body=b"hello")
    s3.get_object(Bucket=bucket, Key="a/b.txt")["Body"].read()
    status, _, _ = raw_request(own_server, "POST", "/_pail/faults", json.dumps({
        "id": "ring-503", "match": {"operations": ["HeadObject"]}, "when": "once",
        "action": {"type": "error", "status": 503, "code": "SlowDown"}}).encode())
    assert status == 201
    with pytest.raises(Exception):
        s3.head_object(Bucket=bucket, Key="a/b.txt")  # 503

    after = recent(own_server, since=start)
    records = after["requests"]
    seqs = [r["seq"] for r in records]
    assert seqs == list(range(start + 1, start + 1 + len(seqs))), seqs
    assert after["lastSeq"] == seqs[-1] and after["capacity"] == CAPACITY
    ops = [(r["method"], r.get("operation"), r.get("bucket"), r.get("key"), r["status"]) for r in records]
    assert ops[0] == ("PUT", "PutObject", bucket, "a/b.txt", 200)
    assert ops[1] == ("GET", "GetObject", bucket, "a/b.txt", 200)
    assert records[2]["path"] == "/_pail/faults" and "operation" not in records[2]
    fired = [r for r in records if r["faults"]]
    assert len(fired) == 1
    assert (fired[0]["operation"], fired[0]["status"]) == ("HeadObject", 503)
    assert fired[0]["faults"] == ["ring-503:error=503:SlowDown"]
    assert records[-1] is fired[0]
    for r in records:
        assert r["ms"] >= 0 and r["time"].endswith("Z") and r["requestId"]
    # The polls themselves are not recorded: nothing new since the last one.
    assert recent(own_server, since=after["lastSeq"]) == {"lastSeq": after["lastSeq"], "capacity": CAPACITY, "requests": []}
    bad = signed_request(own_server, "GET", "/_pail/requests?since=x")
    assert bad.status == 400


def test_ring_keeps_only_the_last_500(own_server):
    for _ in range(CAPACITY + 37):
        status, _, _ = raw_request(own_server, "GET", "/_pail/health")
        assert status == 200
    every = recent(own_server)
    records = every["requests"]
    assert len(records) == CAPACITY
    assert records[-1]["seq"] == every["lastSeq"] >= CAPACITY + 37
    assert records[0]["seq"] == every["lastSeq"] - CAPACITY + 1
    assert all(r["path"] == "/_pail/health" for r in records[-CAPACITY + 5:])
    # A `since` older than the oldest kept record answers what is kept; one at the end answers nothing.
    assert len(recent(own_server, since=1)["requests"]) == CAPACITY
    assert recent(own_server, since=every["lastSeq"] - 3)["requests"] == records[-3:]
