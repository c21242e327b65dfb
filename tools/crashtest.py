#!/usr/bin/env python3
"""Crash test: SIGKILL a real `pail serve` under concurrent S3 load, restart it, and check that every
acknowledged outcome survived exactly, that nothing unacknowledged is half there, and that
`pail fsck` finds the directory consistent.

    python3 tools/crashtest.py [--cycles N] [--pail BIN] [--seed S] [--clients K] [--keep]

Each cycle: K client threads (boto3, one attempt per call) run a random mix of PutObject (inline
sizes up to 64 KiB and larger file-backed ones, random metadata and x-amz-checksum algorithms),
multipart uploads (create, parts, complete, abort; some left open across crashes), CopyObject,
DeleteObject, DeleteObjects, PutObjectTagging, and in a versioning-enabled bucket new versions,
delete markers and deletes of specific versions. After a random delay the server gets SIGKILL.
Then:
  1. `pail fsck --json` on the crashed directory: every index row must have its files, sizes must
     match, the index must pass integrity_check. Unreferenced files are allowed here (crash litter:
     a write that never committed, or a delete's file that the background reaper had not unlinked
     yet) and counted.
  2. The server restarts on the same directory and every key, version, upload and part is checked
     against the ledger of acknowledged outcomes (below).
  3. The server stops (SIGTERM) and `pail fsck --json` must report the directory clean: the restart
     removed the litter. Unreferenced files younger than a minute would be allowed as 'pending'.

The ledger. Every key and upload belongs to one client, so its operations are sequential and at most
one is in flight when the server dies. For each key the ledger keeps the acknowledged state and the
state the in-flight operation (if any) would make; after a restart the server must show one of the
two. Then:
  - lost:        an acknowledged write (object, version, marker, tag set, part, upload) is missing or
                 shows an older state;
  - resurrected: an acknowledged delete (object, version, marker, abort) shows the deleted thing again;
  - torn:        bytes, size, ETag, metadata, checksum or tags match no state the key ever had or was
                 about to have, or an entry appears that was never written (half there).
The state the server shows becomes the acknowledged state for the next cycle.

The seed fixes each client's operation sequence, sizes and the kill delays; thread interleaving and
so the exact moment of the kill within the load are not reproducible.

Exit status 0 when every cycle had 0 lost, 0 torn, 0 resurrected, no unexpected error answer and a
consistent fsck; 1 otherwise; 2 when the server could not be run.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, FlexibleChecksumError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pail_process import clean_env, launch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PLAIN, VERSIONED = "crash-plain", "crash-versioned"
INLINE_SIZES = [0, 1, 100, 4096, 65_536]
FILE_SIZES = [65_537, 150_000, 700_000]
MIN_PART = 5 * 1024 * 1024
CHECKSUMS = [None, "CRC32", "SHA256", "SHA1", "CRC32C", "CRC64NVME"]


# ------------------------------------------------------------------------------------------------
# What an object version is, as far as a client can see.
# ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Obj:
    sha: str                 # sha256 of the bytes
    size: int
    etag: str                # without quotes
    ctype: str
    meta: tuple              # sorted (name, value) of x-amz-meta-*
    checksum: tuple | None   # (algorithm, value) as HEAD with ChecksumMode=ENABLED shows it
    tags: tuple = ()         # sorted (key, value)

    def describe(self) -> str:
        return f"{self.size} B sha256 {self.sha[:12]} etag {self.etag[:12]} tags {dict(self.tags)}"


MARKER = "delete-marker"


class CutResponse(Exception):
    """A 2xx answer whose header block ended early: the server died while writing it. Python's
    http.client takes the end of the stream for the end of the headers, so botocore reports success
    with headers missing. The outcome is unknown, like any request the kill interrupted."""


def header(response: dict, name: str) -> str:
    if name not in response:
        raise CutResponse(name)
    return response[name]


def checksum_of(algorithm: str, data: bytes) -> str:
    if algorithm == "CRC32":
        raw = zlib.crc32(data).to_bytes(4, "big")
    elif algorithm == "SHA256":
        raw = hashlib.sha256(data).digest()
    elif algorithm == "SHA1":
        raw = hashlib.sha1(data).digest()
    else:
        import awscrt.checksums
        raw = (awscrt.checksums.crc32c(data).to_bytes(4, "big") if algorithm == "CRC32C"
               else awscrt.checksums.crc64nvme(data).to_bytes(8, "big"))
    return base64.b64encode(raw).decode()


def multipart_etag(part_md5s: list[bytes]) -> str:
    return hashlib.md5(b"".join(part_md5s)).hexdigest() + f"-{len(part_md5s)}"


# ------------------------------------------------------------------------------------------------
# The ledger of acknowledged outcomes.
# ------------------------------------------------------------------------------------------------
@dataclass
class PlainKey:
    acked: Obj | None = None
    pending: list = field(default_factory=list)   # states an in-flight operation may have left
    history: set = field(default_factory=set)      # sha256 of every state this key ever had


@dataclass
class Version:
    vid: str
    obj: Obj | str           # Obj, or MARKER


@dataclass
class VersionedKey:
    versions: list = field(default_factory=list)   # acknowledged, oldest first
    deleted: set = field(default_factory=set)       # version ids whose delete was acknowledged
    pending_new: object = None                      # Obj or MARKER an in-flight write may have added
    pending_delete: set = field(default_factory=set)  # version ids an in-flight delete may have removed
    pending_tags: tuple | None = None               # (vid, tags) an in-flight tagging may have set


@dataclass
class Upload:
    key: str
    parts: dict = field(default_factory=dict)        # number -> (etag, size, md5 bytes, data)
    pending_parts: dict = field(default_factory=dict)
    state: str = "open"                               # open | completing | aborting
    completing: Obj | None = None                     # the object an in-flight completion makes


@dataclass
class Tally:
    acked: dict = field(default_factory=dict)        # operation -> acknowledged count
    in_flight: int = 0
    lost: list = field(default_factory=list)
    torn: list = field(default_factory=list)
    resurrected: list = field(default_factory=list)
    errors: list = field(default_factory=list)       # error answers while the server was up

    def ack(self, op: str) -> None:
        self.acked[op] = self.acked.get(op, 0) + 1

    @property
    def acked_total(self) -> int:
        return sum(self.acked.values())


class ClientLedger:
    """One client's keys and uploads; only its own thread writes them during load."""

    def __init__(self, index: int):
        self.index = index
        self.plain = {f"c{index}/p{j:02d}": PlainKey() for j in range(10)}
        self.versioned = {f"c{index}/v{j:02d}": VersionedKey() for j in range(5)}
        self.uploads: dict[str, Upload] = {}
        self.aborted: set = set()          # acknowledged aborts: must stay gone
        self.pending_create: str | None = None   # key of an in-flight CreateMultipartUpload


# ------------------------------------------------------------------------------------------------
# The server process.
# ------------------------------------------------------------------------------------------------
class Server:
    def __init__(self, binary: str, data: Path, log: Path):
        self.binary, self.data, self.log = binary, data, log
        self.proc: subprocess.Popen | None = None
        self.endpoint = ""

    def start(self, timeout: float = 30) -> None:
        cmd = [self.binary, "serve", "--address", "127.0.0.1:0", "--imds-address", "off", "--data", str(self.data)]
        self.proc, self.endpoint, _, _ = launch(cmd, self.log, timeout)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return -9

    def client(self, attempts: int = 1):
        cfg = Config(region_name="us-east-1", signature_version="s3v4", s3={"addressing_style": "path"},
                     retries={"total_max_attempts": attempts, "mode": "standard"},
                     connect_timeout=5, read_timeout=60, max_pool_connections=4,
                     request_checksum_calculation="when_required", response_checksum_validation="when_required")
        return boto3.session.Session().client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                                              aws_access_key_id="minioadmin", aws_secret_access_key="minioadmin",
                                              config=cfg)


def fsck(binary: str, data: Path) -> dict:
    out = subprocess.run([binary, "fsck", "--json", "--data", str(data)], capture_output=True, text=True,
                         env=clean_env(), timeout=600)
    try:
        report = json.loads(out.stdout)
    except json.JSONDecodeError:
        report = {"status": out.returncode, "findings": [], "error": (out.stdout + out.stderr).strip()}
    report["exit"] = out.returncode
    return report


# ------------------------------------------------------------------------------------------------
# The load: one thread per client.
# ------------------------------------------------------------------------------------------------
class Worker:
    def __init__(self, ledger: ClientLedger, server: Server, seed: int, tally: Tally, lock: threading.Lock):
        self.l, self.server, self.rng, self.tally, self.lock = ledger, server, random.Random(seed), tally, lock
        self.s3 = server.client()

    def ack(self, op: str) -> None:
        with self.lock:
            self.tally.ack(op)

    def body(self) -> bytes:
        size = self.rng.choice(INLINE_SIZES if self.rng.random() < 0.6 else FILE_SIZES)
        return self.rng.randbytes(size)

    def new_obj(self, data: bytes, tags: tuple = ()) -> tuple[Obj, dict]:
        """The object a PutObject of `data` makes, and the boto3 arguments that make it."""
        meta = {"n": str(self.rng.randrange(10 ** 6)), "client": str(self.l.index)}
        ctype = self.rng.choice(["application/octet-stream", "text/plain", "image/png"])
        alg = self.rng.choice(CHECKSUMS)
        args = {"Body": data, "ContentType": ctype, "Metadata": meta}
        checksum = None
        if alg:
            checksum = (alg, checksum_of(alg, data))
            args["ChecksumAlgorithm"] = alg
        if tags:
            args["Tagging"] = "&".join(f"{k}={v}" for k, v in tags)
        obj = Obj(hashlib.sha256(data).hexdigest(), len(data), hashlib.md5(data).hexdigest(), ctype,
                  tuple(sorted(meta.items())), checksum, tuple(sorted(tags)))
        return obj, args

    def run(self, stop: threading.Event) -> None:
        ops = [(0.30, self.put), (0.08, self.copy), (0.08, self.delete), (0.05, self.delete_many),
               (0.05, self.tag), (0.08, self.multipart), (0.18, self.put_version), (0.07, self.delete_marker),
               (0.08, self.delete_version), (0.03, self.tag_version)]
        weights = [w for w, _ in ops]
        while not stop.is_set():
            op = self.rng.choices([f for _, f in ops], weights)[0]
            try:
                op()
            except ClientError as e:
                with self.lock:
                    self.tally.errors.append(f"client {self.l.index} {op.__name__}: {e.response.get('Error')} "
                                             f"(HTTP {e.response['ResponseMetadata'].get('HTTPStatusCode')})")
                stop.set()
                return
            except AssertionError as e:
                with self.lock:
                    self.tally.errors.append(f"client {self.l.index} {op.__name__}: wrong answer: {e}")
                stop.set()
                return
            except (BotoCoreError, OSError, CutResponse):
                with self.lock:
                    self.tally.in_flight += 1
                return   # the server died mid-request: the outcome is unknown, the ledger says which two

    # -- plain bucket ---------------------------------------------------------------------------
    def put(self):
        key = self.rng.choice(list(self.l.plain))
        state = self.l.plain[key]
        tags = (("t", str(self.rng.randrange(100))),) if self.rng.random() < 0.2 else ()
        obj, args = self.new_obj(self.body(), tags)
        state.pending = [obj]
        state.history.add(obj.sha)
        r = self.s3.put_object(Bucket=PLAIN, Key=key, **args)
        assert header(r, "ETag").strip('"') == obj.etag
        state.acked, state.pending = obj, []
        self.ack("PutObject")

    def copy(self):
        present = [k for k, s in self.l.plain.items() if s.acked is not None]
        if not present:
            return self.put()
        source, target = self.rng.choice(present), self.rng.choice(list(self.l.plain))
        if source == target:
            return
        obj = self.l.plain[source].acked
        state = self.l.plain[target]
        state.pending = [obj]
        state.history.add(obj.sha)
        r = self.s3.copy_object(Bucket=PLAIN, Key=target, CopySource={"Bucket": PLAIN, "Key": source})
        assert header(r, "CopyObjectResult")["ETag"].strip('"') == obj.etag
        state.acked, state.pending = obj, []
        self.ack("CopyObject")

    def delete(self):
        key = self.rng.choice(list(self.l.plain))
        state = self.l.plain[key]
        state.pending = [None]
        self.s3.delete_object(Bucket=PLAIN, Key=key)
        state.acked, state.pending = None, []
        self.ack("DeleteObject")

    def delete_many(self):
        keys = self.rng.sample(list(self.l.plain), self.rng.randint(2, 4))
        for k in keys:
            self.l.plain[k].pending = [None]
        r = self.s3.delete_objects(Bucket=PLAIN, Delete={"Objects": [{"Key": k} for k in keys]})
        assert not r.get("Errors"), r.get("Errors")
        assert len(header(r, "Deleted")) == len(keys), r
        for k in keys:
            self.l.plain[k].acked, self.l.plain[k].pending = None, []
        self.ack("DeleteObjects")

    def tag(self):
        present = [k for k, s in self.l.plain.items() if s.acked is not None]
        if not present:
            return self.put()
        key = self.rng.choice(present)
        state = self.l.plain[key]
        tags = tuple(sorted({f"k{self.rng.randrange(5)}": str(self.rng.randrange(1000)) for _ in range(self.rng.randint(1, 3))}.items()))
        new = replace(state.acked, tags=tags)
        state.pending = [new]
        self.s3.put_object_tagging(Bucket=PLAIN, Key=key, Tagging={"TagSet": [{"Key": k, "Value": v} for k, v in tags]})
        state.acked, state.pending = new, []
        self.ack("PutObjectTagging")

    def multipart(self):
        l = self.l
        open_uploads = [u for u, up in l.uploads.items() if up.state == "open"]
        if len(open_uploads) < 2 and (not open_uploads or self.rng.random() < 0.5):
            key = self.rng.choice(list(l.plain))
            l.pending_create = key
            upload_id = header(self.s3.create_multipart_upload(Bucket=PLAIN, Key=key, ContentType="application/x-mp",
                                                               Metadata={"mp": "1"}), "UploadId")
            l.uploads[upload_id] = Upload(key)
            l.pending_create = None
            self.ack("CreateMultipartUpload")
            return
        upload_id = self.rng.choice(open_uploads)
        up = l.uploads[upload_id]
        roll = self.rng.random()
        if roll < 0.1:
            up.state = "aborting"
            self.s3.abort_multipart_upload(Bucket=PLAIN, Key=up.key, UploadId=upload_id)
            del l.uploads[upload_id]
            l.aborted.add(upload_id)
            self.ack("AbortMultipartUpload")
        elif len(up.parts) < 2 or roll < 0.5:
            # Part 1 may be as small as anything only while it is the last part: make part 1 full
            # size when a second part follows, else small.
            number = 1 if 1 not in up.parts or self.rng.random() < 0.3 else 2
            size = MIN_PART if number == 1 and self.rng.random() < 0.3 else self.rng.choice([1, 1000, 100_000])
            data = self.rng.randbytes(size)
            md5 = hashlib.md5(data).digest()
            part = (md5.hex(), size, md5, data)
            up.pending_parts[number] = part
            r = self.s3.upload_part(Bucket=PLAIN, Key=up.key, UploadId=upload_id, PartNumber=number, Body=data)
            assert header(r, "ETag").strip('"') == part[0]
            up.parts[number] = part
            up.pending_parts.pop(number, None)
            self.ack("UploadPart")
        else:
            numbers = sorted(up.parts)
            if len(numbers) > 1 and up.parts[numbers[0]][1] < MIN_PART:
                numbers = numbers[-1:]
            state = l.plain[up.key]
            chosen = [up.parts[n] for n in numbers]
            whole = hashlib.sha256()
            for p in chosen:
                whole.update(p[3])
            obj = Obj(whole.hexdigest(), sum(p[1] for p in chosen), multipart_etag([p[2] for p in chosen]),
                      "application/x-mp", (("mp", "1"),), None)
            state.pending = [obj]
            state.history.add(obj.sha)
            up.state, up.completing = "completing", obj
            r = self.s3.complete_multipart_upload(Bucket=PLAIN, Key=up.key, UploadId=upload_id, MultipartUpload={
                "Parts": [{"PartNumber": n, "ETag": up.parts[n][0]} for n in numbers]})
            assert header(r, "ETag").strip('"') == obj.etag
            state.acked, state.pending = obj, []
            del l.uploads[upload_id]
            self.ack("CompleteMultipartUpload")

    # -- versioned bucket -----------------------------------------------------------------------
    def put_version(self):
        key = self.rng.choice(list(self.l.versioned))
        vk = self.l.versioned[key]
        obj, args = self.new_obj(self.body())
        vk.pending_new = obj
        r = self.s3.put_object(Bucket=VERSIONED, Key=key, **args)
        vk.versions.append(Version(header(r, "VersionId"), obj))
        vk.pending_new = None
        self.ack("PutObject (versioned)")

    def delete_marker(self):
        key = self.rng.choice(list(self.l.versioned))
        vk = self.l.versioned[key]
        vk.pending_new = MARKER
        r = self.s3.delete_object(Bucket=VERSIONED, Key=key)
        assert header(r, "DeleteMarker") and r.get("VersionId"), r
        vk.versions.append(Version(r["VersionId"], MARKER))
        vk.pending_new = None
        self.ack("DeleteObject (marker)")

    def delete_version(self):
        candidates = [(k, v) for k, vk in self.l.versioned.items() for v in vk.versions]
        if not candidates:
            return self.put_version()
        many = self.rng.random() < 0.3
        picks = self.rng.sample(candidates, min(len(candidates), self.rng.randint(1, 3) if many else 1))
        for k, v in picks:
            self.l.versioned[k].pending_delete.add(v.vid)
        if many:
            r = self.s3.delete_objects(Bucket=VERSIONED, Delete={"Objects": [{"Key": k, "VersionId": v.vid} for k, v in picks]})
            assert not r.get("Errors"), r.get("Errors")
            assert len(header(r, "Deleted")) == len(picks), r
        else:
            k, v = picks[0]
            self.s3.delete_object(Bucket=VERSIONED, Key=k, VersionId=v.vid)
        for k, v in picks:
            vk = self.l.versioned[k]
            vk.versions = [x for x in vk.versions if x.vid != v.vid]
            vk.deleted.add(v.vid)
            vk.pending_delete.discard(v.vid)
        self.ack("DeleteObjects (versions)" if many else "DeleteObject (version)")

    def tag_version(self):
        candidates = [(k, v) for k, vk in self.l.versioned.items() for v in vk.versions if v.obj != MARKER]
        if not candidates:
            return self.put_version()
        key, v = self.rng.choice(candidates)
        vk = self.l.versioned[key]
        tags = (("v", str(self.rng.randrange(1000))),)
        vk.pending_tags = (v.vid, tags)
        self.s3.put_object_tagging(Bucket=VERSIONED, Key=key, VersionId=v.vid,
                                   Tagging={"TagSet": [{"Key": k, "Value": val} for k, val in tags]})
        v.obj = replace(v.obj, tags=tags)
        vk.pending_tags = None
        self.ack("PutObjectTagging (version)")


# ------------------------------------------------------------------------------------------------
# Verification after a restart.
# ------------------------------------------------------------------------------------------------
class Verifier:
    def __init__(self, server: Server, tally: Tally):
        self.s3 = server.client(attempts=3)
        self.t = tally

    def observe(self, bucket: str, key: str, version: str | None = None) -> Obj | None:
        """The object as the server shows it, or None when it is absent (or a delete marker)."""
        extra = {"VersionId": version} if version else {}
        try:
            got = self.s3.get_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED", **extra)
        except ClientError as e:
            if e.response["Error"]["Code"] in ("NoSuchKey", "NoSuchVersion", "404", "MethodNotAllowed", "405"):
                return None
            # Listed but unreadable (its file is gone, say): no bytes anyone could get back.
            return Obj("unreadable: " + e.response["Error"].get("Code", "?"), -1, "", "", (), None)
        try:
            data = got["Body"].read()
        except FlexibleChecksumError as e:   # botocore checked the bytes against the stored checksum
            return Obj(f"bytes fail their checksum: {e}", -1, got["ETag"].strip('"'), "", (), None)
        checksum = None
        for alg in ("CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"):
            if got.get("Checksum" + alg):
                checksum = (alg, got["Checksum" + alg])
        tags = ()
        if got.get("TagCount"):
            tagset = self.s3.get_object_tagging(Bucket=bucket, Key=key, **extra)["TagSet"]
            tags = tuple(sorted((t["Key"], t["Value"]) for t in tagset))
        if len(data) != got["ContentLength"]:
            self.t.torn.append(f"{bucket}/{key} {version or ''}: GET returned {len(data)} of {got['ContentLength']} bytes")
        return Obj(hashlib.sha256(data).hexdigest(), len(data), got["ETag"].strip('"'),
                   got.get("ContentType", ""), tuple(sorted(got.get("Metadata", {}).items())), checksum, tags)

    @staticmethod
    def same(expected: Obj, seen: Obj) -> bool:
        """Bytes (sha256, size), ETag, content type, metadata, checksum and tags all agree."""
        return seen == expected

    def plain(self, l: ClientLedger, listed: dict) -> None:
        for key, state in l.plain.items():
            seen = self.observe(PLAIN, key)
            allowed = [state.acked] + state.pending
            match = next((s for s in allowed if (s is None and seen is None) or
                          (s is not None and seen is not None and self.same(s, seen))), "none")
            if match != "none":
                state.acked, state.pending = match, []
            else:
                if seen is None or seen.size < 0:
                    if state.acked is None:
                        # Nothing acknowledged, and what a write in flight left does not read whole.
                        self.t.torn.append(f"{PLAIN}/{key}: a write in flight left {seen.sha}")
                    else:
                        self.t.lost.append(f"{PLAIN}/{key}: acknowledged {state.acked.describe()} is "
                                           f"{'missing' if seen is None else seen.sha}")
                elif state.acked is None and seen.sha in state.history:
                    self.t.resurrected.append(f"{PLAIN}/{key}: deleted, shows {seen.describe()}")
                elif seen.sha in state.history:
                    self.t.lost.append(f"{PLAIN}/{key}: shows an older {seen.describe()}, acknowledged "
                                       f"{state.acked.describe() if state.acked else 'delete'}")
                else:
                    self.t.torn.append(f"{PLAIN}/{key}: shows {seen.describe()}, expected one of "
                                       f"{[s.describe() if s else 'absent' for s in allowed]}")
                # Go on from what the server shows, so that one fault is reported once.
                state.acked, state.pending = seen, []
                if seen:
                    state.history.add(seen.sha)
            if (state.acked is not None) != (key in listed):
                self.t.torn.append(f"{PLAIN}/{key}: listing {'lacks' if key not in listed else 'shows'} it")
            elif key in listed and listed[key] != state.acked.size and state.acked.size >= 0:
                self.t.torn.append(f"{PLAIN}/{key}: listed with {listed[key]} bytes, GET has {state.acked.size}")

    def uploads(self, l: ClientLedger) -> None:
        for upload_id, up in list(l.uploads.items()):
            try:
                parts = {p["PartNumber"]: (p["ETag"].strip('"'), p["Size"])
                         for p in self.s3.list_parts(Bucket=PLAIN, Key=up.key, UploadId=upload_id).get("Parts", [])}
            except ClientError as e:
                if e.response["Error"]["Code"] != "NoSuchUpload":
                    raise
                if up.state == "completing" and l.plain[up.key].acked != up.completing:
                    self.t.lost.append(f"upload {upload_id}: gone, but {up.key} does not show the object it completed")
                if up.state in ("completing", "aborting"):
                    del l.uploads[upload_id]   # the completion or abort did happen
                    continue
                self.t.lost.append(f"upload {upload_id} of {up.key}: acknowledged, now NoSuchUpload")
                del l.uploads[upload_id]
                continue
            if up.state == "completing" and l.plain[up.key].acked == up.completing:
                # One transaction makes the object and ends the upload: never one without the other.
                self.t.torn.append(f"upload {upload_id}: {up.key} shows the completed object, yet the upload is still open")
            up.state, up.completing = "open", None
            for number, part in up.parts.items():
                alt = up.pending_parts.get(number)
                got = parts.get(number)
                if got == (part[0], part[1]):
                    continue
                if alt and got == (alt[0], alt[1]):
                    up.parts[number] = alt
                    continue
                self.t.lost.append(f"upload {upload_id} part {number}: acknowledged {part[:2]}, shows {got}")
            for number, alt in up.pending_parts.items():
                if number not in up.parts and parts.get(number) == (alt[0], alt[1]):
                    up.parts[number] = alt
            up.pending_parts = {}
            for number, got in parts.items():
                if number not in up.parts:
                    self.t.torn.append(f"upload {upload_id}: part {number} {got} was never acknowledged or sent")
                    up.parts[number] = (got[0], got[1], bytes.fromhex(got[0]), b"")
        for upload_id in l.aborted:
            try:
                self.s3.list_parts(Bucket=PLAIN, Key="x", UploadId=upload_id)
                self.t.resurrected.append(f"upload {upload_id}: aborted, exists again")
            except ClientError as e:
                if e.response["Error"]["Code"] != "NoSuchUpload":
                    raise
        if l.pending_create:
            # An in-flight create may have made an upload the client never learnt of: it is listed
            # but unknown; abort it so that it does not linger.
            for u in self.s3.list_multipart_uploads(Bucket=PLAIN, Prefix=l.pending_create).get("Uploads", []):
                if u["Key"] == l.pending_create and u["UploadId"] not in l.uploads:
                    self.s3.abort_multipart_upload(Bucket=PLAIN, Key=u["Key"], UploadId=u["UploadId"])
            l.pending_create = None

    def versioned(self, l: ClientLedger, listing: dict) -> None:
        for key, vk in l.versioned.items():
            seen = listing.get(key, [])     # newest first: (vid, is_marker, etag, size, is_latest)
            seen_ids = [v[0] for v in seen]
            acked_ids = [v.vid for v in vk.versions]
            for v in vk.versions:
                if v.vid in seen_ids:
                    continue
                if v.vid in vk.pending_delete:
                    continue
                self.t.lost.append(f"{VERSIONED}/{key} {v.vid}: acknowledged {'marker' if v.obj == MARKER else v.obj.describe()} is missing")
            for vid in seen_ids:
                if vid in vk.deleted:
                    self.t.resurrected.append(f"{VERSIONED}/{key} {vid}: deleted, listed again")
            extra = [s for s in seen if s[0] not in acked_ids and s[0] not in vk.deleted]
            new_version = None
            if extra:
                first = extra[0]
                if len(extra) == 1 and vk.pending_new is not None and seen[0][0] == first[0] and \
                        (first[1] == (vk.pending_new == MARKER)):
                    new_version = Version(first[0], vk.pending_new)
                else:
                    self.t.torn.append(f"{VERSIONED}/{key}: unacknowledged versions listed: {[e[0] for e in extra]}")
            # Order: acknowledged versions keep their order, newest first.
            order = [vid for vid in seen_ids if vid in acked_ids]
            if order != [vid for vid in reversed(acked_ids) if vid in order]:
                self.t.torn.append(f"{VERSIONED}/{key}: versions out of order: {order}")
            if seen and not seen[0][4]:
                self.t.torn.append(f"{VERSIONED}/{key}: the newest version is not the latest")
            # Contents of every version present.
            kept = [v for v in vk.versions if v.vid in seen_ids]
            if new_version:
                kept.append(new_version)
            for v in kept:
                if v.obj == MARKER:
                    if not dict((s[0], s[1]) for s in seen)[v.vid]:
                        self.t.torn.append(f"{VERSIONED}/{key} {v.vid}: a marker is listed as a version")
                    continue
                got = self.observe(VERSIONED, key, v.vid)
                expected = v.obj
                if got is not None and vk.pending_tags and vk.pending_tags[0] == v.vid and got.tags == vk.pending_tags[1]:
                    expected = replace(expected, tags=vk.pending_tags[1])
                    v.obj = expected
                if got is None:
                    self.t.lost.append(f"{VERSIONED}/{key} {v.vid}: listed but GET finds nothing")
                elif not self.same(expected, got):
                    self.t.torn.append(f"{VERSIONED}/{key} {v.vid}: shows {got.describe()}, acknowledged {expected.describe()}")
            # The current GET agrees with the listing.
            current = self.observe(VERSIONED, key)
            if seen and not seen[0][1]:
                if current is None or current.etag != seen[0][2]:
                    self.t.torn.append(f"{VERSIONED}/{key}: GET disagrees with the listing's latest version")
            elif current is not None:
                self.t.torn.append(f"{VERSIONED}/{key}: latest is a marker or nothing, but GET returns {current.describe()}")
            vk.versions = kept
            vk.versions.sort(key=lambda v: seen_ids.index(v.vid), reverse=True)
            vk.pending_new, vk.pending_delete, vk.pending_tags = None, set(), None

    def run(self, ledgers: list[ClientLedger]) -> None:
        listed = {}
        for page in self.s3.get_paginator("list_objects_v2").paginate(Bucket=PLAIN):
            for o in page.get("Contents", []):
                listed[o["Key"]] = o["Size"]
        owned = {k for l in ledgers for k in l.plain}
        for key in set(listed) - owned:
            self.t.torn.append(f"{PLAIN}/{key}: listed, but no client ever wrote it")
        listing: dict = {}
        for page in self.s3.get_paginator("list_object_versions").paginate(Bucket=VERSIONED):
            for v in page.get("Versions", []):
                listing.setdefault(v["Key"], []).append((v["VersionId"], False, v["ETag"].strip('"'), v["Size"], v["IsLatest"]))
            for m in page.get("DeleteMarkers", []):
                listing.setdefault(m["Key"], []).append((m["VersionId"], True, "", 0, m["IsLatest"]))
        for key, entries in listing.items():
            # ListObjectVersions returns each key's versions and markers in two lists; merge by recency:
            # Pail's version ids sort newest first (see VersionID), which the listing also follows.
            entries.sort(key=lambda e: e[0])
        for l in ledgers:
            self.plain(l, listed)
            self.uploads(l)
            self.versioned(l, listing)


# ------------------------------------------------------------------------------------------------
# Cycles.
# ------------------------------------------------------------------------------------------------
def sabotage(data: Path, rng: random.Random) -> None:
    """Damage a crashed store as a disk or a bug might: one object's file goes, one inline object's
    first byte changes. A harness that does not then report lost or torn objects checks nothing."""
    import sqlite3
    db = sqlite3.connect(data / "pail.sqlite")
    try:
        files = [r[0] for r in db.execute("SELECT segments FROM objects WHERE bucket = ? AND segments != ''", (PLAIN,))]
        if files:
            path = rng.choice(files).split(";")[0].rsplit(":", 1)[0]
            (data / path).unlink(missing_ok=True)
        inline = [r[0] for r in db.execute("SELECT key FROM objects WHERE bucket = ? AND length(inline) > 0", (PLAIN,))]
        if inline:
            key = rng.choice(inline)
            blob = bytearray(db.execute("SELECT inline FROM objects WHERE bucket = ? AND key = ?", (PLAIN, key)).fetchone()[0])
            blob[0] ^= 0xFF
            db.execute("UPDATE objects SET inline = ? WHERE bucket = ? AND key = ?", (bytes(blob), PLAIN, key))
            db.commit()
    finally:
        db.close()


def fsck_summary(report: dict, allow: set) -> tuple[list, int]:
    problems = [f for f in report.get("findings", []) if f.get("problem") and f["kind"] not in allow]
    litter = sum(1 for f in report.get("findings", []) if f["kind"] in ("orphan", "pending"))
    if report.get("error"):
        problems.append({"kind": "fsck-failed", "subject": "", "detail": report["error"]})
    return problems, litter


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=10)
    ap.add_argument("--pail", default=str(ROOT / ".build" / "debug" / "pail"))
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--min-delay", type=float, default=0.5, help="earliest kill, seconds into a cycle's load")
    ap.add_argument("--max-delay", type=float, default=3.0, help="latest kill, seconds into a cycle's load")
    ap.add_argument("--keep", action="store_true", help="keep the data directory and the server log")
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--sabotage", action="store_true",
                    help="to test this tool: after each kill, delete one object's file and change one "
                         "inline object's bytes in the index; the run must then fail")
    args = ap.parse_args()
    if not Path(args.pail).is_file():
        print(f"crashtest: no pail binary at {args.pail} (run `swift build` or pass --pail)", file=sys.stderr)
        return 2

    work = Path(tempfile.mkdtemp(prefix="pail-crashtest-"))
    data, log = work / "data", work / "pail.log"
    server = Server(args.pail, data, log)
    rng = random.Random(args.seed)
    ledgers = [ClientLedger(i) for i in range(args.clients)]
    totals = Tally()
    failed_cycles = 0
    started = time.monotonic()
    print(f"crashtest: {args.cycles} cycles, {args.clients} clients, seed {args.seed}, data {data}", flush=True)
    try:
        server.start()
        s3 = server.client(attempts=3)
        s3.create_bucket(Bucket=PLAIN)
        s3.create_bucket(Bucket=VERSIONED)
        s3.put_bucket_versioning(Bucket=VERSIONED, VersioningConfiguration={"Status": "Enabled"})
        for cycle in range(1, args.cycles + 1):
            tally = Tally()
            lock = threading.Lock()
            stop = threading.Event()
            workers = [Worker(l, server, args.seed * 1_000_003 + cycle * 101 + l.index, tally, lock) for l in ledgers]
            threads = [threading.Thread(target=w.run, args=(stop,), daemon=True) for w in workers]
            for t in threads:
                t.start()
            delay = rng.uniform(args.min_delay, args.max_delay)
            stop.wait(delay)
            server.kill()
            stop.set()
            for t in threads:
                t.join(120)

            if args.sabotage:
                sabotage(data, rng)
            raw = fsck(args.pail, data)
            raw_problems, litter = fsck_summary(raw, allow={"orphan"})
            server.start()
            Verifier(server, tally).run(ledgers)
            code = server.stop()
            if code != 0:
                tally.errors.append(f"SIGTERM exit status {code}")
            after = fsck(args.pail, data)
            after_problems, pending = fsck_summary(after, allow=set())
            server.start()

            bad = len(tally.lost) + len(tally.torn) + len(tally.resurrected) + len(tally.errors) \
                + len(raw_problems) + len(after_problems)
            failed_cycles += bad > 0
            print(f"cycle {cycle:3d}: kill at {delay:4.2f}s, acked {tally.acked_total:4d}, in flight {tally.in_flight}, "
                  f"lost {len(tally.lost)}, torn {len(tally.torn)}, resurrected {len(tally.resurrected)}, "
                  f"errors {len(tally.errors)}; fsck after crash: {len(raw_problems)} problems, {litter} unreferenced "
                  f"files; after restart: {'clean' if not after_problems else f'{len(after_problems)} problems'}"
                  f"{f' ({pending} pending)' if pending else ''}", flush=True)
            for line in tally.lost + tally.torn + tally.resurrected + tally.errors:
                print(f"    {line}", flush=True)
            for when, found in (("after the crash", raw_problems), ("after the restart", after_problems)):
                for f in found:
                    print(f"    fsck {when}: {f['kind']}: {f['subject']}: {f['detail']}", flush=True)
            if os.environ.get("CRASHTEST_VERBOSE"):
                for f in raw.get("findings", []):
                    print(f"    (fsck after the crash: {f['kind']}: {f['subject']}: {f['detail']})", flush=True)
            for op, n in tally.acked.items():
                totals.acked[op] = totals.acked.get(op, 0) + n
            totals.in_flight += tally.in_flight
            totals.lost += tally.lost
            totals.torn += tally.torn
            totals.resurrected += tally.resurrected
            totals.errors += tally.errors + [f"fsck: {f}" for f in raw_problems + after_problems]
            totals.acked.setdefault("fsck-litter-after-crash", 0)
            totals.acked["fsck-litter-after-crash"] += litter
        server.stop()
    except Exception as e:  # the harness itself failed: say so with the log
        print(f"crashtest: stopped: {e!r}; server log {log}", file=sys.stderr)
        if server.proc and server.proc.poll() is None:
            server.kill()
        return 2
    finally:
        pass

    litter = totals.acked.pop("fsck-litter-after-crash", 0)
    elapsed = time.monotonic() - started
    print(f"total: {args.cycles} cycles in {elapsed:.0f}s, {totals.acked_total} operations acknowledged "
          f"({', '.join(f'{k} {v}' for k, v in sorted(totals.acked.items()))}), {totals.in_flight} in flight at a kill; "
          f"lost {len(totals.lost)}, torn {len(totals.torn)}, resurrected {len(totals.resurrected)}, "
          f"errors {len(totals.errors)}; {litter} unreferenced files found right after the crashes, "
          f"fsck clean after every restart: {'yes' if not any(e.startswith('fsck') for e in totals.errors) else 'NO'}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "cycles": args.cycles, "seed": args.seed, "clients": args.clients, "seconds": round(elapsed),
            "acknowledged": totals.acked_total, "by_operation": totals.acked, "in_flight": totals.in_flight,
            "lost": len(totals.lost), "torn": len(totals.torn), "resurrected": len(totals.resurrected),
            "errors": totals.errors, "litter_after_crash": litter, "failed_cycles": failed_cycles}, indent=2))
    if args.keep:
        print(f"kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed_cycles else 0


if __name__ == "__main__":
    sys.exit(main())
