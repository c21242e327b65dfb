"""Authentication: wrong secret, unknown key, anonymous, presigned URLs, clock skew, payload hash."""
import datetime
import hashlib
import time
import urllib.error
import urllib.request

import botocore.auth
import botocore.crt.auth as crt_auth
import pytest
import requests
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status, make_client, parse_error, signed_request


def put(s3, bucket, key=b"k", body=b"secret body"):
    s3.put_object(Bucket=bucket, Key=key, Body=body)


def test_wrong_secret_returns_403_SignatureDoesNotMatch_with_string_to_sign_and_canonical_request(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    resp = signed_request(server, "GET", f"/{bucket}/k?x-id=GetObject", secret_key="not-the-secret")
    assert resp.status == 403
    err = resp.error()
    assert err["Code"] == "SignatureDoesNotMatch"
    # The server rebuilt exactly what we signed: only the secret differs.
    assert err.get("StringToSign") == resp.signer.string_to_sign_value
    assert err.get("CanonicalRequest") == resp.signer.canonical
    assert err.get("AWSAccessKeyId") in (None, server.access_key)


def test_wrong_secret_with_boto3_returns_SignatureDoesNotMatch(server, bucket):
    bad = make_client(server.endpoint, server.access_key, "wrong-secret")
    with pytest.raises(ClientError) as e:
        bad.list_objects_v2(Bucket=bucket)
    assert error_code(e.value) == "SignatureDoesNotMatch"
    assert http_status(e.value) == 403


def test_unknown_access_key_returns_403_InvalidAccessKeyId(server, bucket):
    bad = make_client(server.endpoint, "AKIDNOSUCHKEY000000", server.secret_key)
    with pytest.raises(ClientError) as e:
        bad.list_objects_v2(Bucket=bucket)
    assert error_code(e.value) == "InvalidAccessKeyId"
    assert http_status(e.value) == 403


def test_wrong_secret_put_stores_nothing(server, s3, bucket):
    bad = make_client(server.endpoint, server.access_key, "wrong-secret")
    with pytest.raises(ClientError):
        bad.put_object(Bucket=bucket, Key="forged", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="forged")
    assert http_status(e.value) == 404


def urlopen_status(url, method="GET", data=None):
    req = urllib.request.Request(url, method=method, data=data)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def test_anonymous_get_object_returns_403_AccessDenied(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="private", Body=b"x")
    status, body = urlopen_status(f"{server.endpoint}/{bucket}/private")
    assert status == 403
    assert parse_error(body)["Code"] == "AccessDenied"


def test_anonymous_list_buckets_and_put_return_403_AccessDenied(server, s3, bucket):
    status, body = urlopen_status(f"{server.endpoint}/")
    assert status == 403
    assert parse_error(body)["Code"] == "AccessDenied"
    status, body = urlopen_status(f"{server.endpoint}/{bucket}/anon", method="PUT", data=b"x")
    assert status == 403
    assert parse_error(body)["Code"] == "AccessDenied"
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="anon")


def test_presigned_get_url_works_with_requests(s3, bucket):
    s3.put_object(Bucket=bucket, Key="shared file+1.txt", Body=b"presigned content")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "shared file+1.txt"},
                                    ExpiresIn=300)
    r = requests.get(url, timeout=30)
    assert r.status_code == 200
    assert r.content == b"presigned content"


def test_presigned_put_url_stores_body(s3, bucket):
    url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "uploaded"}, ExpiresIn=300)
    r = requests.put(url, data=b"via presigned put", timeout=30)
    assert r.status_code == 200, r.text
    assert s3.get_object(Bucket=bucket, Key="uploaded")["Body"].read() == b"via presigned put"


def test_presigned_get_url_works_with_urllib(s3, bucket):
    s3.put_object(Bucket=bucket, Key="u", Body=b"urllib")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "u"}, ExpiresIn=60)
    assert urlopen_status(url) == (200, b"urllib")


def test_presigned_url_after_expiry_returns_403_AccessDenied(s3, bucket):
    s3.put_object(Bucket=bucket, Key="exp", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "exp"}, ExpiresIn=1)
    time.sleep(2.2)
    r = requests.get(url, timeout=30)
    assert r.status_code == 403
    assert parse_error(r.content)["Code"] == "AccessDenied"


def test_presigned_url_with_expires_over_one_week_returns_400_AuthorizationQueryParametersError(s3, bucket):
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}, ExpiresIn=604801)
    assert "X-Amz-Expires=604801" in url
    r = requests.get(url, timeout=30)
    assert r.status_code == 400
    assert parse_error(r.content)["Code"] == "AuthorizationQueryParametersError"


def test_presigned_url_with_tampered_signature_returns_403_SignatureDoesNotMatch(s3, bucket):
    s3.put_object(Bucket=bucket, Key="t", Body=b"x")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "t"}, ExpiresIn=60)
    head, sig = url.rsplit("X-Amz-Signature=", 1)
    tampered = head + "X-Amz-Signature=" + ("0" if sig[0] != "0" else "1") + sig[1:]
    r = requests.get(tampered, timeout=30)
    assert r.status_code == 403
    assert parse_error(r.content)["Code"] == "SignatureDoesNotMatch"


def test_presigned_url_for_one_key_does_not_open_another(s3, bucket):
    s3.put_object(Bucket=bucket, Key="a", Body=b"a")
    s3.put_object(Bucket=bucket, Key="b", Body=b"b")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "a"}, ExpiresIn=60)
    r = requests.get(url.replace(f"/{bucket}/a?", f"/{bucket}/b?"), timeout=30)
    assert r.status_code == 403


def skewed(monkeypatch, minutes):
    real = botocore.auth.get_current_datetime

    def later(*a, **kw):
        return real(*a, **kw) + datetime.timedelta(minutes=minutes)

    monkeypatch.setattr(botocore.auth, "get_current_datetime", later)
    # With awscrt installed botocore signs through its CRT signer, which has its own clock import.
    monkeypatch.setattr(crt_auth, "get_current_datetime", later)


@pytest.mark.parametrize("minutes", [20, -20])
def test_request_signed_with_clock_skewed_20_minutes_returns_403_RequestTimeTooSkewed(server, bucket, monkeypatch, minutes):
    skewed(monkeypatch, minutes)
    c = server.client()
    with pytest.raises(ClientError) as e:
        c.list_objects_v2(Bucket=bucket)
    assert error_code(e.value) == "RequestTimeTooSkewed"
    assert http_status(e.value) == 403


def test_request_signed_with_clock_skewed_5_minutes_is_accepted(server, bucket, monkeypatch):
    skewed(monkeypatch, 5)
    assert http_status(server.client().list_objects_v2(Bucket=bucket)) == 200


def test_request_with_unsigned_payload_hash_is_accepted(server, s3, bucket):
    resp = signed_request(server, "PUT", f"/{bucket}/unsigned", b"unsigned payload",
                          payload_hash="UNSIGNED-PAYLOAD")
    assert resp.status == 200, resp.body
    assert s3.get_object(Bucket=bucket, Key="unsigned")["Body"].read() == b"unsigned payload"


def test_request_whose_body_differs_from_signed_sha256_is_rejected_and_stores_nothing(server, s3, bucket):
    resp = signed_request(server, "PUT", f"/{bucket}/tampered", b"actual body",
                          payload_hash=hashlib.sha256(b"signed body").hexdigest())
    assert resp.status == 400
    assert resp.error()["Code"] == "XAmzContentSHA256Mismatch"
    with pytest.raises(ClientError):
        s3.head_object(Bucket=bucket, Key="tampered")


def test_signature_v4_for_another_region_is_rejected(server, bucket):
    other = make_client(server.endpoint, server.access_key, server.secret_key, region="eu-central-1")
    # ListBuckets names no bucket, so botocore cannot follow the <Region> hint to the right region
    # (for bucket operations it re-signs for the region the error names, as it does against AWS).
    with pytest.raises(ClientError) as e:
        other.list_buckets()
    assert http_status(e.value) == 400
    assert error_code(e.value) == "AuthorizationHeaderMalformed"
