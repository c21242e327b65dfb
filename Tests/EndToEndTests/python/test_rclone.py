"""rclone (Debian's package) against a versioned bucket: `--s3-versions` lists old versions."""
import os
import shutil
import subprocess

import pytest

from pail_e2e import unique_bucket

RCLONE = shutil.which("rclone")


def rclone(server, *args):
    assert RCLONE, "rclone is not installed (apt-get install rclone; .ci/run installs it)"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"),
           "RCLONE_CONFIG_PAIL_TYPE": "s3", "RCLONE_CONFIG_PAIL_PROVIDER": "Other",
           "RCLONE_CONFIG_PAIL_ENDPOINT": server.endpoint, "RCLONE_CONFIG_PAIL_REGION": server.region,
           "RCLONE_CONFIG_PAIL_ACCESS_KEY_ID": server.access_key,
           "RCLONE_CONFIG_PAIL_SECRET_ACCESS_KEY": server.secret_key,
           "RCLONE_CONFIG_PAIL_FORCE_PATH_STYLE": "true", "RCLONE_CONFIG": "/dev/null"}
    proc = subprocess.run([RCLONE, *args], env=env, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"rclone {' '.join(args)}: {proc.returncode}\n{proc.stderr}"
    return proc.stdout


def test_rclone_ls_s3_versions_lists_old_versions(server, s3):
    bucket = unique_bucket("rclone")
    s3.create_bucket(Bucket=bucket)
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="notes.txt", Body=b"first")
    s3.put_object(Bucket=bucket, Key="notes.txt", Body=b"second!")
    s3.put_object(Bucket=bucket, Key="dir/other.txt", Body=b"x")

    plain = rclone(server, "ls", f"pail:{bucket}")
    assert sorted(line.split()[-1] for line in plain.splitlines()) == ["dir/other.txt", "notes.txt"]

    versions = rclone(server, "ls", "--s3-versions", f"pail:{bucket}")
    names = sorted(line.split(None, 1)[1] for line in versions.splitlines())
    # rclone shows an old version as name-vYYYY-MM-DD-HHMMSS-mmm.ext next to the current one.
    assert "notes.txt" in names and "dir/other.txt" in names
    old = [n for n in names if n.startswith("notes-v")]
    assert len(old) == 1, versions
    sizes = {line.split(None, 1)[1]: int(line.split()[0]) for line in versions.splitlines()}
    assert sizes["notes.txt"] == 7 and sizes[old[0]] == 5


def test_rclone_copies_through_and_back(server, s3, tmp_path):
    bucket = unique_bucket("rclonecp")
    s3.create_bucket(Bucket=bucket)
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "a.bin").write_bytes(os.urandom(300_000))
    (src / "sub" / "b.txt").write_text("hello")
    rclone(server, "copy", str(src), f"pail:{bucket}/tree")
    back = tmp_path / "back"
    rclone(server, "copy", f"pail:{bucket}/tree", str(back))
    assert (back / "a.bin").read_bytes() == (src / "a.bin").read_bytes()
    assert (back / "sub" / "b.txt").read_text() == "hello"
    rclone(server, "check", str(src), f"pail:{bucket}/tree")
