"""SigV2 (boto3 signature_version='s3', presigned V2 URLs with curl) and two users kept apart."""
import base64
import hashlib
import hmac
import time
from email.utils import formatdate

import pytest
from botocore.exceptions import ClientError

from identity_support import ROOT_KEY, ROOT_SECRET, curl, running_pail

CONFIG = {"users": [{"accessKey": "alice", "secretKey": "alice-secret", "displayName": "Alice"},
                    {"accessKey": "bob", "secretKey": "bob-secret", "displayName": "Bob"}]}


@pytest.fixture(scope="module")
def pail():
    with running_pail(config=CONFIG, imds=False) as server:
        yield server


def test_core_scenario_with_sigv2(pail):
    s3 = pail.client(signature_version="s3")
    s3.create_bucket(Bucket="v2-core")
    s3.put_object(Bucket="v2-core", Key="dir/a b+c.txt", Body=b"hello v2", ContentType="text/plain",
                  Metadata={"who": "v2"})
    head = s3.head_object(Bucket="v2-core", Key="dir/a b+c.txt")
    assert head["ContentLength"] == 8 and head["Metadata"] == {"who": "v2"}
    assert s3.get_object(Bucket="v2-core", Key="dir/a b+c.txt", Range="bytes=0-4")["Body"].read() == b"hello"
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="v2-core", Prefix="dir/")["Contents"]]
    assert keys == ["dir/a b+c.txt"]
    s3.copy_object(Bucket="v2-core", Key="copy", CopySource={"Bucket": "v2-core", "Key": "dir/a b+c.txt"})
    up = s3.create_multipart_upload(Bucket="v2-core", Key="big")
    parts = []
    for n, data in ((1, b"a" * 5 * 1024 * 1024), (2, b"b" * 10)):
        etag = s3.upload_part(Bucket="v2-core", Key="big", UploadId=up["UploadId"], PartNumber=n, Body=data)["ETag"]
        parts.append({"PartNumber": n, "ETag": etag})
    assert len(s3.list_parts(Bucket="v2-core", Key="big", UploadId=up["UploadId"])["Parts"]) == 2
    s3.complete_multipart_upload(Bucket="v2-core", Key="big", UploadId=up["UploadId"], MultipartUpload={"Parts": parts})
    assert s3.head_object(Bucket="v2-core", Key="big")["ContentLength"] == 5 * 1024 * 1024 + 10
    assert s3.get_bucket_location(Bucket="v2-core")["LocationConstraint"] is None
    deleted = s3.delete_objects(Bucket="v2-core", Delete={"Objects": [{"Key": k} for k in ("copy", "big", "dir/a b+c.txt")]})
    assert len(deleted["Deleted"]) == 3
    s3.delete_bucket(Bucket="v2-core")


def test_presigned_v2_urls_work_with_curl(pail):
    s3 = pail.client(signature_version="s3")
    s3.create_bucket(Bucket="v2-presign")
    s3.put_object(Bucket="v2-presign", Key="obj", Body=b"presigned v2")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "v2-presign", "Key": "obj"}, ExpiresIn=300)
    assert "AWSAccessKeyId=" in url and "Signature=" in url
    status, _, body = curl(url)
    assert status == 200 and body == b"presigned v2"
    put = s3.generate_presigned_url("put_object", Params={"Bucket": "v2-presign", "Key": "up"}, ExpiresIn=300)
    assert curl("-X", "PUT", "--data-binary", "uploaded", "-H", "Content-Type:", put)[0] == 200
    assert s3.get_object(Bucket="v2-presign", Key="up")["Body"].read() == b"uploaded"
    expired = s3.generate_presigned_url("get_object", Params={"Bucket": "v2-presign", "Key": "obj"}, ExpiresIn=1)
    time.sleep(2.1)
    status, _, body = curl(expired)
    assert status == 403 and b"<Code>AccessDenied</Code>" in body and b"Request has expired" in body


def test_wrong_v2_signature_is_signature_does_not_match(pail):
    s3 = pail.client(secret="not-the-secret", signature_version="s3")
    with pytest.raises(ClientError) as e:
        s3.list_buckets()
    assert e.value.response["Error"]["Code"] == "SignatureDoesNotMatch"
    pail.client(signature_version="s3").create_bucket(Bucket="v2-wrong")
    url = pail.client(signature_version="s3").generate_presigned_url(
        "get_object", Params={"Bucket": "v2-wrong", "Key": "x"}, ExpiresIn=300)
    status, _, body = curl(url.replace("Signature=", "Signature=AAAA"))
    assert status == 403 and b"SignatureDoesNotMatch" in body


def sign_v2(string_to_sign, secret=ROOT_SECRET):
    return base64.b64encode(hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha1).digest()).decode()


def test_x_amz_date_replaces_date_as_aws_documents(pail):
    pail.client().create_bucket(Bucket="v2-amzdate")
    stamp = formatdate(usegmt=True)
    sig = sign_v2(f"GET\n\n\n\nx-amz-date:{stamp}\n/v2-amzdate/")
    status, _, body = curl(pail.endpoint + "/v2-amzdate/", "-H", f"x-amz-date: {stamp}",
                           "-H", f"Authorization: AWS {ROOT_KEY}:{sig}")
    assert status == 200, body
    # A stale x-amz-date is refused even though it is signed.
    old = formatdate(time.time() - 3600, usegmt=True)
    sig = sign_v2(f"GET\n\n\n\nx-amz-date:{old}\n/v2-amzdate/")
    status, _, body = curl(pail.endpoint + "/v2-amzdate/", "-H", f"x-amz-date: {old}",
                           "-H", f"Authorization: AWS {ROOT_KEY}:{sig}")
    assert status == 403 and b"RequestTimeTooSkewed" in body


def test_two_users_cannot_read_each_others_buckets(pail):
    alice = pail.client(key="alice", secret="alice-secret")
    bob = pail.client(key="bob", secret="bob-secret", signature_version="s3")
    alice.create_bucket(Bucket="alice-private")
    alice.put_object(Bucket="alice-private", Key="secret", Body=b"alice only")
    bob.create_bucket(Bucket="bob-private")
    for call in (lambda: bob.get_object(Bucket="alice-private", Key="secret"),
                 lambda: bob.list_objects_v2(Bucket="alice-private"),
                 lambda: bob.put_object(Bucket="alice-private", Key="x", Body=b"x"),
                 lambda: alice.list_objects_v2(Bucket="bob-private")):
        with pytest.raises(ClientError) as e:
            call()
        assert e.value.response["Error"]["Code"] in ("AccessDenied", "403")
    listing = alice.list_buckets()
    assert [b["Name"] for b in listing["Buckets"]] == ["alice-private"]
    assert listing["Owner"]["DisplayName"] == "Alice"
    assert [b["Name"] for b in bob.list_buckets()["Buckets"]] == ["bob-private"]
