"""The AWS CLI (`aws s3api`) against the data-plane operations: versioning, tags, lifecycle,
Object Lock, version listings, conditional deletes, ListBuckets paging, attributes."""
import json

import pytest

from pail_e2e import run_cli, unique_bucket


def api(server, *args):
    out = run_cli(server, "s3api", *args).stdout
    return json.loads(out) if out.strip() else {}


def fails(server, *args):
    proc = run_cli(server, "s3api", *args, check=False)
    assert proc.returncode != 0, f"aws s3api {' '.join(args)} succeeded"
    return proc.stderr


def test_cli_versioning_tags_lifecycle_and_listings(server, tmp_path):
    b = unique_bucket("cli")
    api(server, "create-bucket", "--bucket", b)
    assert api(server, "get-bucket-versioning", "--bucket", b) == {}
    api(server, "put-bucket-versioning", "--bucket", b, "--versioning-configuration", "Status=Enabled")
    assert api(server, "get-bucket-versioning", "--bucket", b)["Status"] == "Enabled"
    body = tmp_path / "body"
    body.write_bytes(b"one")
    v1 = api(server, "put-object", "--bucket", b, "--key", "k", "--body", str(body))["VersionId"]
    body.write_bytes(b"two")
    put2 = api(server, "put-object", "--bucket", b, "--key", "k", "--body", str(body), "--tagging", "a=1")
    v2 = put2["VersionId"]
    listing = api(server, "list-object-versions", "--bucket", b)
    assert [v["VersionId"] for v in listing["Versions"]] == [v2, v1]
    out = tmp_path / "out"
    # --version-id=ID: RGW's version ids can start with "-", which the CLI would take for an option.
    api(server, "get-object", "--bucket", b, "--key", "k", f"--version-id={v1}", str(out))
    assert out.read_bytes() == b"one"
    assert api(server, "get-object-tagging", "--bucket", b, "--key", "k")["TagSet"] == [{"Key": "a", "Value": "1"}]
    api(server, "put-object-tagging", "--bucket", b, "--key", "k", f"--version-id={v1}",
        "--tagging", "TagSet=[{Key=old,Value=yes}]")
    assert api(server, "get-object-tagging", "--bucket", b, "--key", "k", f"--version-id={v1}")["TagSet"] == \
        [{"Key": "old", "Value": "yes"}]
    marker = api(server, "delete-object", "--bucket", b, "--key", "k")
    assert marker["DeleteMarker"] is True
    fails(server, "head-object", "--bucket", b, "--key", "k")
    api(server, "delete-object", "--bucket", b, "--key", "k", f"--version-id={marker['VersionId']}")
    head = api(server, "head-object", "--bucket", b, "--key", "k")
    assert head["VersionId"] == v2
    deleted = api(server, "delete-objects", "--bucket", b, "--delete",
                  json.dumps({"Objects": [{"Key": "k", "VersionId": v1}, {"Key": "k", "VersionId": v2}]}))
    assert sorted(d["VersionId"] for d in deleted["Deleted"]) == sorted([v1, v2])
    api(server, "delete-bucket", "--bucket", b)


def test_cli_bucket_tagging_and_lifecycle(server):
    b = unique_bucket("clibkt")
    api(server, "create-bucket", "--bucket", b)
    api(server, "put-bucket-tagging", "--bucket", b, "--tagging", "TagSet=[{Key=team,Value=mail}]")
    assert api(server, "get-bucket-tagging", "--bucket", b)["TagSet"] == [{"Key": "team", "Value": "mail"}]
    api(server, "delete-bucket-tagging", "--bucket", b)
    assert "NoSuchTagSet" in fails(server, "get-bucket-tagging", "--bucket", b)
    lifecycle = {"Rules": [{"ID": "r", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 7}}]}
    api(server, "put-bucket-lifecycle-configuration", "--bucket", b, "--lifecycle-configuration", json.dumps(lifecycle))
    assert api(server, "get-bucket-lifecycle-configuration", "--bucket", b)["Rules"][0]["ID"] == "r"
    api(server, "delete-bucket-lifecycle", "--bucket", b)
    assert "NoSuchLifecycleConfiguration" in fails(server, "get-bucket-lifecycle-configuration", "--bucket", b)


def versioned_bucket(server, tag):
    b = unique_bucket(tag)
    api(server, "create-bucket", "--bucket", b)
    api(server, "put-bucket-versioning", "--bucket", b, "--versioning-configuration", "Status=Enabled")
    return b


def put_version(server, b, path, data, *extra):
    path.write_bytes(data)
    return api(server, "put-object", "--bucket", b, "--key", "k", "--body", str(path), *extra)["VersionId"]


def test_cli_delete_object_tagging_of_the_current_version(server, tmp_path):
    b = versioned_bucket(server, "clitag")
    put_version(server, b, tmp_path / "body", b"tagged", "--tagging", "a=1")
    api(server, "delete-object-tagging", "--bucket", b, "--key", "k")
    assert api(server, "get-object-tagging", "--bucket", b, "--key", "k")["TagSet"] == []


def test_cli_get_object_attributes_of_a_version(server, tmp_path):
    b = versioned_bucket(server, "cliattr")
    v1 = put_version(server, b, tmp_path / "body", b"one")
    put_version(server, b, tmp_path / "body", b"second")
    attrs = api(server, "get-object-attributes", "--bucket", b, "--key", "k", f"--version-id={v1}",
                "--object-attributes", "ObjectSize", "ETag")
    assert attrs["ObjectSize"] == 3 and attrs["VersionId"] == v1


def test_cli_list_buckets_paging(server):
    names = sorted(unique_bucket("clipg") for _ in range(3))
    for n in names:
        api(server, "create-bucket", "--bucket", n)
    first = api(server, "list-buckets", "--max-buckets", "1", "--prefix", "clipg", "--no-paginate")
    assert len(first["Buckets"]) == 1 and "ContinuationToken" in first


def test_cli_object_lock(server, tmp_path):
    b = unique_bucket("clilock")
    api(server, "create-bucket", "--bucket", b, "--object-lock-enabled-for-bucket")
    api(server, "put-object-lock-configuration", "--bucket", b, "--object-lock-configuration",
        json.dumps({"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}}))
    body = tmp_path / "b"
    body.write_bytes(b"locked")
    v = api(server, "put-object", "--bucket", b, "--key", "k", "--body", str(body))["VersionId"]
    assert api(server, "get-object-retention", "--bucket", b, "--key", "k")["Retention"]["Mode"] == "GOVERNANCE"
    assert "AccessDenied" in fails(server, "delete-object", "--bucket", b, "--key", "k", f"--version-id={v}")
    api(server, "delete-object", "--bucket", b, "--key", "k", f"--version-id={v}", "--bypass-governance-retention")


def test_cli_conditional_delete(server, tmp_path):
    body = tmp_path / "b"
    body.write_bytes(b"kept unless the ETag matches")
    plain = unique_bucket("cliif")
    api(server, "create-bucket", "--bucket", plain)
    etag = api(server, "put-object", "--bucket", plain, "--key", "k", "--body", str(body))["ETag"]
    assert "PreconditionFailed" in fails(server, "delete-object", "--bucket", plain, "--key", "k", "--if-match", '"wrong"')
    api(server, "delete-object", "--bucket", plain, "--key", "k", "--if-match", etag)
    assert "404" in fails(server, "head-object", "--bucket", plain, "--key", "k")
