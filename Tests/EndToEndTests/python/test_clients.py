"""Other real clients: curl --aws-sigv4, AWS CLI (s3 and s3api), virtual-hosted addressing."""
import filecmp
import hashlib
import json
import os
import socket
import subprocess

import pytest
from botocore.exceptions import ClientError

from pail_e2e import http_status, make_client, run_cli, unique_bucket


# ------------------------------------------------------------------------------------------------ curl
def curl(server, *args, host=None):
    """curl signing with SigV4 for s3; curl 7.88 signs an x-amz-content-sha256 header we supply."""
    cmd = ["curl", "-sS", "--max-time", "60", "--aws-sigv4", f"aws:amz:{server.region}:s3",
           "--user", f"{server.access_key}:{server.secret_key}", "-w", "\n%{http_code}"]
    if host:
        cmd += ["--resolve", f"{host}:{server.port}:127.0.0.1"]
    proc = subprocess.run(cmd + list(args), capture_output=True, env=server.cli_env(), timeout=90)
    assert proc.returncode == 0, proc.stderr.decode()
    body, _, code = proc.stdout.rpartition(b"\n")
    return int(code), body


def test_curl_put_file_then_get_returns_same_bytes(server, s3, bucket, tmp_path):
    src = tmp_path / "upload.bin"
    data = os.urandom(300_000)
    src.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    code, body = curl(server, "-H", f"x-amz-content-sha256: {sha}", "-T", str(src),
                      f"{server.endpoint}/{bucket}/curl%20file.bin")
    assert code == 200, body
    assert s3.get_object(Bucket=bucket, Key="curl file.bin")["Body"].read() == data
    out = tmp_path / "download.bin"
    code, _ = curl(server, "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-o", str(out),
                   f"{server.endpoint}/{bucket}/curl%20file.bin")
    assert code == 200
    assert out.read_bytes() == data


def test_curl_put_with_unsigned_payload_stores_file(server, s3, bucket, tmp_path):
    src = tmp_path / "u.txt"
    src.write_bytes(b"unsigned via curl\n")
    code, body = curl(server, "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-T", str(src),
                      f"{server.endpoint}/{bucket}/u.txt")
    assert code == 200, body
    assert s3.get_object(Bucket=bucket, Key="u.txt")["Body"].read() == b"unsigned via curl\n"


def test_curl_with_wrong_secret_gets_403(server, bucket):
    proc = subprocess.run(["curl", "-sS", "--aws-sigv4", f"aws:amz:{server.region}:s3", "--user",
                           f"{server.access_key}:wrong", "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                           "-o", "/dev/null", "-w", "%{http_code}", f"{server.endpoint}/{bucket}/x"],
                          capture_output=True, env=server.cli_env(), timeout=60)
    assert proc.stdout == b"403"


def test_curl_virtual_hosted_put_and_get_use_bucket_from_host(server, s3, bucket, tmp_path):
    host = f"{bucket}.localhost"
    src = tmp_path / "v.txt"
    src.write_bytes(b"virtual hosted\n")
    code, body = curl(server, "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD", "-T", str(src),
                      f"http://{host}:{server.port}/dir/v.txt", host=host)
    assert code == 200, body
    assert s3.get_object(Bucket=bucket, Key="dir/v.txt")["Body"].read() == b"virtual hosted\n"
    code, body = curl(server, "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
                      f"http://{host}:{server.port}/dir/v.txt", host=host)
    assert (code, body) == (200, b"virtual hosted\n")


# ------------------------------------------------------------------------------ boto3 virtual-hosted
@pytest.fixture
def localhost_subdomains(monkeypatch):
    """Resolve *.localhost to 127.0.0.1 inside this process (glibc may not), no /etc/hosts edit."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kw):
        if isinstance(host, str) and host.endswith(".localhost"):
            host = "127.0.0.1"
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_boto3_virtual_hosted_addressing_round_trips(server, s3, bucket, localhost_subdomains):
    vhost = make_client(f"http://localhost:{server.port}", server.access_key, server.secret_key,
                        addressing_style="virtual")
    sent = []
    vhost.meta.events.register("before-send.s3", lambda request, **kw: sent.append(request.url))
    vhost.put_object(Bucket=bucket, Key="vh key+1", Body=b"vhost body")
    assert sent[-1].startswith(f"http://{bucket}.localhost:{server.port}/")
    assert vhost.get_object(Bucket=bucket, Key="vh key+1")["Body"].read() == b"vhost body"
    assert [c["Key"] for c in vhost.list_objects_v2(Bucket=bucket)["Contents"]] == ["vh key+1"]
    assert s3.get_object(Bucket=bucket, Key="vh key+1")["Body"].read() == b"vhost body"
    with pytest.raises(ClientError) as e:
        vhost.get_object(Bucket=bucket, Key="missing")
    assert http_status(e.value) == 404


# --------------------------------------------------------------------------------------------- AWS CLI
def test_aws_cli_s3_mb_cp_ls_rm_round_trip(server, tmp_path):
    bucket = unique_bucket("cli")
    run_cli(server, "s3", "mb", f"s3://{bucket}")
    src = tmp_path / "file one.txt"
    src.write_bytes(os.urandom(200_000))
    run_cli(server, "s3", "cp", str(src), f"s3://{bucket}/docs/file one.txt")
    listing = run_cli(server, "s3", "ls", f"s3://{bucket}/docs/").stdout
    assert "file one.txt" in listing and "200000" in listing
    top = run_cli(server, "s3", "ls", f"s3://{bucket}/").stdout
    assert "PRE docs/" in top
    out = tmp_path / "back.txt"
    run_cli(server, "s3", "cp", f"s3://{bucket}/docs/file one.txt", str(out))
    assert out.read_bytes() == src.read_bytes()
    run_cli(server, "s3", "rm", f"s3://{bucket}/docs/file one.txt")
    assert run_cli(server, "s3", "ls", f"s3://{bucket}/docs/", check=False).stdout.strip() == ""
    run_cli(server, "s3", "rb", f"s3://{bucket}")
    assert bucket not in run_cli(server, "s3", "ls").stdout


def test_aws_cli_s3_sync_up_and_down_reproduces_tree(server, tmp_path):
    bucket = unique_bucket("sync")
    run_cli(server, "s3", "mb", f"s3://{bucket}")
    up = tmp_path / "up"
    files = {"a.txt": b"alpha", "dir/b.bin": os.urandom(50_000), "dir/sub/c d.txt": b"spaced",
             "dir/sub/e+f.txt": b"plus", "empty.txt": b""}
    for rel, data in files.items():
        (up / rel).parent.mkdir(parents=True, exist_ok=True)
        (up / rel).write_bytes(data)
    run_cli(server, "s3", "sync", str(up), f"s3://{bucket}/tree/")
    s3 = server.client()
    keys = sorted(c["Key"] for c in s3.list_objects_v2(Bucket=bucket)["Contents"])
    assert keys == sorted(f"tree/{k}" for k in files)
    down = tmp_path / "down"
    run_cli(server, "s3", "sync", f"s3://{bucket}/tree/", str(down))
    for rel, data in files.items():
        assert (down / rel).read_bytes() == data, rel
    # a second sync has nothing to do
    again = run_cli(server, "s3", "sync", str(up), f"s3://{bucket}/tree/").stdout
    assert "upload:" not in again
    run_cli(server, "s3", "rm", "--recursive", f"s3://{bucket}/tree/dir/")
    keys = sorted(c["Key"] for c in s3.list_objects_v2(Bucket=bucket)["Contents"])
    assert keys == ["tree/a.txt", "tree/empty.txt"]


def test_aws_cli_s3api_put_head_get_list_delete(server, tmp_path):
    bucket = unique_bucket("s3api")
    run_cli(server, "s3api", "create-bucket", "--bucket", bucket)
    body = tmp_path / "body.json"
    body.write_text('{"hello": "world"}')
    put = json.loads(run_cli(server, "s3api", "put-object", "--bucket", bucket, "--key", "cfg/app.json",
                             "--body", str(body), "--content-type", "application/json",
                             "--metadata", "owner=e2e").stdout)
    assert put["ETag"] == f'"{hashlib.md5(body.read_bytes()).hexdigest()}"'
    head = json.loads(run_cli(server, "s3api", "head-object", "--bucket", bucket, "--key", "cfg/app.json").stdout)
    assert head["ContentLength"] == len(body.read_bytes())
    assert head["ContentType"] == "application/json"
    assert head["Metadata"] == {"owner": "e2e"}
    out = tmp_path / "out.json"
    got = json.loads(run_cli(server, "s3api", "get-object", "--bucket", bucket, "--key", "cfg/app.json",
                             str(out)).stdout)
    assert got["ETag"] == put["ETag"]
    assert out.read_bytes() == body.read_bytes()
    listing = json.loads(run_cli(server, "s3api", "list-objects-v2", "--bucket", bucket, "--prefix", "cfg/").stdout)
    assert [c["Key"] for c in listing["Contents"]] == ["cfg/app.json"]
    run_cli(server, "s3api", "delete-object", "--bucket", bucket, "--key", "cfg/app.json")
    missing = run_cli(server, "s3api", "head-object", "--bucket", bucket, "--key", "cfg/app.json", check=False)
    assert missing.returncode != 0
    assert "404" in missing.stderr


def test_aws_cli_with_wrong_secret_fails_with_signature_error(server):
    env = server.cli_env()
    env["AWS_SECRET_ACCESS_KEY"] = "wrong"
    proc = subprocess.run(["aws", "--endpoint-url", server.endpoint, "s3api", "list-buckets"], env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode != 0
    assert "SignatureDoesNotMatch" in proc.stderr
