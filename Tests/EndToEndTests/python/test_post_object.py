"""POST Object: browser uploads through presigned POST forms (AWS, "Browser-Based Uploads Using POST").

boto3's generate_presigned_post output is posted as is (SigV4 and SigV2); every policy condition
(eq, starts-with, content-length-range, bucket, key with ${filename}, acl, Content-Type,
success_action_status/redirect, x-amz-meta-*, x-amz-credential/algorithm/date, x-amz-security-token)
holds and fails once each; each error S3 answers for a bad form is checked, with nothing stored."""
from __future__ import annotations

import hashlib
import os
import urllib.parse
import xml.etree.ElementTree as ET

import boto3
import pytest
import requests
from botocore.config import Config

from pail_e2e import parse_error, signed_request, unique_bucket
from post_support import encode_policy, error_of, post_form, raw_post, v2_fields, v4_fields

CONDITION_FAILED = "Invalid according to Policy: Policy Condition failed: "


def keys(s3, bucket):
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def assert_refused(resp, s3, bucket, code, status, message=None):
    err = error_of(resp)
    assert (err["status"], err["Code"]) == (status, code), err
    if message is not None:
        assert err["Message"] == message
    assert keys(s3, bucket) == [], "a refused form stored an object"
    return err


def v2_client(server):
    return boto3.session.Session().client(
        "s3", endpoint_url=server.endpoint, region_name=server.region, aws_access_key_id=server.access_key,
        aws_secret_access_key=server.secret_key,
        config=Config(signature_version="s3", s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}))


# --- boto3 generate_presigned_post, posted as is ----------------------------------------------------------

def test_boto3_presigned_post_sigv4_uploads(server, s3, bucket):
    post = s3.generate_presigned_post(bucket, "reports/q1.csv", ExpiresIn=600)
    body = b"a,b\n1,2\n"
    resp = requests.post(post["url"], data=post["fields"], files={"file": ("q1.csv", body)}, timeout=30)
    assert resp.status_code == 204, resp.text
    assert resp.content == b""
    assert resp.headers["ETag"] == f'"{hashlib.md5(body).hexdigest()}"'
    assert resp.headers["Location"] == f"{server.endpoint}/{bucket}/reports/q1.csv"
    obj = s3.get_object(Bucket=bucket, Key="reports/q1.csv")
    assert obj["Body"].read() == body
    assert obj["ETag"] == resp.headers["ETag"]


def test_boto3_presigned_post_key_with_filename_substitution(server, s3, bucket):
    post = s3.generate_presigned_post(bucket, "uploads/${filename}")
    resp = requests.post(post["url"], data=post["fields"], files={"file": ("my photo.jpg", b"\xff\xd8jpeg")}, timeout=30)
    assert resp.status_code == 204, resp.text
    assert keys(s3, bucket) == ["uploads/my photo.jpg"]
    assert resp.headers["Location"].endswith(f"/{bucket}/uploads/my%20photo.jpg")


def test_boto3_presigned_post_sigv2_uploads(server, s3, bucket):
    post = v2_client(server).generate_presigned_post(bucket, "v2/object", Fields={"acl": "private"},
                                                     Conditions=[{"acl": "private"}])
    assert "AWSAccessKeyId" in post["fields"] and "signature" in post["fields"]
    resp = requests.post(post["url"], data=post["fields"], files={"file": ("x", b"signed with v2")}, timeout=30)
    assert resp.status_code == 204, resp.text
    assert s3.get_object(Bucket=bucket, Key="v2/object")["Body"].read() == b"signed with v2"


def test_boto3_presigned_post_with_session_token(server, s3, bucket):
    sts = boto3.session.Session().client("sts", endpoint_url=server.endpoint, region_name=server.region,
                                         aws_access_key_id=server.access_key, aws_secret_access_key=server.secret_key)
    creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
    temp = boto3.session.Session().client(
        "s3", endpoint_url=server.endpoint, region_name=server.region, aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"],
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    post = temp.generate_presigned_post(bucket, "temp/k")
    assert post["fields"]["x-amz-security-token"] == creds["SessionToken"]
    resp = requests.post(post["url"], data=post["fields"], files={"file": ("f", b"temporary")}, timeout=30)
    assert resp.status_code == 204, resp.text
    # Without its token the temporary key is unknown.
    fields = dict(post["fields"])
    del fields["x-amz-security-token"]
    resp = requests.post(post["url"], data=fields, files={"file": ("f", b"no token")}, timeout=30)
    assert error_of(resp)["Code"] == "InvalidAccessKeyId"
    assert s3.get_object(Bucket=bucket, Key="temp/k")["Body"].read() == b"temporary"


def test_virtual_hosted_post(server, s3, bucket):
    fields = {"key": "vh/k", **v4_fields(server, bucket, {"key": "vh/k"})}
    resp = post_form(server, bucket, fields, ("f", b"virtual"), host=f"{bucket}.localhost:{server.port}")
    assert resp.status_code == 204, resp.text
    assert resp.headers["Location"] == f"http://{bucket}.localhost:{server.port}/vh/k"
    assert s3.get_object(Bucket=bucket, Key="vh/k")["Body"].read() == b"virtual"


def test_fields_after_the_file_are_ignored(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"})}
    resp = post_form(server, bucket, fields, ("f", b"data"), after={"x-amz-meta-late": "ignored", "submit": "Upload"})
    assert resp.status_code == 204, resp.text
    assert "late" not in s3.head_object(Bucket=bucket, Key="k")["Metadata"]


def test_large_file_streams_in_flat_memory(server, s3, bucket):
    """A 192 MiB file, sent chunked from a generator, passes through without the server's peak
    resident memory growing by anything like the file's size."""
    if server.external:
        pytest.skip("reads the server's /proc status")
    size = 192 << 20
    fields = {"key": "big.bin", **v4_fields(server, bucket, {"key": "big.bin"})}
    boundary = "pailBoundary7MA4YWxkTrZu0gW"
    head = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                    for k, v in fields.items())
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n'.encode()
    block = bytes(range(256)) * 4096  # 1 MiB
    md5 = hashlib.md5()

    def body():
        yield head
        for _ in range(size // len(block)):
            md5.update(block)
            yield block
        yield f"\r\n--{boundary}--\r\n".encode()

    def peak_kib():
        with open(f"/proc/{server.proc.pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))

    before = peak_kib()
    resp = requests.post(f"{server.endpoint}/{bucket}", data=body(), timeout=300,
                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert resp.status_code == 204, resp.text
    grown_mib = (peak_kib() - before) / 1024
    assert grown_mib < 64, f"peak RSS grew {grown_mib:.0f} MiB for a {size >> 20} MiB upload"
    head_obj = s3.head_object(Bucket=bucket, Key="big.bin")
    assert head_obj["ContentLength"] == size
    assert head_obj["ETag"] == f'"{md5.hexdigest()}"'


# --- success responses ------------------------------------------------------------------------------------

def test_success_action_status_201_returns_post_response(server, s3, bucket):
    fields = {"key": "k201", "success_action_status": "201",
              **v4_fields(server, bucket, {"key": "k201"}, [{"success_action_status": "201"}])}
    resp = post_form(server, bucket, fields, ("f", b"created"))
    assert resp.status_code == 201, resp.text
    root = ET.fromstring(resp.content)
    assert root.tag == "PostResponse"
    assert {c.tag: c.text for c in root} == {
        "Location": f"{server.endpoint}/{bucket}/k201", "Bucket": bucket, "Key": "k201",
        "ETag": f'"{hashlib.md5(b"created").hexdigest()}"'}


def test_success_action_status_200_is_empty(server, s3, bucket):
    fields = {"key": "k200", "success_action_status": "200",
              **v4_fields(server, bucket, {"key": "k200"}, [{"success_action_status": "200"}])}
    resp = post_form(server, bucket, fields)
    assert (resp.status_code, resp.content) == (200, b"")
    assert keys(s3, bucket) == ["k200"]


def test_success_action_status_other_values_answer_204(server, s3, bucket):
    fields = {"key": "k", "success_action_status": "404",
              **v4_fields(server, bucket, {"key": "k"}, [{"success_action_status": "404"}])}
    assert post_form(server, bucket, fields).status_code == 204


def test_success_action_redirect_is_303_with_bucket_key_etag(server, s3, bucket):
    target = "http://app.example/done?from=form"
    fields = {"key": "dir/a b.txt", "success_action_redirect": target,
              **v4_fields(server, bucket, {"key": "dir/a b.txt"}, [["starts-with", "$success_action_redirect", "http://app.example/"]])}
    resp = post_form(server, bucket, fields, ("f", b"redirected"))
    assert resp.status_code == 303, resp.text
    location = urllib.parse.urlsplit(resp.headers["Location"])
    assert location.geturl().startswith(target + "&")
    query = dict(urllib.parse.parse_qsl(location.query))
    assert query == {"from": "form", "bucket": bucket, "key": "dir/a b.txt",
                     "etag": f'"{hashlib.md5(b"redirected").hexdigest()}"'}


def test_form_fields_become_object_metadata(server, s3, bucket):
    fields = {"key": "meta", "Content-Type": "image/png", "Cache-Control": "max-age=60",
              "Content-Disposition": "inline", "x-amz-meta-uuid": "14365123651274", "x-amz-meta-tag": "holiday",
              **v4_fields(server, bucket, {"key": "meta"}, [
                  ["starts-with", "$Content-Type", "image/"], {"Cache-Control": "max-age=60"},
                  {"Content-Disposition": "inline"}, {"x-amz-meta-uuid": "14365123651274"},
                  ["starts-with", "$x-amz-meta-tag", ""]])}
    assert post_form(server, bucket, fields, ("f.png", b"\x89PNG", "application/octet-stream")).status_code == 204
    head = s3.head_object(Bucket=bucket, Key="meta")
    assert head["ContentType"] == "image/png"
    assert head["CacheControl"] == "max-age=60"
    assert head["ContentDisposition"] == "inline"
    assert head["Metadata"] == {"uuid": "14365123651274", "tag": "holiday"}


def test_tagging_field_tags_the_object(server, s3, bucket):
    tagging = "<Tagging><TagSet><Tag><Key>team</Key><Value>web</Value></Tag></TagSet></Tagging>"
    fields = {"key": "tagged", "tagging": tagging, **v4_fields(server, bucket, {"key": "tagged"}, [{"tagging": tagging}])}
    assert post_form(server, bucket, fields).status_code == 204
    assert s3.get_object_tagging(Bucket=bucket, Key="tagged")["TagSet"] == [{"Key": "team", "Value": "web"}]


# --- each condition: holds, and fails ---------------------------------------------------------------------

def test_condition_eq_key(server, s3, bucket):
    fields = {"key": "other", **v4_fields(server, bucket, ["eq", "$key", "expected"])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403, CONDITION_FAILED + '["eq", "$key", "expected"]')
    fields["key"] = "expected"
    assert post_form(server, bucket, fields).status_code == 204


def test_condition_starts_with_key(server, s3, bucket):
    fields = {"key": "admin/x", **v4_fields(server, bucket, ["starts-with", "$key", "user/42/"])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '["starts-with", "$key", "user/42/"]')
    fields["key"] = "user/42/x"
    assert post_form(server, bucket, fields).status_code == 204


def test_condition_starts_with_empty_allows_any_value(server, s3, bucket):
    fields = {"key": "anything/at/all", **v4_fields(server, bucket, ["starts-with", "$key", ""])}
    assert post_form(server, bucket, fields).status_code == 204


def test_condition_key_with_filename_placeholder(server, s3, bucket):
    """Key conditions see the key with ${filename} replaced by the chosen file's name."""
    fields = {"key": "in/${filename}", **v4_fields(server, bucket, {"key": "in/report.pdf"})}
    assert post_form(server, bucket, fields, ("report.pdf", b"%PDF")).status_code == 204
    assert keys(s3, bucket) == ["in/report.pdf"]
    err = error_of(post_form(server, bucket, fields, ("other.pdf", b"%PDF")))
    assert (err["Code"], err["Message"]) == ("AccessDenied", CONDITION_FAILED + '{"key": "in/report.pdf"}')
    assert keys(s3, bucket) == ["in/report.pdf"]


def test_condition_bucket(server, s3, bucket):
    other = unique_bucket()
    s3.create_bucket(Bucket=other)
    fields = {"key": "k", **v4_fields(server, other, {"key": "k"})}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403, CONDITION_FAILED + f'{{"bucket": "{other}"}}')


def test_condition_bucket_missing_is_an_extra_input_field(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, include_bucket=False)}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   "Invalid according to Policy: Extra input fields: bucket")


def test_condition_acl(server, s3, bucket):
    fields = {"key": "k", "acl": "public-read", **v4_fields(server, bucket, {"key": "k"}, [{"acl": "private"}])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403, CONDITION_FAILED + '{"acl": "private"}')
    fields["acl"] = "private"
    assert post_form(server, bucket, fields).status_code == 204


def test_condition_content_type(server, s3, bucket):
    fields = {"key": "k", "Content-Type": "text/html",
              **v4_fields(server, bucket, {"key": "k"}, [["starts-with", "$Content-Type", "image/"]])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '["starts-with", "$Content-Type", "image/"]')


def test_condition_content_type_missing_field(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, [["eq", "$Content-Type", "image/png"]])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '["eq", "$Content-Type", "image/png"]')


def test_condition_success_action_status(server, s3, bucket):
    fields = {"key": "k", "success_action_status": "200",
              **v4_fields(server, bucket, {"key": "k"}, [{"success_action_status": "201"}])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '{"success_action_status": "201"}')


def test_condition_success_action_status_takes_no_starts_with(server, s3, bucket):
    fields = {"key": "k", "success_action_status": "201",
              **v4_fields(server, bucket, {"key": "k"}, [["starts-with", "$success_action_status", "2"]])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '["starts-with", "$success_action_status", "2"]')


def test_condition_success_action_redirect(server, s3, bucket):
    fields = {"key": "k", "success_action_redirect": "http://evil.example/",
              **v4_fields(server, bucket, {"key": "k"}, [{"success_action_redirect": "http://app.example/ok"}])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '{"success_action_redirect": "http://app.example/ok"}')


def test_condition_x_amz_meta(server, s3, bucket):
    fields = {"key": "k", "x-amz-meta-uuid": "wrong",
              **v4_fields(server, bucket, {"key": "k"}, [{"x-amz-meta-uuid": "14365123651274"}])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '{"x-amz-meta-uuid": "14365123651274"}')


def test_condition_x_amz_credential(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, [{"x-amz-credential": "someone-else/20200101/us-east-1/s3/aws4_request"}])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '{"x-amz-credential": "someone-else/20200101/us-east-1/s3/aws4_request"}')


def test_condition_x_amz_algorithm(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, [["eq", "$x-amz-algorithm", "AWS4-HMAC-SHA512"]])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '["eq", "$x-amz-algorithm", "AWS4-HMAC-SHA512"]')


def test_condition_x_amz_date(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, [{"x-amz-date": "20200101T000000Z"}])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '{"x-amz-date": "20200101T000000Z"}')


def test_condition_x_amz_security_token(server, s3, bucket):
    fields = {"key": "k", "x-amz-security-token": "not-the-token-signed",
              **v4_fields(server, bucket, {"key": "k"}, [{"x-amz-security-token": "the-token"}])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '{"x-amz-security-token": "the-token"}')


def test_condition_content_length_range_too_large(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, [["content-length-range", 1, 10]])}
    err = assert_refused(post_form(server, bucket, fields, ("f", b"x" * 11)), s3, bucket, "EntityTooLarge", 400,
                         "Your proposed upload exceeds the maximum allowed size")
    assert err["MaxSizeAllowed"] == "10"


def test_condition_content_length_range_too_small(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, [["content-length-range", 5, 10]])}
    err = assert_refused(post_form(server, bucket, fields, ("f", b"1234")), s3, bucket, "EntityTooSmall", 400,
                         "Your proposed upload is smaller than the minimum allowed size")
    assert (err["ProposedSize"], err["MinSizeAllowed"]) == ("4", "5")


def test_condition_content_length_range_within(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, [["content-length-range", 5, 10]])}
    assert post_form(server, bucket, fields, ("f", b"12345")).status_code == 204
    fields["key"] = "k"
    assert post_form(server, bucket, fields, ("f", b"1234567890")).status_code == 204


def test_condition_content_length_range_large_file_refused_while_streaming(server, s3, bucket):
    """8 MiB against a 1 MiB limit: refused once the limit is passed, nothing stored."""
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, [["content-length-range", 0, 1 << 20]])}
    prepared = requests.Request("POST", f"{server.endpoint}/{bucket}",
                                files=[*((k, (None, v)) for k, v in fields.items()), ("file", ("f", os.urandom(8 << 20)))]).prepare()
    status, body = raw_post(server, f"/{bucket}", prepared.headers["Content-Type"], prepared.body)
    assert status == 400
    assert parse_error(body)["Code"] == "EntityTooLarge"
    assert keys(s3, bucket) == []


def test_condition_unknown_operator_never_holds(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, [["matches", "$key", "k"]])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403, CONDITION_FAILED + '["matches", "$key", "k"]')


def test_extra_input_field_not_in_policy(server, s3, bucket):
    fields = {"key": "k", "x-amz-meta-sneaky": "1", **v4_fields(server, bucket, {"key": "k"})}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   "Invalid according to Policy: Extra input fields: x-amz-meta-sneaky")


def test_x_ignore_fields_need_no_condition(server, s3, bucket):
    fields = {"key": "k", "x-ignore-submit": "Upload", **v4_fields(server, bucket, {"key": "k"})}
    assert post_form(server, bucket, fields).status_code == 204


def test_policy_expired(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, expires_in=-1)}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   "Invalid according to Policy: Policy expired.")


def test_sigv2_form_conditions_apply(server, s3, bucket):
    fields = {"key": "outside/k", **v2_fields(server, bucket, ["starts-with", "$key", "inside/"])}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403,
                   CONDITION_FAILED + '["starts-with", "$key", "inside/"]')
    fields["key"] = "inside/k"
    assert post_form(server, bucket, fields).status_code == 204


# --- each error -------------------------------------------------------------------------------------------

def test_error_not_multipart_is_412(server, s3, bucket):
    resp = signed_request(server, "POST", f"/{bucket}", b"key=k", headers={"Content-Type": "application/x-www-form-urlencoded"})
    err = resp.error()
    assert (resp.status, err["Code"]) == (412, "PreconditionFailed")
    assert err["Condition"] == "Bucket POST must be of the enclosure-type multipart/form-data"
    assert keys(s3, bucket) == []


def test_error_malformed_multipart(server, s3, bucket):
    resp = requests.post(f"{server.endpoint}/{bucket}", data=b"this is not multipart at all", timeout=30,
                         headers={"Content-Type": "multipart/form-data; boundary=xyz"})
    assert_refused(resp, s3, bucket, "MalformedPOSTRequest", 400,
                   "The body of your POST request is not well-formed multipart/form-data.")


def test_error_multipart_without_boundary(server, s3, bucket):
    resp = requests.post(f"{server.endpoint}/{bucket}", data=b"--x\r\n", timeout=30,
                         headers={"Content-Type": "multipart/form-data"})
    assert_refused(resp, s3, bucket, "MalformedPOSTRequest", 400)


def test_error_missing_key(server, s3, bucket):
    fields = v4_fields(server, bucket, {"key": "k"})
    err = assert_refused(post_form(server, bucket, fields), s3, bucket, "InvalidArgument", 400,
                         "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.")
    assert err["ArgumentName"] == "key"


def test_error_key_after_the_file_is_missing(server, s3, bucket):
    fields = v4_fields(server, bucket, {"key": "k"})
    resp = post_form(server, bucket, fields, after={"key": "k"})
    assert_refused(resp, s3, bucket, "InvalidArgument", 400)


def test_error_missing_file(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"})}
    err = assert_refused(post_form(server, bucket, fields, None), s3, bucket, "InvalidArgument", 400,
                         "POST requires exactly one file upload per request.")
    assert (err["ArgumentName"], err["ArgumentValue"]) == ("file", "0")


def test_error_fields_before_file_too_large(server, s3, bucket):
    fields = {"key": "k", "x-amz-meta-big": "b" * 30000, **v4_fields(server, bucket, {"key": "k"})}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "MaxPostPreDataLengthExceededError", 400,
                   "Your POST request fields preceding the upload file were too large.")


def test_error_bad_v4_signature(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, signature="0" * 64)}
    err = assert_refused(post_form(server, bucket, fields), s3, bucket, "SignatureDoesNotMatch", 403)
    assert err["StringToSign"] == fields["policy"]


def test_error_policy_signed_with_wrong_secret(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, secret_key="not-the-secret")}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "SignatureDoesNotMatch", 403)


def test_error_bad_v2_signature(server, s3, bucket):
    fields = {"key": "k", **v2_fields(server, bucket, {"key": "k"}, secret_key="not-the-secret")}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "SignatureDoesNotMatch", 403)


def test_error_unknown_access_key(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, access_key="AKIANOBODY")}
    err = assert_refused(post_form(server, bucket, fields), s3, bucket, "InvalidAccessKeyId", 403)
    assert err["AWSAccessKeyId"] == "AKIANOBODY"


def test_error_wrong_region(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, region="eu-west-1")}
    err = assert_refused(post_form(server, bucket, fields), s3, bucket, "AuthorizationHeaderMalformed", 400)
    assert err["Region"] == server.region


def test_error_malformed_credential(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"})}
    fields["x-amz-credential"] = "just-a-key"
    err = assert_refused(post_form(server, bucket, fields), s3, bucket, "InvalidArgument", 400)
    assert err["ArgumentName"] == "x-amz-credential"


def test_error_unsupported_algorithm(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"})}
    fields["x-amz-algorithm"] = "AWS4-HMAC-SHA1"
    err = assert_refused(post_form(server, bucket, fields), s3, bucket, "InvalidArgument", 400)
    assert err["ArgumentName"] == "x-amz-algorithm"


def test_error_missing_signature_field(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"})}
    del fields["x-amz-signature"]
    err = assert_refused(post_form(server, bucket, fields), s3, bucket, "InvalidArgument", 400)
    assert err["ArgumentName"] == "x-amz-signature"


def test_error_missing_policy_field(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"})}
    del fields["policy"]
    err = assert_refused(post_form(server, bucket, fields), s3, bucket, "InvalidArgument", 400)
    assert err["ArgumentName"] == "policy"


def test_error_policy_not_json(server, s3, bucket):
    import base64
    bad = base64.b64encode(b"{not json").decode()
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, policy=bad)}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "InvalidPolicyDocument", 400, "Invalid Policy: Invalid JSON.")


def test_error_policy_without_expiration(server, s3, bucket):
    fields = {"key": "k", **v4_fields(server, bucket, {"key": "k"}, policy=encode_policy({"conditions": []}))}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "InvalidPolicyDocument", 400,
                   "Invalid Policy: Policy missing expiration.")


def test_error_anonymous_form(server, s3, bucket):
    resp = post_form(server, bucket, {"key": "k"})
    assert_refused(resp, s3, bucket, "AccessDenied", 403)


def test_error_policy_without_signature(server, s3, bucket):
    fields = {"key": "k", "policy": v4_fields(server, bucket, {"key": "k"})["policy"]}
    assert_refused(post_form(server, bucket, fields), s3, bucket, "AccessDenied", 403)


def test_error_invalid_acl_value(server, s3, bucket):
    fields = {"key": "k", "acl": "world-writable", **v4_fields(server, bucket, {"key": "k"}, [{"acl": "world-writable"}])}
    err = assert_refused(post_form(server, bucket, fields), s3, bucket, "InvalidArgument", 400)
    assert (err["ArgumentName"], err["ArgumentValue"]) == ("x-amz-acl", "world-writable")


def test_error_empty_key_after_substitution(server, s3, bucket):
    fields = {"key": "${filename}", **v4_fields(server, bucket, ["starts-with", "$key", ""])}
    assert_refused(post_form(server, bucket, fields, ("", b"nameless")), s3, bucket, "InvalidArgument", 400,
                   "User key must have a length greater than 0.")


def test_error_no_such_bucket(server, s3):
    missing = unique_bucket()
    fields = {"key": "k", **v4_fields(server, missing, {"key": "k"})}
    err = error_of(post_form(server, missing, fields))
    assert (err["status"], err["Code"]) == (404, "NoSuchBucket")
