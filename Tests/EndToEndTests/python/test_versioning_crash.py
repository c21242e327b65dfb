"""Versioned writes and deletes survive SIGKILL: every acknowledged version keeps its exact bytes,
every acknowledged delete marker stays, every acknowledged version delete stays deleted.

Concurrent threads put new versions, make delete markers (DELETE without a version id) and delete
specific versions (DeleteObject and DeleteObjects with VersionId) in a versioning-enabled bucket,
recording each acknowledged outcome; the server is SIGKILLed mid-load and restarted on the same data
directory, then checked; three cycles on the same bucket.
"""
from __future__ import annotations

import hashlib
import random
import threading
import time
from dataclasses import dataclass, field

import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status, unique_bucket

KEYS = [f"k/{i:02d}" for i in range(24)] + ["shared"]
SIZES = [0, 1, 100, 4096, 65_536, 200_000]


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


@dataclass
class Ledger:
    lock: threading.Lock = field(default_factory=threading.Lock)
    bodies: dict = field(default_factory=dict)           # md5 -> bytes
    attempted_puts: dict = field(default_factory=dict)   # key -> set of md5 attempted
    versions: dict = field(default_factory=dict)         # (key, vid) -> md5, acknowledged puts
    markers: set = field(default_factory=set)            # (key, vid), acknowledged delete markers
    delete_attempted: set = field(default_factory=set)   # (key, vid) whose version delete was sent
    deleted: set = field(default_factory=set)            # (key, vid) whose version delete was acknowledged
    acks: int = 0


def worker(server, bucket, ledger: Ledger, seed: int, stop: threading.Event, owned: list):
    """owned: this worker's acknowledged (key, vid) entries it may delete by id later."""
    rng = random.Random(seed)
    client = server.client()
    n = 0
    while not stop.is_set():
        n += 1
        roll = rng.random()
        key = rng.choice(KEYS)
        try:
            if roll < 0.55 or (roll >= 0.75 and not owned):
                data = f"{seed}:{n}:".encode() + rng.randbytes(rng.choice(SIZES))
                digest = md5(data)
                with ledger.lock:
                    ledger.bodies[digest] = data
                    ledger.attempted_puts.setdefault(key, set()).add(digest)
                vid = client.put_object(Bucket=bucket, Key=key, Body=data)["VersionId"]
                with ledger.lock:
                    ledger.versions[(key, vid)] = digest
                    ledger.acks += 1
                owned.append((key, vid))
            elif roll < 0.75:
                r = client.delete_object(Bucket=bucket, Key=key)
                assert r.get("DeleteMarker") is True and r.get("VersionId"), r
                with ledger.lock:
                    ledger.markers.add((key, r["VersionId"]))
                    ledger.acks += 1
                owned.append((key, r["VersionId"]))
            elif roll < 0.9:
                target = owned.pop(rng.randrange(len(owned)))
                with ledger.lock:
                    ledger.delete_attempted.add(target)
                r = client.delete_object(Bucket=bucket, Key=target[0], VersionId=target[1])
                assert r.get("VersionId") == target[1], r
                with ledger.lock:
                    ledger.deleted.add(target)
                    ledger.acks += 1
            else:
                targets = [owned.pop(rng.randrange(len(owned))) for _ in range(min(len(owned), rng.randint(1, 3)))]
                with ledger.lock:
                    ledger.delete_attempted.update(targets)
                r = client.delete_objects(Bucket=bucket, Delete={"Objects": [
                    {"Key": k, "VersionId": v} for k, v in targets]})
                assert not r.get("Errors"), r["Errors"]
                done = {(d["Key"], d.get("VersionId")) for d in r.get("Deleted", [])}
                assert done == set(targets), (done, targets)
                with ledger.lock:
                    ledger.deleted.update(targets)
                    ledger.acks += 1
        except AssertionError:
            raise
        except ClientError as e:  # the server answered, with an error: never right in this workload
            raise AssertionError(f"{key}: {e.response.get('Error')} (HTTP {http_status(e)})") from e
        except Exception:
            return  # the server went away mid-request: that outcome is unknown


def run_load_and_kill(server, bucket, ledger: Ledger, cycle: int, failures: list):
    stop = threading.Event()
    owned = [[] for _ in range(4)]

    def guarded(i):
        try:
            worker(server, bucket, ledger, cycle * 100 + i, stop, owned[i])
        except AssertionError as e:  # a wrong answer while the server was up
            failures.append(f"cycle {cycle} worker {i}: {e!r}")

    threads = [threading.Thread(target=guarded, args=(i,), daemon=True) for i in range(4)]
    start_acks = ledger.acks
    for t in threads:
        t.start()
    rng = random.Random(cycle)
    target = 250 + rng.randint(0, 150)
    deadline = time.monotonic() + 20
    while ledger.acks - start_acks < target and time.monotonic() < deadline and any(t.is_alive() for t in threads):
        time.sleep(0.01)
    server.kill()
    stop.set()
    for t in threads:
        t.join(30)
    assert ledger.acks - start_acks >= 50, f"cycle {cycle}: only {ledger.acks - start_acks} acknowledged operations"


def verify(server, bucket, ledger: Ledger, cycle: int):
    s3 = server.client()
    listed_versions, listed_markers, latest = {}, set(), {}
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for v in page.get("Versions", []):
            listed_versions[(v["Key"], v["VersionId"])] = v["ETag"].strip('"')
            latest[v["Key"]] = latest.get(v["Key"], 0) + (1 if v["IsLatest"] else 0)
        for m in page.get("DeleteMarkers", []):
            listed_markers.add((m["Key"], m["VersionId"]))
            latest[m["Key"]] = latest.get(m["Key"], 0) + (1 if m["IsLatest"] else 0)
    ctx = f"after kill {cycle}"
    assert all(n == 1 for n in latest.values()), f"{ctx}: keys without exactly one IsLatest: " \
        f"{ {k: n for k, n in latest.items() if n != 1} }"

    # acknowledged puts are present with their exact bytes (unless a delete of them was sent)
    for (key, vid), digest in ledger.versions.items():
        if (key, vid) in ledger.delete_attempted:
            continue
        assert listed_versions.get((key, vid)) == digest, f"{ctx}: acknowledged version {key} {vid} " \
            f"{'missing' if (key, vid) not in listed_versions else 'has another ETag'}"
        got = s3.get_object(Bucket=bucket, Key=key, VersionId=vid)["Body"].read()
        assert got == ledger.bodies[digest], f"{ctx}: version {key} {vid} bytes differ"

    # acknowledged markers are present
    for key, vid in ledger.markers:
        if (key, vid) in ledger.delete_attempted:
            continue
        assert (key, vid) in listed_markers, f"{ctx}: acknowledged delete marker {key} {vid} missing"

    # acknowledged version deletes stay deleted
    for key, vid in ledger.deleted:
        assert (key, vid) not in listed_versions, f"{ctx}: deleted version {key} {vid} came back"
        assert (key, vid) not in listed_markers, f"{ctx}: deleted marker {key} {vid} came back"
        with pytest.raises(ClientError) as e:
            s3.head_object(Bucket=bucket, Key=key, VersionId=vid)
        assert http_status(e.value) == 404, f"{ctx}: HEAD of deleted {key} {vid}: {http_status(e.value)}"

    # nothing foreign or torn: every listed version is some attempted put of that key
    known = set(ledger.versions)
    for (key, vid), etag in listed_versions.items():
        assert etag in ledger.attempted_puts.get(key, set()), f"{ctx}: {key} {vid} holds content never written"
        if (key, vid) not in known:  # an unacknowledged put that landed: it must be whole
            got = s3.get_object(Bucket=bucket, Key=key, VersionId=vid)["Body"].read()
            assert md5(got) == etag, f"{ctx}: unacknowledged version {key} {vid} is torn"
    # every current GET agrees with the listing's latest entry
    for key in KEYS:
        try:
            got = s3.get_object(Bucket=bucket, Key=key)
        except ClientError as e:
            assert error_code(e) == "NoSuchKey", f"{ctx}: GET {key}: {error_code(e)}"
            continue
        assert (key, got["VersionId"]) in listed_versions, f"{ctx}: GET {key} answered an unlisted version"
        assert md5(got["Body"].read()) == listed_versions[(key, got["VersionId"])]


def test_sigkill_under_versioned_load_keeps_every_acknowledged_outcome(own_server):
    own_server.require_process()
    s3 = own_server.client()
    bucket = unique_bucket("vcrash")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    ledger = Ledger()
    failures: list = []
    for cycle in range(1, 4):
        run_load_and_kill(own_server, bucket, ledger, cycle, failures)
        assert not failures, failures
        own_server.start()
        verify(own_server, bucket, ledger, cycle)
        assert own_server.client().get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert ledger.deleted and ledger.markers and ledger.versions
