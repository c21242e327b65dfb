"""Fits where MinIO fitted: MinIO's health probes, `pail server /data`, MINIO_ROOT_* credentials,
`pail --version`, and the lines printed on shutdown."""
import re
import signal
import subprocess
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from pail_e2e import (PACKAGE_ROOT, clean_env, error_code, http_status, make_client, pail_binary, parse_error,
                      raw_request, signed_request)

# https://min.io/docs/minio/linux/operations/monitoring/healthcheck-probe.html
PROBES = {
    "/minio/health/live": {},
    "/minio/health/ready": {},
    "/minio/health/cluster": {"x-minio-write-quorum": "1"},
    "/minio/health/cluster/read": {"x-minio-read-quorum": "1"},
}


# ------------------------------------------------------------------------------------ health probes
@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("path", sorted(PROBES))
def test_minio_health_probe_without_credentials_answers_200_with_empty_body(server, path, method):
    server.require_process()
    status, headers, body = raw_request(server, method, path)
    assert status == 200, body
    assert body == b""
    assert headers.get("content-length") == "0"
    assert "content-type" not in headers
    for name, value in PROBES[path].items():
        assert headers.get(name) == value, headers


def test_minio_cluster_probe_with_maintenance_query_answers_200(server):
    server.require_process()
    status, headers, _ = raw_request(server, "GET", "/minio/health/cluster?maintenance=true")
    assert status == 200
    assert headers.get("x-minio-write-quorum") == "1"


@pytest.mark.parametrize("path", ["/minio/health/", "/minio/health/livex", "/minio/health/live/",
                                  "/minio/health", "/minio/"])
def test_unsigned_request_near_the_probe_paths_is_still_s3_and_denied(server, path):
    server.require_process()
    status, _, body = raw_request(server, "GET", path)
    assert status == 403
    assert parse_error(body)["Code"] == "AccessDenied"


def test_bucket_named_minio_keeps_its_other_keys_and_virtual_hosted_probe_keys(server, s3):
    """`minio` is a valid bucket name: only GET/HEAD of the four exact paths are shadowed."""
    server.require_process()
    try:
        s3.create_bucket(Bucket="minio")
    except ClientError as e:
        assert error_code(e) == "BucketAlreadyOwnedByYou"
    s3.put_object(Bucket="minio", Key="health/other", Body=b"other")
    s3.put_object(Bucket="minio", Key="health/live", Body=b"stored under health/live")  # PUT is S3
    assert s3.get_object(Bucket="minio", Key="health/other")["Body"].read() == b"other"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="minio", Prefix="health/")["Contents"]]
    assert keys == ["health/live", "health/other"]
    # Path style: the probe answers. Virtual-hosted style: the path is /health/live, the object.
    assert raw_request(server, "GET", "/minio/health/live")[2] == b""
    resp = signed_request(server, "GET", "/health/live", host=f"minio.localhost:{server.port}")
    assert (resp.status, resp.body) == (200, b"stored under health/live")


# ------------------------------------------------------------------------------------ command line
def _source_version() -> str:
    text = (PACKAGE_ROOT / "Sources" / "PailServer" / "PailVersion.swift").read_text()
    m = re.search(r'static let current = "(\d+\.\d+\.\d+)"', text)
    assert m, "PailVersion.current not found"
    return m.group(1)


@pytest.mark.parametrize("args", [["--version"], ["version"]])
def test_version_prints_pail_and_the_source_version(args):
    proc = subprocess.run([str(pail_binary()), *args], capture_output=True, text=True, timeout=30,
                          env=clean_env(), stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"pail {_source_version()}\n"


@pytest.mark.parametrize("form", ["server DIR", "serve DIR", "DIR", "serve DIR --data DIR/"])
def test_positional_data_directory_is_where_the_data_goes(start_server, tmp_path, form):
    data = tmp_path / "minio-style-data"
    args = tuple(str(data) if w == "DIR" else str(data) + "/" if w == "DIR/" else w for w in form.split())
    srv = start_server("pos", serve_args=args)
    s3 = srv.client()
    s3.create_bucket(Bucket="positional")
    s3.put_object(Bucket="positional", Key="k", Body=b"v")
    assert srv.stop() == 0
    assert (data / "pail.sqlite").is_file()
    # The same directory through --data sees the same bucket.
    again = start_server("again", serve_args=("serve", "--data", str(data)))
    assert again.client().get_object(Bucket="positional", Key="k")["Body"].read() == b"v"


def test_positional_and_data_option_that_differ_are_refused(tmp_path):
    proc = subprocess.run([str(pail_binary()), "server", str(tmp_path / "a"), "--data", str(tmp_path / "b"),
                           "--address", "127.0.0.1:0", "--imds-address", "off"],
                          capture_output=True, text=True, timeout=30, env=clean_env(), stdin=subprocess.DEVNULL)
    assert proc.returncode != 0
    assert "two data directories" in proc.stderr
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_minio_root_user_and_password_set_the_root_credentials(start_server):
    srv = start_server("minio-env", env={"MINIO_ROOT_USER": "minio-user",
                                         "MINIO_ROOT_PASSWORD": "minio-secret-123"})
    assert (srv.access_key, srv.secret_key) == ("minio-user", "minio-secret-123")
    srv.client().list_buckets()
    with pytest.raises(ClientError) as e:
        make_client(srv.endpoint, "minioadmin", "minioadmin").list_buckets()
    assert error_code(e.value) == "InvalidAccessKeyId"
    assert http_status(e.value) == 403


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_shutdown_prints_what_it_does_on_stderr(start_server, sig):
    srv = start_server("stop")
    assert srv.stop(sig) == 0
    log = srv.log_path.read_text()
    name = signal.Signals(sig).name
    begin = log.find(f"pail: {name} received, shutting down")
    end = log.find("pail: stopped")
    assert begin >= 0 and end > begin, log
