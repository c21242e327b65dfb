"""SIGKILL during locked writes: every acknowledged version of an Object Lock bucket comes back after the
restart with its exact bytes, its retention (mode and date) and its legal hold, still refuses deletion
until the server clock passes its date, and nothing unacknowledged is half there.

Four clients write to a bucket with a default GOVERNANCE retention of one day: plain PUTs (the default
applies), PUTs with COMPLIANCE headers or a legal hold, single-part multipart uploads with lock headers,
retention extensions and legal-hold changes on acknowledged versions, delete markers, and attempted
deletes by version id (which must all be refused). The server is SIGKILLed mid-load. A change still in
flight at the kill may land either way; everything acknowledged must be exactly as acknowledged.
AWS rules: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import signal
import subprocess
import threading
import time

import pytest
from botocore.exceptions import ClientError

import pail_e2e
from pail_e2e import error_code, pail_binary, raw_request, unique_bucket

if pail_e2e.external_endpoint():
    pytest.skip("killing the server needs a pail process of its own", allow_module_level=True)

DAY = 86400


def utc_in(seconds: float) -> dt.datetime:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds)).replace(microsecond=0)


class Version:
    """What the clients were told about one version, and which changes were still in flight."""

    def __init__(self, md5: str, mode: str, until: dt.datetime, hold: bool):
        self.md5, self.modes, self.untils, self.holds = md5, {mode}, {until}, {hold}
        self.mode, self.until, self.hold = mode, until, hold

    def changing(self, mode=None, until=None, hold=None):
        """A change is about to be sent: until it is acknowledged, either value may be found."""
        if until is not None:
            self.modes.add(mode)
            self.untils.add(until)
        if hold is not None:
            self.holds.add(hold)

    def changed(self, mode=None, until=None, hold=None):
        if until is not None:
            self.mode, self.until = mode, until
            self.modes, self.untils = {mode}, {until}
        if hold is not None:
            self.hold, self.holds = hold, {hold}


def test_sigkill_during_locked_writes_keeps_every_acknowledged_version_locked(own_server):
    srv = own_server
    s3 = srv.client()
    bucket = unique_bucket("lockcrash")
    s3.create_bucket(Bucket=bucket, ObjectLockEnabledForBucket=True)
    s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}})
    acked: dict[tuple[str, str], Version] = {}
    attempted_md5: set[str] = set()
    wrongly_deleted: list = []
    refused: list = []
    lock = threading.Lock()
    stop = threading.Event()
    killed = threading.Event()

    def worker(seed: int):
        rng = random.Random(seed)
        client = srv.client()
        n = 0
        while not stop.is_set():
            n += 1
            key = f"w{seed}/{n % 5}"
            try:
                with lock:
                    mine = [kv for kv in acked if kv[0].startswith(f"w{seed}/")]
                op = rng.random()
                if op < 0.45 or not mine:
                    put(client, rng, key, seed, n)
                elif op < 0.55:
                    multipart(client, rng, key, seed, n)
                elif op < 0.7:
                    kv = rng.choice(mine)
                    until = acked[kv].until + dt.timedelta(seconds=rng.randint(60, 3600))
                    mode = acked[kv].mode
                    with lock:
                        acked[kv].changing(mode=mode, until=until)
                    client.put_object_retention(Bucket=bucket, Key=kv[0], VersionId=kv[1],
                                                Retention={"Mode": mode, "RetainUntilDate": until})
                    with lock:
                        acked[kv].changed(mode=mode, until=until)
                elif op < 0.82:
                    kv = rng.choice(mine)
                    hold = not acked[kv].hold
                    with lock:
                        acked[kv].changing(hold=hold)
                    client.put_object_legal_hold(Bucket=bucket, Key=kv[0], VersionId=kv[1],
                                                 LegalHold={"Status": "ON" if hold else "OFF"})
                    with lock:
                        acked[kv].changed(hold=hold)
                elif op < 0.9:
                    client.delete_object(Bucket=bucket, Key=key)   # a delete marker: always allowed
                else:
                    kv = rng.choice(mine)
                    try:
                        client.delete_object(Bucket=bucket, Key=kv[0], VersionId=kv[1])
                        with lock:
                            wrongly_deleted.append(kv)
                    except ClientError as e:
                        if error_code(e) != "AccessDenied":
                            raise
            except Exception as e:
                if not killed.is_set():
                    with lock:
                        refused.append(repr(e))
                return   # the server is gone

    def put(client, rng, key, seed, n):
        body = f"{seed}:{n}:".encode() + rng.randbytes(rng.choice([10, 5000, 70_000, 300_000]))
        md5 = hashlib.md5(body).hexdigest()
        kind = rng.choice(["default", "compliance", "hold"])
        kw = {"default": {},
              "compliance": {"ObjectLockMode": "COMPLIANCE", "ObjectLockRetainUntilDate": utc_in(2 * DAY)},
              "hold": {"ObjectLockLegalHoldStatus": "ON"}}[kind]
        with lock:
            attempted_md5.add(md5)
        vid = client.put_object(Bucket=bucket, Key=key, Body=body, **kw)["VersionId"]
        head = client.head_object(Bucket=bucket, Key=key, VersionId=vid)
        with lock:
            acked[(key, vid)] = Version(md5, head["ObjectLockMode"], head["ObjectLockRetainUntilDate"],
                                        head.get("ObjectLockLegalHoldStatus") == "ON")

    def multipart(client, rng, key, seed, n):
        body = f"mp{seed}:{n}:".encode() + rng.randbytes(rng.choice([100, 200_000]))
        md5 = hashlib.md5(body).hexdigest()
        until = utc_in(DAY + rng.randint(0, 3600))
        with lock:
            attempted_md5.add(md5)
        up = client.create_multipart_upload(Bucket=bucket, Key=key, ObjectLockMode="GOVERNANCE",
                                            ObjectLockRetainUntilDate=until)["UploadId"]
        etag = client.upload_part(Bucket=bucket, Key=key, UploadId=up, PartNumber=1, Body=body)["ETag"]
        vid = client.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=up, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": etag}]})["VersionId"]
        with lock:
            acked[(key, vid)] = Version(md5, "GOVERNANCE", until, False)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    # Kill mid-load once enough is acknowledged (a loaded machine can be slow to get going).
    deadline = time.monotonic() + 90
    while len(acked) < 30 and time.monotonic() < deadline and not refused:
        time.sleep(0.1)
    time.sleep(random.random())
    killed.set()
    srv.send_signal(signal.SIGKILL)
    srv.proc.wait(10)
    stop.set()
    for t in threads:
        t.join(60)
    assert not refused, f"errors before the kill: {refused[:3]}"
    assert not wrongly_deleted, f"locked versions deleted by id: {wrongly_deleted}"
    assert len(acked) > 10, f"only {len(acked)} locked writes were acknowledged before the kill"
    srv.start()
    s3 = srv.client()

    # Every acknowledged version: exact bytes, its retention and hold, and deletion by id refused.
    for (key, vid), v in acked.items():
        got = s3.get_object(Bucket=bucket, Key=key, VersionId=vid)
        assert hashlib.md5(got["Body"].read()).hexdigest() == v.md5, (key, vid)
        assert got["ObjectLockMode"] in v.modes, (key, vid, got["ObjectLockMode"], v.modes)
        assert got["ObjectLockRetainUntilDate"] in v.untils, (key, vid, got["ObjectLockRetainUntilDate"], v.untils)
        assert (got.get("ObjectLockLegalHoldStatus") == "ON") in v.holds, (key, vid)
        with pytest.raises(ClientError) as e:
            s3.delete_object(Bucket=bucket, Key=key, VersionId=vid)
        assert error_code(e.value) == "AccessDenied"

    # Nothing half there: every version the bucket lists reads whole, with the bytes of an attempted write.
    listed = s3.list_object_versions(Bucket=bucket).get("Versions", [])
    assert {(v["Key"], v["VersionId"]) for v in listed} >= set(acked)
    for v in listed:
        body = s3.get_object(Bucket=bucket, Key=v["Key"], VersionId=v["VersionId"])["Body"].read()
        assert hashlib.md5(body).hexdigest() in attempted_md5, v

    # Past every retention date the versions go, except those under legal hold, which go once released.
    status, _, raw = raw_request(srv, "POST", "/_pail/clock", json.dumps({"advanceSeconds": 4 * DAY}).encode())
    assert status == 200, raw
    with pail_e2e.client_time_offset(4 * DAY):
        for v in listed:
            key, vid = v["Key"], v["VersionId"]
            held = s3.get_object_legal_hold(Bucket=bucket, Key=key, VersionId=vid)["LegalHold"]["Status"] == "ON"
            if held:
                with pytest.raises(ClientError) as e:
                    s3.delete_object(Bucket=bucket, Key=key, VersionId=vid)
                assert error_code(e.value) == "AccessDenied"
                s3.put_object_legal_hold(Bucket=bucket, Key=key, VersionId=vid, LegalHold={"Status": "OFF"})
            s3.delete_object(Bucket=bucket, Key=key, VersionId=vid)
        assert s3.list_object_versions(Bucket=bucket).get("Versions", []) == []
    assert srv.stop() == 0
    out = subprocess.run([str(pail_binary()), "fsck", "--deep", "--data", str(srv.data_dir)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
