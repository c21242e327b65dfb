"""Bucket lifecycle: configuration round trips and errors, x-amz-expiration, and the sweeper run
against a moved server clock (`/_pail/clock`, `/_pail/lifecycle`, `pail lifecycle run`)."""
import json
import os
import time

import pytest
from botocore.exceptions import ClientError

import pail_e2e
from pail_e2e import error_code, http_status, raw_request, run_cli, unique_bucket

if pail_e2e.external_endpoint():
    pytest.skip("moving the server clock needs a pail process of its own", allow_module_level=True)

DAY = 86400


def clock(srv, body=None, method="POST"):
    data = json.dumps(body).encode() if body is not None else b""
    status, _, raw = raw_request(srv, method, "/_pail/clock", data)
    assert status == 200, raw
    return json.loads(raw)


def run_lifecycle(srv):
    status, _, raw = raw_request(srv, "POST", "/_pail/lifecycle")
    assert status == 200, raw
    return json.loads(raw)


def after_days(srv, days):
    """Moves the server clock `days` ahead, applies lifecycle, and puts the clock back (boto3 signs
    with the real time, so requests would be skewed otherwise)."""
    clock(srv, {"advanceSeconds": days * DAY})
    try:
        return run_lifecycle(srv)
    finally:
        clock(srv, method="DELETE")


def object_files(srv):
    n = 0
    for root, _, files in os.walk(srv.data_dir / "objects"):
        n += len(files)
    return n


def rule(rule_id, prefix="", **actions):
    r = {"ID": rule_id, "Status": "Enabled", "Filter": {"Prefix": prefix}}
    r.update(actions)
    return r


def test_lifecycle_configuration_round_trip_and_delete(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_code(e.value) == "NoSuchLifecycleConfiguration"
    assert http_status(e.value) == 404
    rules = [rule("logs", "logs/", Expiration={"Days": 30}),
             {"ID": "tagged", "Status": "Disabled",
              "Filter": {"And": {"Prefix": "tmp/", "Tags": [{"Key": "t", "Value": "1"}], "ObjectSizeGreaterThan": 10}},
              "NoncurrentVersionExpiration": {"NoncurrentDays": 3, "NewerNoncurrentVersions": 2}},
             {"ID": "uploads", "Status": "Enabled", "Filter": {"Prefix": ""},
              "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}]
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": rules})
    got = s3.get_bucket_lifecycle_configuration(Bucket=bucket)["Rules"]
    assert [r["ID"] for r in got] == ["logs", "tagged", "uploads"]
    assert got[0]["Expiration"] == {"Days": 30} and got[0]["Filter"] == {"Prefix": "logs/"}
    assert got[1]["Status"] == "Disabled"
    assert got[1]["Filter"]["And"]["Tags"] == [{"Key": "t", "Value": "1"}]
    assert got[1]["NoncurrentVersionExpiration"] == {"NoncurrentDays": 3, "NewerNoncurrentVersions": 2}
    assert http_status(s3.delete_bucket_lifecycle(Bucket=bucket)) == 204
    with pytest.raises(ClientError) as e:
        s3.get_bucket_lifecycle_configuration(Bucket=bucket)
    assert error_code(e.value) == "NoSuchLifecycleConfiguration"


@pytest.mark.parametrize("bad,code", [
    ([rule("a", Expiration={"Days": 0})], "InvalidArgument"),
    ([rule("a", Expiration={"Days": 1}), rule("a", Expiration={"Days": 2})], "InvalidArgument"),
    ([{"ID": "a", "Status": "Enabled", "Filter": {"Prefix": ""}}], "InvalidRequest"),
    ([{"ID": "a", "Status": "Enabled", "Filter": {"Tag": {"Key": "k", "Value": "v"}},
       "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}}], "InvalidRequest"),
])
def test_invalid_lifecycle_configurations_are_refused(s3, bucket, bad, code):
    with pytest.raises(ClientError) as e:
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": bad})
    assert error_code(e.value) == code
    assert http_status(e.value) == 400


def test_expiration_header_on_put_get_head(s3, bucket):
    s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={
        "Rules": [rule("short", "logs/", Expiration={"Days": 1})]})
    put = s3.put_object(Bucket=bucket, Key="logs/a", Body=b"x")
    assert 'rule-id="short"' in put["Expiration"] and "expiry-date=" in put["Expiration"]
    assert 'rule-id="short"' in s3.head_object(Bucket=bucket, Key="logs/a")["Expiration"]
    assert 'rule-id="short"' in s3.get_object(Bucket=bucket, Key="logs/a")["Expiration"]
    s3.put_object(Bucket=bucket, Key="keep/a", Body=b"x")
    assert "Expiration" not in s3.head_object(Bucket=bucket, Key="keep/a")


def test_expiration_deletes_unversioned_objects_and_frees_their_files(own_server):
    srv = own_server
    s3 = srv.client()
    b = unique_bucket("lcu")
    s3.create_bucket(Bucket=b)
    big = os.urandom(100 * 1024)   # past the inline limit: a file of its own
    for i in range(3):
        s3.put_object(Bucket=b, Key=f"logs/{i}", Body=big)
    s3.put_object(Bucket=b, Key="keep/x", Body=big)
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={
        "Rules": [rule("logs", "logs/", Expiration={"Days": 2})]})
    files_before = object_files(srv)
    after_days(srv, 1)
    assert len(s3.list_objects_v2(Bucket=b)["Contents"]) == 4, "one day is not enough for Days=2"
    report = after_days(srv, 3)
    assert report["buckets"] >= 1
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"]] == ["keep/x"]
    deadline = time.time() + 10
    while object_files(srv) != files_before - 3 and time.time() < deadline:
        time.sleep(0.1)
    assert object_files(srv) == files_before - 3


def test_versioned_bucket_expiry_markers_noncurrent_and_uploads(own_server):
    srv = own_server
    s3 = srv.client()
    b = unique_bucket("lcv")
    s3.create_bucket(Bucket=b)
    s3.put_bucket_versioning(Bucket=b, VersioningConfiguration={"Status": "Enabled"})
    body = os.urandom(70 * 1024)
    ids = [s3.put_object(Bucket=b, Key="doc", Body=body + bytes([i]))["VersionId"] for i in range(4)]
    s3.put_object(Bucket=b, Key="gone", Body=b"x")
    marker = s3.delete_object(Bucket=b, Key="gone")
    up = s3.create_multipart_upload(Bucket=b, Key="stale")["UploadId"]
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        rule("current", "doc", Expiration={"Days": 10}),
        rule("old", "", NoncurrentVersionExpiration={"NoncurrentDays": 2, "NewerNoncurrentVersions": 1}),
        rule("markers", "gone", Expiration={"ExpiredObjectDeleteMarker": True}),
        rule("uploads", "", AbortIncompleteMultipartUpload={"DaysAfterInitiation": 1}),
    ]})
    files_before = object_files(srv)
    after_days(srv, 3)
    versions = s3.list_object_versions(Bucket=b, Prefix="doc")
    # The newest noncurrent version is kept (NewerNoncurrentVersions=1); the two older ones are gone.
    assert [v["VersionId"] for v in versions["Versions"]] == [ids[3], ids[2]]
    deadline = time.time() + 10
    while object_files(srv) != files_before - 2 and time.time() < deadline:
        time.sleep(0.1)
    assert object_files(srv) == files_before - 2, "the two removed versions' files are gone"
    assert s3.list_multipart_uploads(Bucket=b).get("Uploads", []) == []
    gone = s3.list_object_versions(Bucket=b, Prefix="gone")
    # "gone" still has its object version, so its marker is not the only version: it stays.
    assert [m["VersionId"] for m in gone.get("DeleteMarkers", [])] == [marker["VersionId"]]

    after_days(srv, 11)
    doc = s3.list_object_versions(Bucket=b, Prefix="doc")
    assert doc["DeleteMarkers"][0]["IsLatest"] is True, "the current version expired into a delete marker"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=b, Key="doc")
    assert error_code(e.value) == "NoSuchKey"
    # NewerNoncurrentVersions=1 keeps "gone"'s one noncurrent version; once it is deleted by id, the
    # marker is the only version left and ExpiredObjectDeleteMarker removes it.
    assert len(s3.list_object_versions(Bucket=b, Prefix="gone")["Versions"]) == 1
    s3.delete_object(Bucket=b, Key="gone", VersionId=s3.list_object_versions(Bucket=b, Prefix="gone")["Versions"][0]["VersionId"])
    after_days(srv, 1)
    assert s3.list_object_versions(Bucket=b, Prefix="gone").get("DeleteMarkers", []) == []
    assert s3.list_object_versions(Bucket=b, Prefix="gone").get("Versions", []) == []


def test_tag_and_size_filters_choose_what_expires(own_server):
    srv = own_server
    s3 = srv.client()
    b = unique_bucket("lcf")
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="a", Body=b"x" * 100, Tagging="class=temp")
    s3.put_object(Bucket=b, Key="b", Body=b"x" * 100)
    s3.put_object(Bucket=b, Key="c", Body=b"x" * 5000, Tagging="class=temp")
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        {"ID": "small-temp", "Status": "Enabled",
         "Filter": {"And": {"Tags": [{"Key": "class", "Value": "temp"}], "ObjectSizeLessThan": 1000}},
         "Expiration": {"Days": 1}}]})
    after_days(srv, 5)
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=b)["Contents"]) == ["b", "c"]


def test_pail_lifecycle_cli_runs_now(own_server):
    srv = own_server
    s3 = srv.client()
    b = unique_bucket("lccli")
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="x", Body=b"x")
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={
        "Rules": [rule("all", "", Expiration={"Days": 1})]})
    import subprocess
    env = dict(os.environ, PAIL_ENDPOINT=srv.endpoint)
    subprocess.run([str(pail_e2e.pail_binary()), "clock", "advance", "3d"], env=env, check=True,
                   capture_output=True, timeout=30)
    out = subprocess.run([str(pail_e2e.pail_binary()), "lifecycle", "run", "--json"], env=env, check=True,
                         capture_output=True, text=True, timeout=30).stdout
    report = json.loads(out)
    assert set(report) >= {"buckets", "expiredCurrent", "removedNoncurrent", "removedDeleteMarkers", "abortedUploads"}
    subprocess.run([str(pail_e2e.pail_binary()), "clock", "reset"], env=env, check=True, capture_output=True, timeout=30)
    assert s3.list_objects_v2(Bucket=b).get("KeyCount") == 0


def test_readme_clock_and_lifecycle_block_runs_as_written(own_server):
    """The README's `pail clock` / `pail lifecycle` block, run line by line against a fresh server."""
    import re
    import subprocess
    readme = (pail_e2e.PACKAGE_ROOT / "README.md").read_text()
    block = next(b for b in re.findall(r"```sh\n(.*?)```", readme, re.S) if "pail lifecycle run" in b)
    srv = own_server
    s3 = srv.client()
    b = unique_bucket("readme")
    s3.create_bucket(Bucket=b)
    s3.put_object(Bucket=b, Key="old", Body=b"x")
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={
        "Rules": [rule("month", "", Expiration={"Days": 29})]})
    env = dict(pail_e2e.clean_env(), PAIL_ENDPOINT=srv.endpoint)
    for line in block.strip().splitlines():
        args = line.split("#")[0].split()
        assert args[0] == "pail"
        subprocess.run([str(pail_e2e.pail_binary()), *args[1:]], env=env, check=True, capture_output=True, timeout=30)
    assert s3.list_objects_v2(Bucket=b).get("KeyCount") == 0
