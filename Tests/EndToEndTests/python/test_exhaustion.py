"""Resource exhaustion: a full disk and an exhausted file-descriptor table each get a clear,
retryable S3 error (503 XMinioStorageFull / 503 SlowDown, which AWS SDKs retry with backoff),
lose nothing acknowledged, and the server serves again by itself once the resource is back: no
restart, no crash.

The disk is a 24 MiB tmpfs mounted for the test (a loop-mounted ext4 image when tmpfs is refused);
both need root, so the disk tests skip without it. The descriptor test starts pail with a soft
RLIMIT_NOFILE of 256 and opens 1 000 idle connections to it.
"""
from __future__ import annotations

import contextlib
import os
import resource
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pail_e2e import REGION, PailServer, clean_env, http_status, pail_binary, unique_bucket

DISK_MB = 24


@contextlib.contextmanager
def small_disk(where: Path):
    """A DISK_MB file system mounted at `where`: tmpfs, else a loop-mounted ext4 image."""
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    how = None
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m", "tmpfs", str(where)],
                      capture_output=True).returncode == 0:
        how = "tmpfs"
    else:
        image = where.parent / "disk.img"
        with open(image, "wb") as f:
            f.truncate(DISK_MB * 1024 * 1024)
        if subprocess.run(["mkfs.ext4", "-q", "-F", str(image)], capture_output=True).returncode == 0 and \
                subprocess.run(["mount", "-o", "loop", str(image), str(where)], capture_output=True).returncode == 0:
            how = "ext4 loop"
    if how is None:
        pytest.skip("neither a tmpfs nor a loop-mounted ext4 could be mounted here")
    try:
        yield how
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


class Filler:
    """Takes the disk's free space, all of it or all but `leave` bytes; `free()` gives it back."""

    def __init__(self, disk: Path):
        self.path = disk / "filler"
        self.file = open(self.path, "wb")

    def fill(self, leave: int = 0) -> None:
        st = os.statvfs(self.path.parent)
        target = st.f_bavail * st.f_frsize - leave
        chunk = b"\0" * (1 << 20)
        try:
            while target > 0:
                self.file.write(chunk[:min(len(chunk), target)])
                self.file.flush()
                target -= len(chunk)
        except OSError:
            pass   # full already
        if leave == 0:
            with contextlib.suppress(OSError):
                while True:
                    self.file.write(b"\0" * 4096)
                    self.file.flush()

    def free(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
        self.path.unlink(missing_ok=True)


def client(server: PailServer, attempts: int = 1, **config):
    cfg = Config(region_name=REGION, signature_version="s3v4", s3={"addressing_style": "path"},
                 retries={"total_max_attempts": attempts, "mode": "standard"}, **config)
    return boto3.session.Session().client("s3", endpoint_url=server.endpoint, region_name=REGION, config=cfg,
                                          aws_access_key_id=server.access_key, aws_secret_access_key=server.secret_key)


def assert_storage_full(call) -> None:
    with pytest.raises(ClientError) as e:
        call()
    assert http_status(e.value) == 503, e.value.response
    assert e.value.response["Error"]["Code"] == "XMinioStorageFull", e.value.response
    assert "out of space" in e.value.response["Error"]["Message"]


def fsck_clean(data: Path) -> None:
    out = subprocess.run([str(pail_binary()), "fsck", "--deep", "--data", str(data)], capture_output=True, text=True,
                         env=clean_env(), timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr


def test_disk_full_mid_put_is_503_loses_nothing_and_recovers_without_restart(tmp_path):
    disk = tmp_path / "disk"
    with small_disk(disk):
        server = PailServer(disk / "data", tmp_path).start()
        try:
            pid = server.proc.pid
            s3 = client(server)
            bucket = unique_bucket("full")
            s3.create_bucket(Bucket=bucket)
            acked = {}
            for i, size in enumerate([0, 100, 65_536, 70_000, 1_000_000]):
                acked[f"k{i}"] = os.urandom(size)
                s3.put_object(Bucket=bucket, Key=f"k{i}", Body=acked[f"k{i}"])
            upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
            part1 = os.urandom(5 * 1024 * 1024)
            etag1 = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, Body=part1)["ETag"]

            filler = Filler(disk)
            # Mid-PUT: 1 MiB left, 6 MiB sent. The answer arrives whole (not a reset mid-send).
            filler.fill(leave=1 << 20)
            assert_storage_full(lambda: s3.put_object(Bucket=bucket, Key="big", Body=os.urandom(6 << 20)))
            assert_storage_full(lambda: s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=2,
                                                       Body=os.urandom(3 << 20)))
            # Completely full: small writes either still fit (the index's log reuses its space) or
            # get the same answer; never a 500.
            filler.fill()
            small_ok = {}
            for i, size in enumerate([10, 70_000]):
                body = os.urandom(size)
                try:
                    s3.put_object(Bucket=bucket, Key=f"small{i}", Body=body)
                    small_ok[f"small{i}"] = body
                except ClientError as e:
                    assert (http_status(e), e.response["Error"]["Code"]) == (503, "XMinioStorageFull"), e.response
            # Reads go on, and nothing acknowledged is missing or changed.
            for key, body in {**acked, **small_ok}.items():
                assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body, key

            # Space back: the same server takes writes again.
            filler.free()
            big = os.urandom(6 << 20)
            s3.put_object(Bucket=bucket, Key="big", Body=big)
            part2 = os.urandom(1000)
            etag2 = s3.upload_part(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=2, Body=part2)["ETag"]
            s3.complete_multipart_upload(Bucket=bucket, Key="mp", UploadId=upload, MultipartUpload={"Parts": [
                {"PartNumber": 1, "ETag": etag1}, {"PartNumber": 2, "ETag": etag2}]})
            assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == big
            assert s3.get_object(Bucket=bucket, Key="mp")["Body"].read() == part1 + part2
            assert server.proc.poll() is None and server.proc.pid == pid, "the server restarted or died"

            server.restart()
            s3 = client(server)
            for key, body in {**acked, **small_ok, "big": big, "mp": part1 + part2}.items():
                assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == body, key
            assert server.stop() == 0
            fsck_clean(disk / "data")
        finally:
            if server.proc and server.proc.poll() is None:
                server.kill()


def test_a_retrying_sdk_gets_through_once_space_returns(tmp_path):
    disk = tmp_path / "disk"
    with small_disk(disk):
        server = PailServer(disk / "data", tmp_path).start()
        try:
            bucket = unique_bucket("retry")
            client(server).create_bucket(Bucket=bucket)
            filler = Filler(disk)
            filler.fill()
            threading.Timer(0.3, filler.free).start()
            # botocore's standard mode retries a 503 with jittered backoff (up to 1 s, then 2 s).
            body = os.urandom(200_000)
            patient = client(server, attempts=4)
            patient.put_object(Bucket=bucket, Key="k", Body=body)
            assert patient.get_object(Bucket=bucket, Key="k")["Body"].read() == body
        finally:
            server.stop(timeout=30)


@contextlib.contextmanager
def soft_fd_limit(n: int):
    """Children started inside inherit a soft RLIMIT_NOFILE of `n` (the hard limit stays)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (n, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_descriptor_exhaustion_delays_or_refuses_without_a_crash_and_recovers(tmp_path):
    with soft_fd_limit(256):
        server = PailServer(tmp_path / "data", tmp_path).start()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < 1200:
        pytest.skip(f"this process may open only {hard} descriptors; the test needs 1 200")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1200), hard))
    flood: list[socket.socket] = []
    try:
        pid = server.proc.pid
        s3 = client(server, max_pool_connections=1, read_timeout=30, connect_timeout=5)
        bucket = unique_bucket("fds")
        s3.create_bucket(Bucket=bucket)
        acked = {f"inline{i}": os.urandom(1000) for i in range(3)}
        acked.update({f"file{i}": os.urandom(100_000) for i in range(3)})
        for key, body in acked.items():
            s3.put_object(Bucket=bucket, Key=key, Body=body)

        for _ in range(1000):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            with contextlib.suppress(BlockingIOError, OSError):
                sock.connect((server.host, server.port))
            flood.append(sock)
        time.sleep(2)
        assert server.proc.poll() is None, f"pail died:\n{server.log_tail()}"

        # The connection s3 already holds still gets answers: the bytes, or a retryable 503.
        answers = {}
        for key, body in acked.items():
            try:
                got = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
                assert got == body, key
                answers[key] = 200
            except ClientError as e:
                assert (http_status(e), e.response["Error"]["Code"]) == (503, "SlowDown"), e.response
                answers[key] = 503
        for i in range(2):
            try:
                s3.put_object(Bucket=bucket, Key=f"during{i}", Body=os.urandom(100_000))
                answers[f"during{i}"] = 200
            except ClientError as e:
                assert (http_status(e), e.response["Error"]["Code"]) == (503, "SlowDown"), e.response
                answers[f"during{i}"] = 503
        # A new connection waits in the listen queue (or is refused): it is not served meanwhile.
        newcomer = client(server, connect_timeout=2, read_timeout=2)
        try:
            newcomer.head_bucket(Bucket=bucket)
            answers["new connection"] = 200
        except Exception as e:  # noqa: BLE001 - a timeout or reset is the expected outcome here
            answers["new connection"] = type(e).__name__
        assert server.proc.poll() is None, f"pail died:\n{server.log_tail()}"
        print("answers while out of descriptors:", answers)

        for sock in flood:
            sock.close()
        flood.clear()
        # Serving resumes by itself once the connections are gone.
        deadline = time.monotonic() + 60
        fresh = client(server, connect_timeout=2, read_timeout=5)
        while True:
            try:
                fresh.put_object(Bucket=bucket, Key="after", Body=os.urandom(100_000))
                break
            except Exception:  # noqa: BLE001
                assert time.monotonic() < deadline, f"not serving 60 s after the connections closed:\n{server.log_tail()}"
                time.sleep(0.5)
        for key, body in acked.items():
            assert fresh.get_object(Bucket=bucket, Key=key)["Body"].read() == body, key
        assert server.proc.poll() is None and server.proc.pid == pid
        assert server.stop() == 0
        fsck_clean(tmp_path / "data")
    finally:
        for sock in flood:
            sock.close()
        if server.proc and server.proc.poll() is None:
            server.kill()
