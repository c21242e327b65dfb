"""Object Lock: bucket configuration, retention and legal hold per version, the x-amz-object-lock-*
headers, and deletes refused until the server clock passes the retention date."""
import datetime as dt
import json

import pytest
from botocore.exceptions import ClientError

import pail_e2e
from pail_e2e import error_code, http_status, raw_request, run_cli, unique_bucket

if pail_e2e.external_endpoint():
    pytest.skip("moving the server clock needs a pail process of its own", allow_module_level=True)

DAY = 86400


def utc_in(seconds):
    return dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds)


def clock(srv, body=None, method="POST"):
    status, _, raw = raw_request(srv, method, "/_pail/clock", json.dumps(body).encode() if body else b"")
    assert status == 200, raw


@pytest.fixture
def lock_bucket(s3):
    name = unique_bucket("lock")
    s3.create_bucket(Bucket=name, ObjectLockEnabledForBucket=True)
    return name


def test_create_bucket_with_object_lock_turns_versioning_on(s3, lock_bucket):
    assert s3.get_bucket_versioning(Bucket=lock_bucket)["Status"] == "Enabled"
    conf = s3.get_object_lock_configuration(Bucket=lock_bucket)["ObjectLockConfiguration"]
    assert conf["ObjectLockEnabled"] == "Enabled" and "Rule" not in conf


def test_bucket_without_object_lock(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_object_lock_configuration(Bucket=bucket)
    assert error_code(e.value) == "ObjectLockConfigurationNotFoundError" and http_status(e.value) == 404
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                      ObjectLockRetainUntilDate=utc_in(3600))
    assert error_code(e.value) == "InvalidRequest"
    # Enabling it needs versioning first (409), then works on an existing bucket.
    conf = {"ObjectLockEnabled": "Enabled"}
    with pytest.raises(ClientError) as e:
        s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration=conf)
    assert error_code(e.value) == "InvalidBucketState" and http_status(e.value) == 409
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object_lock_configuration(Bucket=bucket, ObjectLockConfiguration=conf)
    assert s3.get_object_lock_configuration(Bucket=bucket)["ObjectLockConfiguration"]["ObjectLockEnabled"] == "Enabled"


def test_suspending_versioning_on_a_locked_bucket_is_refused(s3, lock_bucket):
    with pytest.raises(ClientError) as e:
        s3.put_bucket_versioning(Bucket=lock_bucket, VersioningConfiguration={"Status": "Suspended"})
    assert error_code(e.value) == "InvalidBucketState" and http_status(e.value) == 409


@pytest.mark.parametrize("rule,code", [
    ({"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 0}}, "InvalidArgument"),
    ({"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1, "Years": 1}}, "MalformedXML"),
    ({"DefaultRetention": {"Mode": "SOMETIMES", "Days": 1}}, "MalformedXML"),
])
def test_invalid_default_retention(s3, lock_bucket, rule, code):
    with pytest.raises(ClientError) as e:
        s3.put_object_lock_configuration(Bucket=lock_bucket, ObjectLockConfiguration={"ObjectLockEnabled": "Enabled", "Rule": rule})
    assert error_code(e.value) == code


def test_default_retention_applies_to_new_versions(s3, lock_bucket):
    s3.put_object_lock_configuration(Bucket=lock_bucket, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 2}}})
    v = s3.put_object(Bucket=lock_bucket, Key="k", Body=b"x")["VersionId"]
    head = s3.head_object(Bucket=lock_bucket, Key="k")
    assert head["ObjectLockMode"] == "GOVERNANCE"
    until = head["ObjectLockRetainUntilDate"]
    assert utc_in(2 * DAY - 120) < until < utc_in(2 * DAY + 120)
    ret = s3.get_object_retention(Bucket=lock_bucket, Key="k", VersionId=v)["Retention"]
    assert ret["Mode"] == "GOVERNANCE"


def test_compliance_retention_refuses_delete_until_the_clock_passes_it(own_server):
    srv = own_server
    s3 = srv.client()
    b = unique_bucket("lockc")
    s3.create_bucket(Bucket=b, ObjectLockEnabledForBucket=True)
    v = s3.put_object(Bucket=b, Key="mail/1", Body=b"archived", ObjectLockMode="COMPLIANCE",
                      ObjectLockRetainUntilDate=utc_in(3 * DAY))["VersionId"]
    got = s3.get_object(Bucket=b, Key="mail/1")
    assert got["ObjectLockMode"] == "COMPLIANCE" and got["ObjectLockLegalHoldStatus"] == "OFF"
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=b, Key="mail/1", VersionId=v)
    assert error_code(e.value) == "AccessDenied" and http_status(e.value) == 403
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=b, Key="mail/1", VersionId=v, BypassGovernanceRetention=True)
    assert error_code(e.value) == "AccessDenied"
    # Shortening COMPLIANCE is refused to everyone; extending is allowed.
    with pytest.raises(ClientError) as e:
        s3.put_object_retention(Bucket=b, Key="mail/1", VersionId=v, BypassGovernanceRetention=True,
                                Retention={"Mode": "COMPLIANCE", "RetainUntilDate": utc_in(DAY)})
    assert error_code(e.value) == "AccessDenied"
    s3.put_object_retention(Bucket=b, Key="mail/1", VersionId=v,
                            Retention={"Mode": "COMPLIANCE", "RetainUntilDate": utc_in(4 * DAY)})
    # A delete without a version id just adds a marker: the locked version stays.
    assert s3.delete_object(Bucket=b, Key="mail/1")["DeleteMarker"] is True
    assert s3.get_object(Bucket=b, Key="mail/1", VersionId=v)["Body"].read() == b"archived"
    clock(srv, {"advanceSeconds": 5 * DAY})
    try:
        with pail_e2e.client_time_offset(5 * DAY):
            assert http_status(s3.delete_object(Bucket=b, Key="mail/1", VersionId=v)) == 204
    finally:
        clock(srv, method="DELETE")
    assert [x["VersionId"] for x in s3.list_object_versions(Bucket=b, Prefix="mail/1").get("Versions", [])] == []


def test_governance_bypass_and_legal_hold(s3, lock_bucket):
    v = s3.put_object(Bucket=lock_bucket, Key="g", Body=b"x", ObjectLockMode="GOVERNANCE",
                      ObjectLockRetainUntilDate=utc_in(DAY))["VersionId"]
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=lock_bucket, Key="g", VersionId=v)
    assert error_code(e.value) == "AccessDenied"
    # Shortening GOVERNANCE needs the bypass header.
    with pytest.raises(ClientError) as e:
        s3.put_object_retention(Bucket=lock_bucket, Key="g", VersionId=v,
                                Retention={"Mode": "GOVERNANCE", "RetainUntilDate": utc_in(600)})
    assert error_code(e.value) == "AccessDenied"
    s3.put_object_retention(Bucket=lock_bucket, Key="g", VersionId=v, BypassGovernanceRetention=True,
                            Retention={"Mode": "GOVERNANCE", "RetainUntilDate": utc_in(600)})
    # A legal hold blocks deletion whatever the retention, bypass or not.
    s3.put_object_legal_hold(Bucket=lock_bucket, Key="g", VersionId=v, LegalHold={"Status": "ON"})
    assert s3.get_object_legal_hold(Bucket=lock_bucket, Key="g", VersionId=v)["LegalHold"]["Status"] == "ON"
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=lock_bucket, Key="g", VersionId=v, BypassGovernanceRetention=True)
    assert error_code(e.value) == "AccessDenied"
    s3.put_object_legal_hold(Bucket=lock_bucket, Key="g", VersionId=v, LegalHold={"Status": "OFF"})
    assert http_status(s3.delete_object(Bucket=lock_bucket, Key="g", VersionId=v, BypassGovernanceRetention=True)) == 204
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=lock_bucket, Key="g", VersionId=v)
    assert http_status(e.value) == 404


def test_delete_objects_reports_each_locked_version(s3, lock_bucket):
    locked = s3.put_object(Bucket=lock_bucket, Key="a", Body=b"1", ObjectLockLegalHoldStatus="ON")["VersionId"]
    free = s3.put_object(Bucket=lock_bucket, Key="b", Body=b"2")["VersionId"]
    r = s3.delete_objects(Bucket=lock_bucket, Delete={"Objects": [
        {"Key": "a", "VersionId": locked}, {"Key": "b", "VersionId": free}]})
    assert [d["Key"] for d in r["Deleted"]] == ["b"]
    assert [(e["Key"], e["Code"]) for e in r["Errors"]] == [("a", "AccessDenied")]
    assert s3.get_object(Bucket=lock_bucket, Key="a", VersionId=locked)["Body"].read() == b"1"


def test_lock_headers_need_both_mode_and_date_and_a_future_date(s3, lock_bucket):
    from pail_e2e import signed_request
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=lock_bucket, Key="k", Body=b"x", ObjectLockMode="GOVERNANCE",
                      ObjectLockRetainUntilDate=utc_in(-3600))
    assert error_code(e.value) == "InvalidArgument"


def test_retention_and_legal_hold_missing(s3, lock_bucket):
    s3.put_object(Bucket=lock_bucket, Key="plain", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.get_object_retention(Bucket=lock_bucket, Key="plain")
    assert error_code(e.value) == "NoSuchObjectLockConfiguration" and http_status(e.value) == 404


def test_copy_and_multipart_take_lock_headers(s3, lock_bucket):
    s3.put_object(Bucket=lock_bucket, Key="src", Body=b"x", ObjectLockLegalHoldStatus="ON")
    s3.copy_object(Bucket=lock_bucket, Key="dst", CopySource={"Bucket": lock_bucket, "Key": "src"},
                   ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=utc_in(DAY))
    head = s3.head_object(Bucket=lock_bucket, Key="dst")
    assert head["ObjectLockMode"] == "GOVERNANCE" and head["ObjectLockLegalHoldStatus"] == "OFF"
    up = s3.create_multipart_upload(Bucket=lock_bucket, Key="mp", ObjectLockLegalHoldStatus="ON")["UploadId"]
    part = s3.upload_part(Bucket=lock_bucket, Key="mp", UploadId=up, PartNumber=1, Body=b"y")
    s3.complete_multipart_upload(Bucket=lock_bucket, Key="mp", UploadId=up,
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert s3.get_object_legal_hold(Bucket=lock_bucket, Key="mp")["LegalHold"]["Status"] == "ON"


def test_aws_cli_object_lock(server, s3, lock_bucket):
    s3.put_object(Bucket=lock_bucket, Key="cli", Body=b"x")
    run_cli(server, "s3api", "put-object-legal-hold", "--bucket", lock_bucket, "--key", "cli",
            "--legal-hold", "Status=ON")
    out = run_cli(server, "s3api", "get-object-legal-hold", "--bucket", lock_bucket, "--key", "cli").stdout
    assert json.loads(out)["LegalHold"]["Status"] == "ON"


def test_lifecycle_never_removes_a_locked_version(own_server):
    srv = own_server
    s3 = srv.client()
    b = unique_bucket("locklc")
    s3.create_bucket(Bucket=b, ObjectLockEnabledForBucket=True)
    old = s3.put_object(Bucket=b, Key="k", Body=b"old", ObjectLockMode="GOVERNANCE",
                        ObjectLockRetainUntilDate=utc_in(10 * DAY))["VersionId"]
    unlocked = s3.put_object(Bucket=b, Key="k", Body=b"mid")["VersionId"]
    s3.put_object(Bucket=b, Key="k", Body=b"new")
    s3.put_bucket_lifecycle_configuration(Bucket=b, LifecycleConfiguration={"Rules": [
        {"ID": "old", "Status": "Enabled", "Filter": {"Prefix": ""}, "NoncurrentVersionExpiration": {"NoncurrentDays": 1}}]})
    clock(srv, {"advanceSeconds": 3 * DAY})
    try:
        status, _, raw = raw_request(srv, "POST", "/_pail/lifecycle")
        assert status == 200
        assert json.loads(raw)["removedNoncurrent"] >= 0
    finally:
        clock(srv, method="DELETE")
    ids = [v["VersionId"] for v in s3.list_object_versions(Bucket=b, Prefix="k")["Versions"]]
    assert old in ids, "a locked noncurrent version survives lifecycle"
    assert unlocked not in ids, "an unlocked one of the same age is removed"


def test_governance_bypass_needs_the_permission_for_other_identities():
    """S3 User Guide, "Bypassing governance mode": x-amz-bypass-governance-retention works only for an
    identity allowed s3:BypassGovernanceRetention. Bob may write and delete versions in the owner's
    bucket through its policy, but bypass only once the policy also allows BypassGovernanceRetention;
    Carol's identity policy allows it on one prefix only, in DeleteObject and DeleteObjects alike."""
    from identity_support import running_pail
    config = {"users": [
        {"accessKey": "bob", "secretKey": "bob-secret"},
        {"accessKey": "carol", "secretKey": "carol-secret", "policies": [{"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["s3:DeleteObjectVersion", "s3:PutObjectRetention"], "Resource": "*"},
            {"Effect": "Allow", "Action": "s3:BypassGovernanceRetention", "Resource": "arn:aws:s3:::*/free/*"}]}]}]}
    with running_pail(config=config) as pail:
        root, bob = pail.client(), pail.client(key="bob", secret="bob-secret")
        carol = pail.client(key="carol", secret="carol-secret")
        b = unique_bucket("lockbp")
        root.create_bucket(Bucket=b, ObjectLockEnabledForBucket=True)
        grant = {"Effect": "Allow", "Principal": {"AWS": ["bob"]}, "Resource": f"arn:aws:s3:::{b}/*",
                 "Action": ["s3:PutObject", "s3:DeleteObjectVersion", "s3:PutObjectRetention"]}
        root.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [grant]}))

        def locked(key):
            return root.put_object(Bucket=b, Key=key, Body=b"x", ObjectLockMode="GOVERNANCE",
                                   ObjectLockRetainUntilDate=utc_in(DAY))["VersionId"]

        def refused(call):
            with pytest.raises(ClientError) as e:
                call()
            assert error_code(e.value) == "AccessDenied" and http_status(e.value) == 403

        v = locked("k")
        refused(lambda: bob.delete_object(Bucket=b, Key="k", VersionId=v, BypassGovernanceRetention=True))
        refused(lambda: bob.put_object_retention(Bucket=b, Key="k", VersionId=v, BypassGovernanceRetention=True,
                                                 Retention={"Mode": "GOVERNANCE", "RetainUntilDate": utc_in(3600)}))
        grant["Action"].append("s3:BypassGovernanceRetention")
        root.put_bucket_policy(Bucket=b, Policy=json.dumps({"Version": "2012-10-17", "Statement": [grant]}))
        bob.put_object_retention(Bucket=b, Key="k", VersionId=v, BypassGovernanceRetention=True,
                                 Retention={"Mode": "GOVERNANCE", "RetainUntilDate": utc_in(3600)})
        assert http_status(bob.delete_object(Bucket=b, Key="k", VersionId=v, BypassGovernanceRetention=True)) == 204

        kept, free = locked("kept/1"), locked("free/1")
        refused(lambda: carol.delete_object(Bucket=b, Key="kept/1", VersionId=kept, BypassGovernanceRetention=True))
        out = carol.delete_objects(Bucket=b, BypassGovernanceRetention=True, Delete={"Objects": [
            {"Key": "kept/1", "VersionId": kept}, {"Key": "free/1", "VersionId": free}]})
        assert [d["Key"] for d in out.get("Deleted", [])] == ["free/1"]
        assert [(e["Key"], e["Code"]) for e in out.get("Errors", [])] == [("kept/1", "AccessDenied")]
        assert root.get_object(Bucket=b, Key="kept/1", VersionId=kept)["Body"].read() == b"x"
