#!/usr/bin/env python3
"""Soak test: run a real `pail serve` under mixed load with faults firing for a long time and check
that its memory, file descriptors and threads stay flat.

    python3 tools/soak.py [--minutes 30] [--pail BIN] [--clients 4] [--max-size-mib 64]
                          [--sample-seconds 10] [--warmup-seconds 120] [--json FILE]

The load: K client threads (boto3, standard retry mode, so a 503 is retried with backoff) each own a
bounded set of keys and loop until the time is up over a weighted mix of PutObject (small inline
sizes, medium file-backed sizes, and now and then a large object up to --max-size-mib), multipart
uploads (create, 5 MiB parts, complete; one in ten aborted), GetObject with the bytes compared to
what was written, HeadObject, ListObjectsV2 (paged), DeleteObject and DeleteObjects. Overwrites and
deletes keep the store's size bounded, so growth in the server can only come from the server.

The faults (a plan loaded with --faults): a probabilistic 503 SlowDown on every S3 request and a
probabilistic 150 ms latency on GetObject and ListObjectsV2. The clients retry the 503s.

Every --sample-seconds the server's resident memory (VmRSS), open descriptors (/proc/PID/fd) and
thread count (Threads in /proc/PID/status) are read and printed as one line. At the end a summary
is printed and the run is judged, on the samples after the warm-up, split into thirds:
  - RSS is flat when the last third's mean is at most the first third's mean times (1 + tolerance)
    plus a small absolute slack (allocator arenas settle in steps);
  - descriptors and threads are bounded: the last third's maximum is at most the first third's
    maximum plus a slack, and no sample passes an absolute ceiling;
  - the load itself was sound: operations ran, faults fired, no read returned bytes that differ from
    the acknowledged write, and no operation failed after its retries.

Exit status 0 when flat and sound, 1 when not, 2 when the server could not be run.
"""
from __future__ import annotations

import argparse
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
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pail_process import launch  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
PART = 5 * MIB   # S3's minimum part size for every part but the last
BUCKET = "soak"


def fault_plan(seed: int, error_probability: float, latency_probability: float) -> dict:
    """503 SlowDown on any S3 request now and then, and added latency on reads and listings."""
    return {"seed": seed, "rules": [
        {"id": "soak-503", "match": {"service": "s3"}, "when": {"probability": error_probability},
         "action": {"type": "error", "code": "SlowDown"}},
        {"id": "soak-latency", "match": {"operations": ["GetObject", "ListObjectsV2"]},
         "when": {"probability": latency_probability},
         "action": {"type": "latency", "ms": 150, "phase": "beforeResponse"}},
    ]}


# ------------------------------------------------------------------------------------------------
# Sampling the server process.
# ------------------------------------------------------------------------------------------------
@dataclass
class Sample:
    t: float          # seconds since the load started
    rss_mib: float
    fds: int
    threads: int
    ops: int


def read_process(pid: int) -> tuple[float, int, int]:
    """(VmRSS in MiB, open descriptors, threads) of a live process, from /proc (proc(5))."""
    rss_kib = threads = 0
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss_kib = int(line.split()[1])
            elif line.startswith("Threads:"):
                threads = int(line.split()[1])
    return rss_kib / 1024, len(os.listdir(f"/proc/{pid}/fd")), threads


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def judge(samples: list[Sample], warmup: float, rss_tolerance: float, rss_slack_mib: float,
          fd_slack: int, thread_slack: int, fd_ceiling: int, thread_ceiling: int) -> tuple[bool, dict, list[str]]:
    """Whether RSS, descriptors and threads stayed flat after the warm-up, the figures the verdict
    rests on, and the reasons when not. Fewer than three samples past the warm-up cannot show a
    trend, so that is a failure too."""
    steady = [s for s in samples if s.t >= warmup]
    reasons: list[str] = []
    if len(steady) < 3:
        return False, {"steadySamples": len(steady)}, [f"only {len(steady)} samples after the warm-up; need 3"]
    third = max(1, len(steady) // 3)
    first, last = steady[:third], steady[-third:]
    figures = {
        "steadySamples": len(steady),
        "rssFirstThirdMiB": round(mean([s.rss_mib for s in first]), 1),
        "rssLastThirdMiB": round(mean([s.rss_mib for s in last]), 1),
        "rssMaxMiB": round(max(s.rss_mib for s in samples), 1),
        "fdsFirstThirdMax": max(s.fds for s in first), "fdsLastThirdMax": max(s.fds for s in last),
        "fdsMax": max(s.fds for s in samples),
        "threadsFirstThirdMax": max(s.threads for s in first), "threadsLastThirdMax": max(s.threads for s in last),
        "threadsMax": max(s.threads for s in samples),
    }
    rss_limit = figures["rssFirstThirdMiB"] * (1 + rss_tolerance) + rss_slack_mib
    if figures["rssLastThirdMiB"] > rss_limit:
        reasons.append(f"RSS grew: last third {figures['rssLastThirdMiB']} MiB > {rss_limit:.1f} MiB "
                       f"(first third {figures['rssFirstThirdMiB']} MiB × {1 + rss_tolerance:g} + {rss_slack_mib:g})")
    if figures["fdsLastThirdMax"] > figures["fdsFirstThirdMax"] + fd_slack:
        reasons.append(f"descriptors grew: {figures['fdsFirstThirdMax']} → {figures['fdsLastThirdMax']}")
    if figures["fdsMax"] > fd_ceiling:
        reasons.append(f"descriptors reached {figures['fdsMax']} > {fd_ceiling}")
    if figures["threadsLastThirdMax"] > figures["threadsFirstThirdMax"] + thread_slack:
        reasons.append(f"threads grew: {figures['threadsFirstThirdMax']} → {figures['threadsLastThirdMax']}")
    if figures["threadsMax"] > thread_ceiling:
        reasons.append(f"threads reached {figures['threadsMax']} > {thread_ceiling}")
    return not reasons, figures, reasons


# ------------------------------------------------------------------------------------------------
# The server.
# ------------------------------------------------------------------------------------------------
def default_binary() -> str:
    for flavour in ("release", "debug"):
        candidate = ROOT / ".build" / flavour / "pail"
        if candidate.exists():
            return str(candidate)
    return shutil.which("pail") or str(ROOT / ".build" / "release" / "pail")


class Server:
    def __init__(self, binary: str, work: Path, plan: dict):
        self.binary, self.work = binary, work
        (work / "faults.json").write_text(json.dumps(plan))
        self.log = work / "server.log"
        self.proc: subprocess.Popen | None = None
        self.endpoint = self.access_key = self.secret_key = ""

    def start(self, timeout: float = 60) -> None:
        cmd = [self.binary, "serve", "--address", "127.0.0.1:0", "--imds-address", "off",
               "--data", str(self.work / "data"), "--faults", str(self.work / "faults.json")]
        self.proc, self.endpoint, self.access_key, self.secret_key = launch(cmd, self.log, timeout)

    def faults_fired(self) -> int:
        """The fault log's sequence number counts every fault fired over the server's life."""
        with urllib.request.urlopen(f"{self.endpoint}/_pail/faults/log", timeout=10) as r:
            entries = json.load(r).get("entries", [])
        return max((e.get("seq", 0) for e in entries), default=0)

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def client(self):
        import boto3
        from botocore.config import Config
        cfg = Config(region_name="us-east-1", signature_version="s3v4", s3={"addressing_style": "path"},
                     retries={"total_max_attempts": 10, "mode": "standard"}, connect_timeout=10,
                     read_timeout=120, max_pool_connections=4,
                     request_checksum_calculation="when_required", response_checksum_validation="when_required")
        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=self.access_key,
                            aws_secret_access_key=self.secret_key, config=cfg)


# ------------------------------------------------------------------------------------------------
# The load.
# ------------------------------------------------------------------------------------------------
@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    ops: dict = field(default_factory=dict)
    bytes_up: int = 0
    bytes_down: int = 0
    mismatches: list = field(default_factory=list)
    failures: list = field(default_factory=list)

    def count(self, op: str, up: int = 0, down: int = 0) -> None:
        with self.lock:
            self.ops[op] = self.ops.get(op, 0) + 1
            self.bytes_up += up
            self.bytes_down += down

    def total(self) -> int:
        with self.lock:
            return sum(self.ops.values())


def payload(rng: random.Random, size: int) -> bytes:
    # A random 64 KiB block repeated: cheap to make at 64 MiB, and still different per object.
    block = rng.randbytes(min(size, 65_536))
    return (block * (size // max(1, len(block)) + 1))[:size]


class Worker(threading.Thread):
    def __init__(self, index: int, server: Server, seed: int, deadline: float, max_size: int, tally: Tally):
        super().__init__(daemon=True, name=f"soak-{index}")
        self.prefix = f"c{index}/"
        self.s3 = server.client()
        self.rng = random.Random(seed * 1000 + index)
        self.deadline, self.max_size, self.tally = deadline, max_size, tally
        self.known: dict[str, str] = {}   # key → sha256 of the acknowledged bytes

    def key(self, kind: str, n: int) -> str:
        return f"{self.prefix}{kind}/{self.rng.randrange(n)}"

    def run(self) -> None:
        from botocore.exceptions import BotoCoreError, ClientError
        ops = [(self.put_small, 30), (self.put_medium, 12), (self.put_large, 2), (self.multipart, 3),
               (self.get, 25), (self.head, 8), (self.list, 8), (self.delete, 6), (self.delete_many, 3)]
        funcs, weights = zip(*ops)
        while time.monotonic() < self.deadline:
            op = self.rng.choices(funcs, weights)[0]
            try:
                op()
            except (BotoCoreError, ClientError) as e:
                # Retries exhausted (or a real error): the key's state is unknown from here on.
                with self.tally.lock:
                    self.tally.failures.append(f"{op.__name__}: {e}")
                self.known.clear()

    def write(self, key: str, body: bytes, op: str) -> None:
        self.known.pop(key, None)
        self.s3.put_object(Bucket=BUCKET, Key=key, Body=body)
        self.known[key] = hashlib.sha256(body).hexdigest()
        self.tally.count(op, up=len(body))

    def put_small(self) -> None:
        self.write(self.key("s", 200), payload(self.rng, self.rng.choice([0, 1, 100, 4096, 65_536])), "put-small")

    def put_medium(self) -> None:
        self.write(self.key("m", 40), payload(self.rng, self.rng.randint(65_537, 2 * MIB)), "put-medium")

    def put_large(self) -> None:
        self.write(self.key("l", 3), payload(self.rng, self.rng.randint(8 * MIB, self.max_size)), "put-large")

    def multipart(self) -> None:
        key = self.key("mp", 3)
        self.known.pop(key, None)
        parts = self.rng.randint(2, 3)
        upload = self.s3.create_multipart_upload(Bucket=BUCKET, Key=key)["UploadId"]
        done, whole = [], hashlib.sha256()
        for n in range(1, parts + 1):
            body = payload(self.rng, PART if n < parts else self.rng.randint(1, PART))
            etag = self.s3.upload_part(Bucket=BUCKET, Key=key, UploadId=upload, PartNumber=n, Body=body)["ETag"]
            done.append({"PartNumber": n, "ETag": etag})
            whole.update(body)
            self.tally.count("upload-part", up=len(body))
        if self.rng.random() < 0.1:
            self.s3.abort_multipart_upload(Bucket=BUCKET, Key=key, UploadId=upload)
            self.tally.count("abort-multipart")
            self.known.pop(key, None)
            return
        self.s3.complete_multipart_upload(Bucket=BUCKET, Key=key, UploadId=upload, MultipartUpload={"Parts": done})
        self.known[key] = whole.hexdigest()
        self.tally.count("complete-multipart")

    def get(self) -> None:
        if not self.known:
            return
        key = self.rng.choice(sorted(self.known))
        digest, size = hashlib.sha256(), 0
        body = self.s3.get_object(Bucket=BUCKET, Key=key)["Body"]
        for chunk in iter(lambda: body.read(MIB), b""):
            digest.update(chunk)
            size += len(chunk)
        if digest.hexdigest() != self.known[key]:
            with self.tally.lock:
                self.tally.mismatches.append(key)
        self.tally.count("get", down=size)

    def head(self) -> None:
        if self.known:
            self.s3.head_object(Bucket=BUCKET, Key=self.rng.choice(sorted(self.known)))
            self.tally.count("head")

    def list(self) -> None:
        pages = self.s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=self.prefix,
                                                                   PaginationConfig={"PageSize": 50})
        for _ in pages:
            self.tally.count("list-page")

    def delete(self) -> None:
        key = self.key("s", 200)
        self.known.pop(key, None)
        self.s3.delete_object(Bucket=BUCKET, Key=key)
        self.tally.count("delete")

    def delete_many(self) -> None:
        keys = sorted({self.key(self.rng.choice(["s", "m"]), 40) for _ in range(20)})
        for k in keys:
            self.known.pop(k, None)
        self.s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True})
        self.tally.count("delete-objects")


# ------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pail", default=None, help="the pail binary (default: .build/release/pail, else debug)")
    p.add_argument("--minutes", type=float, default=30.0)
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--max-size-mib", type=int, default=64, help="largest single PUT")
    p.add_argument("--sample-seconds", type=float, default=10.0)
    p.add_argument("--warmup-seconds", type=float, default=None, help="default: a tenth of the run, at most 180")
    p.add_argument("--rss-tolerance", type=float, default=0.15, help="allowed RSS growth, a fraction of the first third")
    p.add_argument("--rss-slack-mib", type=float, default=16.0)
    p.add_argument("--fd-slack", type=int, default=16)
    p.add_argument("--thread-slack", type=int, default=8)
    p.add_argument("--fd-ceiling", type=int, default=256)
    p.add_argument("--thread-ceiling", type=int, default=128)
    p.add_argument("--error-probability", type=float, default=0.02)
    p.add_argument("--latency-probability", type=float, default=0.05)
    p.add_argument("--seed", type=int, default=16)
    p.add_argument("--json", help="write the samples, counts and verdict here")
    p.add_argument("--keep", action="store_true", help="keep the data directory and server log")
    args = p.parse_args(argv)
    duration = args.minutes * 60
    warmup = args.warmup_seconds if args.warmup_seconds is not None else min(180.0, duration / 10)

    work = Path(tempfile.mkdtemp(prefix="pail-soak-"))
    server = Server(args.pail or default_binary(), work, fault_plan(args.seed, args.error_probability,
                                                                    args.latency_probability))
    try:
        server.start()
    except (OSError, RuntimeError) as e:
        print(f"soak: {e}", file=sys.stderr)
        return 2
    pid = server.proc.pid
    print(f"soak: pail {server.binary} pid {pid} at {server.endpoint}; {args.clients} clients for "
          f"{args.minutes:g} min, objects up to {args.max_size_mib} MiB, warm-up {warmup:.0f} s", flush=True)
    tally, samples = Tally(), []
    try:
        server.client().create_bucket(Bucket=BUCKET)
        start = time.monotonic()
        workers = [Worker(i, server, args.seed, start + duration, args.max_size_mib * MIB, tally)
                   for i in range(args.clients)]
        for w in workers:
            w.start()
        next_sample, last_ops = start, 0
        while True:
            now = time.monotonic()
            if server.proc.poll() is not None:
                print(f"soak: the server exited with {server.proc.returncode}", flush=True)
                return 1
            if now >= next_sample:
                rss, fds, threads = read_process(pid)
                ops = tally.total()
                s = Sample(round(now - start, 1), round(rss, 1), fds, threads, ops)
                samples.append(s)
                rate = (ops - last_ops) / args.sample_seconds if len(samples) > 1 else 0
                last_ops = ops
                print(f"t={s.t:7.1f}s rss={s.rss_mib:7.1f}MiB fds={fds:4d} threads={threads:3d} "
                      f"ops={ops:7d} ({rate:6.1f}/s)", flush=True)
                next_sample += args.sample_seconds
            if now >= start + duration and not any(w.is_alive() for w in workers):
                break
            time.sleep(0.2)
        elapsed = time.monotonic() - start
        fired = server.faults_fired()
    finally:
        status = server.stop()
    flat, figures, reasons = judge(samples, warmup, args.rss_tolerance, args.rss_slack_mib, args.fd_slack,
                                   args.thread_slack, args.fd_ceiling, args.thread_ceiling)
    if tally.total() == 0:
        reasons.append("no operation completed")
    if fired == 0:
        reasons.append("no fault fired")
    if tally.mismatches:
        reasons.append(f"{len(tally.mismatches)} reads returned other bytes than were written: {tally.mismatches[:5]}")
    if tally.failures:
        reasons.append(f"{len(tally.failures)} operations failed after retries: {tally.failures[:3]}")
    if status != 0:
        reasons.append(f"the server exited with {status} on SIGTERM")
    ok = not reasons
    print(f"soak: {elapsed:.0f} s, {tally.total()} operations ({', '.join(f'{k} {v}' for k, v in sorted(tally.ops.items()))}), "
          f"{tally.bytes_up / MIB:.0f} MiB up, {tally.bytes_down / MIB:.0f} MiB down, {fired} faults fired")
    print("soak: after warm-up: RSS {rssFirstThirdMiB} → {rssLastThirdMiB} MiB (first → last third mean, max "
          "{rssMaxMiB}); fds max {fdsFirstThirdMax} → {fdsLastThirdMax} (max {fdsMax}); threads max "
          "{threadsFirstThirdMax} → {threadsLastThirdMax} (max {threadsMax})".format(**figures)
          if flat or "rssFirstThirdMiB" in figures else f"soak: {figures}")
    print("soak: FLAT" if ok else "soak: NOT FLAT: " + "; ".join(reasons), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "ok": ok, "flat": flat, "reasons": reasons, "figures": figures, "seconds": round(elapsed),
            "operations": tally.ops, "bytesUp": tally.bytes_up, "bytesDown": tally.bytes_down,
            "faultsFired": fired, "mismatches": tally.mismatches, "failures": tally.failures[:20],
            "samples": [s.__dict__ for s in samples]}, indent=1))
    if args.keep:
        print(f"soak: kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
