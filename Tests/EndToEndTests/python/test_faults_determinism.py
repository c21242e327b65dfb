"""Same seed, same rules, same sequential request sequence -> the same fault log; another seed -> another."""
from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

import pail_e2e
from pail_e2e import raw_request, unique_bucket

if pail_e2e.external_endpoint():
    pytest.skip("fault injection needs a pail process of its own", allow_module_level=True)

RULE = {"id": "flaky", "match": {"service": "s3"}, "when": {"probability": 0.3},
        "action": {"type": "error", "code": "InternalError"}}


def run_sequence(start_server, name: str, seed: int) -> list[tuple]:
    srv = start_server(name, extra_args=("--fault-seed", str(seed)))
    s3 = srv.client()  # one attempt: the request sequence must not depend on retries
    bucket = "determinism-bucket"
    s3.create_bucket(Bucket=bucket)
    status, _, body = raw_request(srv, "POST", "/_pail/faults", json.dumps(RULE).encode())
    assert status == 201, body
    for i in range(200):
        key = f"k{i % 17}"
        try:
            match i % 4:
                case 0:
                    s3.put_object(Bucket=bucket, Key=key, Body=f"v{i}".encode())
                case 1:
                    s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                case 2:
                    s3.head_object(Bucket=bucket, Key=key)
                case 3:
                    s3.list_objects_v2(Bucket=bucket, Prefix="k1")
        except ClientError:
            pass
    status, _, body = raw_request(srv, "GET", "/_pail/faults/log")
    assert status == 200
    entries = json.loads(body)["entries"]
    srv.stop()
    return [(e["operation"], e.get("key"), e["ruleID"], json.dumps(e["action"], sort_keys=True))
            for e in entries]


def test_same_seed_same_log_other_seed_other_log(start_server):
    first = run_sequence(start_server, "a", 42)
    second = run_sequence(start_server, "b", 42)
    assert first == second
    assert 0 < len(first) < 200  # non-trivial: some fired, not all
    assert 20 <= len(first) <= 100, len(first)  # about 30% of 200
    other = run_sequence(start_server, "c", 43)
    assert 0 < len(other) < 200
    assert other != first
