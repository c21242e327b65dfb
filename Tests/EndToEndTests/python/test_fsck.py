"""`pail fsck` on data directories that real traffic made: clean after boto3 traffic (and a check
changes no file), refused while the server runs, a server refused while the directory is locked,
and planted damage found, repaired and then clean, with the server serving what is left."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from pail_e2e import PailServer, checksum_b64, clean_env, http_status, pail_binary, unique_bucket


def fsck(data: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(pail_binary()), "fsck", *args, "--data", str(data)], capture_output=True,
                          text=True, env=clean_env(), timeout=300)


def traffic(server: PailServer) -> dict:
    """A little of everything: inline and file objects with checksums, overwrites, multipart
    (completed, aborted and left open), copies, tags, versions, markers and deletes."""
    s3 = server.client()
    plain, versioned = unique_bucket("fsck"), unique_bucket("fsckv")
    s3.create_bucket(Bucket=plain)
    s3.create_bucket(Bucket=versioned)
    s3.put_bucket_versioning(Bucket=versioned, VersioningConfiguration={"Status": "Enabled"})
    bodies = {}
    for i, size in enumerate([0, 10, 65_536, 65_537, 300_000]):
        data = os.urandom(size)
        bodies[f"obj{i}"] = data
        s3.put_object(Bucket=plain, Key=f"obj{i}", Body=data, ChecksumAlgorithm=["CRC32", "SHA256", "CRC32C", "SHA1", "CRC64NVME"][i])
    s3.put_object(Bucket=plain, Key="obj1", Body=b"overwritten")
    bodies["obj1"] = b"overwritten"
    s3.put_object_tagging(Bucket=plain, Key="obj3", Tagging={"TagSet": [{"Key": "a", "Value": "b"}]})
    for kind in ("COMPOSITE", "FULL_OBJECT"):
        key = f"mp-{kind}"
        up = s3.create_multipart_upload(Bucket=plain, Key=key, ChecksumAlgorithm="CRC32", ChecksumType=kind)
        parts, whole = [], b""
        for n, size in ((1, 5 * 1024 * 1024), (2, 1234)):
            data = os.urandom(size)
            whole += data
            r = s3.upload_part(Bucket=plain, Key=key, UploadId=up["UploadId"], PartNumber=n, Body=data,
                               ChecksumAlgorithm="CRC32")
            parts.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumCRC32": r["ChecksumCRC32"]})
        s3.complete_multipart_upload(Bucket=plain, Key=key, UploadId=up["UploadId"], MultipartUpload={"Parts": parts})
        bodies[key] = whole
        s3.copy_object(Bucket=plain, Key=f"copy-{kind}", CopySource={"Bucket": plain, "Key": key})
        bodies[f"copy-{kind}"] = whole
    aborted = s3.create_multipart_upload(Bucket=plain, Key="aborted")
    s3.upload_part(Bucket=plain, Key="aborted", UploadId=aborted["UploadId"], PartNumber=1, Body=b"x" * 70_000)
    s3.abort_multipart_upload(Bucket=plain, Key="aborted", UploadId=aborted["UploadId"])
    open_upload = s3.create_multipart_upload(Bucket=plain, Key="open")
    s3.upload_part(Bucket=plain, Key="open", UploadId=open_upload["UploadId"], PartNumber=1, Body=b"y" * 70_000)
    s3.delete_object(Bucket=plain, Key="obj0")
    del bodies["obj0"]
    vids = [s3.put_object(Bucket=versioned, Key="k", Body=os.urandom(n))["VersionId"] for n in (5, 100_000, 7)]
    s3.delete_object(Bucket=versioned, Key="k")
    s3.delete_object(Bucket=versioned, Key="k", VersionId=vids[0])
    s3.delete_objects(Bucket=versioned, Delete={"Objects": [{"Key": "gone"}]})
    return {"plain": plain, "bodies": bodies}


def test_after_real_traffic_fsck_deep_is_clean_and_changes_nothing(own_server):
    made = traffic(own_server)
    data = own_server.data_dir
    assert own_server.stop() == 0

    def state():
        return {str(p.relative_to(data)): (p.stat().st_size, p.stat().st_mtime_ns)
                for p in data.rglob("*") if p.is_file() and not p.name.endswith("-shm")}
    before = state()
    result = fsck(data, "--deep")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1] == "clean"
    assert state() == before, "a check without --repair changed files"

    report = json.loads(fsck(data, "--json").stdout)
    assert report["status"] == 0 and report["clean"] and report["findings"] == []
    assert report["counts"]["currentRows"] >= 9 and report["counts"]["parts"] == 1

    # --repair on a clean store changes nothing either.
    assert fsck(data, "--repair").returncode == 0
    assert state() == before

    own_server.start()
    s3 = own_server.client()
    for key, body in made["bodies"].items():
        assert s3.get_object(Bucket=made["plain"], Key=key)["Body"].read() == body, key


def test_fsck_refuses_a_directory_whose_server_runs(own_server):
    own_server.client().create_bucket(Bucket=unique_bucket("busy"))
    result = fsck(own_server.data_dir)
    assert result.returncode == 4
    assert "in use by another Pail process" in result.stderr


def test_server_refuses_a_directory_that_fsck_holds(tmp_path):
    data = tmp_path / "data"
    srv = PailServer(data, tmp_path).start()
    srv.stop()
    # Hold the lock as fsck does while it works.
    holder = subprocess.Popen(["flock", "--exclusive", "--no-fork", str(data / "pail.lock"), "sleep", "30"])
    try:
        time.sleep(0.5)
        with pytest.raises(RuntimeError) as e:
            PailServer(data, tmp_path).start(timeout=10)
        assert "in use by another Pail process" in str(e.value)
    finally:
        holder.kill()
        holder.wait()
    PailServer(data, tmp_path).start().stop()


def test_planted_damage_is_found_repaired_then_clean_and_the_rest_still_served(own_server):
    made = traffic(own_server)
    plain, bodies = made["plain"], made["bodies"]
    data = own_server.data_dir
    assert own_server.stop() == 0

    import sqlite3
    db = sqlite3.connect(data / "pail.sqlite")
    segments = dict(db.execute("SELECT key, segments FROM objects WHERE bucket = ? AND segments != ''", (plain,)))
    db.close()
    victim = "obj4"   # 300 000 bytes: a file of its own
    (data / segments[victim].rsplit(":", 1)[0]).unlink()
    flipped = segments["copy-FULL_OBJECT"].rsplit(":", 1)[0]
    with open(data / flipped, "r+b") as f:
        f.seek(1000)
        b = f.read(1)
        f.seek(1000)
        f.write(bytes([b[0] ^ 0xFF]))
    (data / "tmp" / "leftover").write_bytes(b"t")
    orphan = data / "objects" / "ab" / ("ab" + "0" * 30)
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"o")
    old = time.time() - 600
    os.utime(orphan, (old, old))

    shallow = fsck(data)
    assert shallow.returncode == 1, shallow.stdout
    assert "missing-file" in shallow.stdout and "orphan" in shallow.stdout and "tmp-file" in shallow.stdout
    assert "content-mismatch" not in shallow.stdout
    deep = json.loads(fsck(data, "--deep", "--json").stdout)
    kinds = sorted(f["kind"] for f in deep["findings"])
    assert kinds == ["content-mismatch", "missing-file", "orphan", "tmp-file"], deep["findings"]

    repaired = fsck(data, "--deep", "--repair")
    assert repaired.returncode == 2, repaired.stdout + repaired.stderr
    assert "repair: dropped current version null of " + plain + "/obj4" in repaired.stdout
    again = fsck(data, "--deep")
    assert again.returncode == 0 and again.stdout.strip().endswith("clean"), again.stdout

    own_server.start()
    s3 = own_server.client()
    for key in (victim, "copy-FULL_OBJECT"):
        with pytest.raises(ClientError) as e:
            s3.head_object(Bucket=plain, Key=key)
        assert http_status(e.value) == 404
        del bodies[key]
    for key, body in bodies.items():
        assert s3.get_object(Bucket=plain, Key=key)["Body"].read() == body, key
