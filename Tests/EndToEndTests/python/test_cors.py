"""Bucket CORS: Put/Get/DeleteBucketCors with boto3 (and raw XML for what boto3 will not send), AWS's
validation errors with nothing stored, preflight OPTIONS answered without authentication, and the
Access-Control-* headers on actual responses, error responses included."""
from __future__ import annotations

import hashlib

import pytest
import requests
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status, md5_b64, parse_error, raw_request, signed_request

ALLOW = "Access-Control-Allow-Origin"
VARY = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"

RULES = [
    {"ID": "app", "AllowedOrigins": ["http://app.example", "https://*.example.org"], "AllowedMethods": ["GET", "PUT", "HEAD"],
     "AllowedHeaders": ["content-type", "x-amz-*"], "ExposeHeaders": ["ETag", "x-amz-request-id"], "MaxAgeSeconds": 600},
    {"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]},
]


@pytest.fixture
def cors_bucket(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": RULES})
    return bucket


def options(server, path, origin=None, method=None, headers=None):
    h = {}
    if origin is not None:
        h["Origin"] = origin
    if method is not None:
        h["Access-Control-Request-Method"] = method
    if headers is not None:
        h["Access-Control-Request-Headers"] = headers
    return raw_request(server, "OPTIONS", path, headers=h)


def put_cors_xml(server, bucket, xml: str):
    body = xml.encode()
    return signed_request(server, "PUT", f"/{bucket}?cors=", body, headers={"Content-MD5": md5_b64(body)})


# --- configuration ----------------------------------------------------------------------------------------

def test_put_get_delete_bucket_cors(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_bucket_cors(Bucket=bucket)
    assert (error_code(e.value), http_status(e.value)) == ("NoSuchCORSConfiguration", 404)
    assert e.value.response["Error"]["Message"] == "The CORS configuration does not exist"
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": RULES})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == RULES
    assert http_status(s3.delete_bucket_cors(Bucket=bucket)) == 204
    with pytest.raises(ClientError) as e:
        s3.get_bucket_cors(Bucket=bucket)
    assert error_code(e.value) == "NoSuchCORSConfiguration"


def test_put_bucket_cors_replaces_the_rules(s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": RULES})
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": [RULES[1]]})
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == [RULES[1]]


def test_cors_of_a_missing_bucket_is_no_such_bucket(s3):
    with pytest.raises(ClientError) as e:
        s3.get_bucket_cors(Bucket="no-such-bucket-for-cors")
    assert error_code(e.value) == "NoSuchBucket"


def test_cors_configuration_goes_with_its_bucket(server, s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": RULES})
    assert options(server, f"/{bucket}/k", "http://app.example", "PUT")[0] == 200
    s3.delete_bucket(Bucket=bucket)
    s3.create_bucket(Bucket=bucket)
    with pytest.raises(ClientError):
        s3.get_bucket_cors(Bucket=bucket)
    status, _, body = options(server, f"/{bucket}/k", "http://app.example", "PUT")
    assert status == 403 and parse_error(body)["Message"] == "CORSResponse: CORS is not enabled for this bucket."


INVALID = [
    ("unsupported method", "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule>",
     "InvalidRequest", "Found unsupported HTTP method in CORS config. Unsupported method is PATCH"),
    ("two origin wildcards", "<CORSRule><AllowedOrigin>http://*.*.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>",
     "InvalidRequest", 'AllowedOrigin "http://*.*.com" can not have more than one wildcard.'),
    ("two header wildcards", "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
     "<AllowedHeader>*-*</AllowedHeader></CORSRule>",
     "InvalidRequest", 'AllowedHeader "*-*" can not have more than one wildcard.'),
    ("expose wildcard", "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
     "<ExposeHeader>x-amz-*</ExposeHeader></CORSRule>",
     "InvalidRequest", 'ExposeHeader "x-amz-*" contains wildcard. We currently do not support wildcard for ExposeHeader.'),
    ("no rules", "", "MalformedXML", None),
    ("no origin", "<CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule>", "MalformedXML", None),
    ("no method", "<CORSRule><AllowedOrigin>*</AllowedOrigin></CORSRule>", "MalformedXML", None),
    ("unknown element", "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><Color>red</Color></CORSRule>",
     "MalformedXML", None),
    ("max age not a number", "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>"
     "<MaxAgeSeconds>a while</MaxAgeSeconds></CORSRule>", "MalformedXML", None),
    ("101 rules", "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>" * 101,
     "MalformedXML", None),
]


@pytest.mark.parametrize("name,rules,code,message", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_cors_configuration_is_refused_and_nothing_stored(server, s3, bucket, name, rules, code, message):
    resp = put_cors_xml(server, bucket, f'<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">{rules}</CORSConfiguration>')
    err = resp.error()
    assert (resp.status, err["Code"]) == (400, code)
    if message:
        assert err["Message"] == message
    with pytest.raises(ClientError) as e:
        s3.get_bucket_cors(Bucket=bucket)
    assert error_code(e.value) == "NoSuchCORSConfiguration"


def test_invalid_cors_configuration_keeps_the_previous_one(server, s3, bucket):
    s3.put_bucket_cors(Bucket=bucket, CORSConfiguration={"CORSRules": RULES})
    resp = put_cors_xml(server, bucket, "<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>"
                                        "<AllowedMethod>TRACE</AllowedMethod></CORSRule></CORSConfiguration>")
    assert resp.status == 400
    assert s3.get_bucket_cors(Bucket=bucket)["CORSRules"] == RULES


def test_malformed_cors_xml_and_bad_digest(server, s3, bucket):
    resp = put_cors_xml(server, bucket, "<CORSConfiguration><CORSRule>")
    assert (resp.status, resp.error()["Code"]) == (400, "MalformedXML")
    body = b"<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>"
    resp = signed_request(server, "PUT", f"/{bucket}?cors=", body, headers={"Content-MD5": md5_b64(b"other")})
    assert (resp.status, resp.error()["Code"]) == (400, "BadDigest")
    with pytest.raises(ClientError):
        s3.get_bucket_cors(Bucket=bucket)


def test_cors_needs_the_bucket_owner(server, s3, bucket):
    resp = raw_request(server, "GET", f"/{bucket}?cors")
    assert resp[0] == 403


# --- preflight --------------------------------------------------------------------------------------------

def test_preflight_allowed(server, cors_bucket):
    status, headers, body = options(server, f"/{cors_bucket}/photo.jpg", "http://app.example", "PUT",
                                    "Content-Type, X-Amz-Meta-Owner")
    assert status == 200, body
    assert body == b""
    assert headers["access-control-allow-origin"] == "http://app.example"
    assert headers["access-control-allow-methods"] == "GET, PUT, HEAD"
    assert headers["access-control-allow-headers"] == "content-type, x-amz-meta-owner"
    assert headers["access-control-expose-headers"] == "ETag, x-amz-request-id"
    assert headers["access-control-max-age"] == "600"
    assert headers["access-control-allow-credentials"] == "true"
    assert headers["vary"] == VARY


def test_preflight_origin_wildcard_and_bucket_resource(server, cors_bucket):
    status, headers, _ = options(server, f"/{cors_bucket}", "https://cdn.eu.example.org", "HEAD")
    assert status == 200
    assert headers["access-control-allow-origin"] == "https://cdn.eu.example.org"


def test_preflight_star_origin_answers_star(server, cors_bucket):
    status, headers, _ = options(server, f"/{cors_bucket}/k", "http://anywhere.test", "GET")
    assert status == 200
    assert headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in headers


def test_preflight_virtual_hosted(server, cors_bucket):
    status, headers, _ = raw_request(server, "OPTIONS", "/k", headers={
        "Host": f"{cors_bucket}.localhost:{server.port}", "Origin": "http://app.example", "Access-Control-Request-Method": "PUT"})
    assert status == 200
    assert headers["access-control-allow-origin"] == "http://app.example"


@pytest.mark.parametrize("origin,method,req_headers", [
    ("http://evil.example", "PUT", None),        # origin not listed
    ("http://app.example", "DELETE", None),      # method not allowed
    ("http://app.example", "PUT", "authorization"),  # header not allowed
    ("http://APP.example", "PUT", None),         # origins compare exactly
    ("http://anywhere.test", "GET", "x-custom"),  # the * rule allows no headers
])
def test_preflight_refused(server, cors_bucket, origin, method, req_headers):
    status, headers, body = options(server, f"/{cors_bucket}/k", origin, method, req_headers)
    assert status == 403
    err = parse_error(body)
    assert err["Code"] == "AccessForbidden"
    assert err["Message"].startswith("CORSResponse: This CORS request is not allowed.")
    assert (err["Method"], err["ResourceType"]) == (method, "OBJECT")
    assert "access-control-allow-origin" not in headers


def test_preflight_without_origin_is_400(server, cors_bucket):
    status, _, body = options(server, f"/{cors_bucket}/k", None, "PUT")
    err = parse_error(body)
    assert (status, err["Code"], err["Message"]) == (400, "BadRequest", "Insufficient information. Origin request header needed.")


def test_preflight_bad_request_method_is_400(server, cors_bucket):
    for method in (None, "PATCH"):
        status, _, body = options(server, f"/{cors_bucket}/k", "http://app.example", method)
        assert status == 400
        assert parse_error(body)["Message"].startswith("Invalid Access-Control-Request-Method")


def test_preflight_without_cors_configuration(server, bucket):
    status, _, body = options(server, f"/{bucket}/k", "http://app.example", "GET")
    assert status == 403
    assert parse_error(body)["Message"] == "CORSResponse: CORS is not enabled for this bucket."


def test_preflight_for_missing_bucket(server):
    status, _, body = options(server, "/no-such-bucket-here/k", "http://app.example", "GET")
    assert status == 403
    assert parse_error(body)["Code"] == "AccessForbidden"


# --- actual requests --------------------------------------------------------------------------------------

def test_actual_request_gets_allow_headers(server, s3, cors_bucket):
    s3.put_object(Bucket=cors_bucket, Key="k", Body=b"data")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": cors_bucket, "Key": "k"})
    resp = requests.get(url, headers={"Origin": "http://app.example"}, timeout=30)
    assert resp.status_code == 200
    assert resp.headers[ALLOW] == "http://app.example"
    assert resp.headers["Access-Control-Expose-Headers"] == "ETag, x-amz-request-id"
    assert resp.headers["Access-Control-Allow-Methods"] == "GET, PUT, HEAD"
    assert resp.headers["Vary"] == VARY


def test_actual_error_response_gets_allow_headers(server, s3, cors_bucket):
    url = s3.generate_presigned_url("get_object", Params={"Bucket": cors_bucket, "Key": "missing"})
    resp = requests.get(url, headers={"Origin": "http://app.example"}, timeout=30)
    assert resp.status_code == 404
    assert parse_error(resp.content)["Code"] == "NoSuchKey"
    assert resp.headers[ALLOW] == "http://app.example"
    # Unsigned: AccessDenied, still readable by the allowed page.
    resp = requests.get(f"{server.endpoint}/{cors_bucket}/missing", headers={"Origin": "http://app.example"}, timeout=30)
    assert resp.status_code == 403
    assert resp.headers[ALLOW] == "http://app.example"


def test_actual_request_from_other_origin_gets_no_allow_headers(server, s3, cors_bucket):
    url = s3.generate_presigned_url("put_object", Params={"Bucket": cors_bucket, "Key": "k"})
    resp = requests.put(url, data=b"x", headers={"Origin": "http://evil.example"}, timeout=30)
    assert resp.status_code == 200
    assert ALLOW not in resp.headers
    assert resp.headers["Vary"] == VARY


def test_actual_request_method_must_be_allowed(server, s3, cors_bucket):
    url = s3.generate_presigned_url("delete_object", Params={"Bucket": cors_bucket, "Key": "k"})
    resp = requests.delete(url, headers={"Origin": "http://app.example"}, timeout=30)
    assert resp.status_code == 204
    assert ALLOW not in resp.headers


def test_no_origin_no_cors_headers(server, s3, cors_bucket):
    s3.put_object(Bucket=cors_bucket, Key="k", Body=b"data")
    headers = s3.get_object(Bucket=cors_bucket, Key="k")["ResponseMetadata"]["HTTPHeaders"]
    assert not any(h.startswith("access-control-") for h in headers)
    assert "vary" not in headers


def test_bucket_without_cors_adds_nothing(server, s3, bucket):
    url = s3.generate_presigned_url("list_objects_v2", Params={"Bucket": bucket})
    resp = requests.get(url, headers={"Origin": "http://app.example"}, timeout=30)
    assert resp.status_code == 200
    assert ALLOW not in resp.headers and "Vary" not in resp.headers


def test_changed_rules_apply_at_once(server, s3, cors_bucket):
    assert options(server, f"/{cors_bucket}/k", "http://new.example", "PUT")[0] == 403
    s3.put_bucket_cors(Bucket=cors_bucket, CORSConfiguration={"CORSRules": [
        {"AllowedOrigins": ["http://new.example"], "AllowedMethods": ["PUT"]}]})
    assert options(server, f"/{cors_bucket}/k", "http://new.example", "PUT")[0] == 200
    s3.delete_bucket_cors(Bucket=cors_bucket)
    assert options(server, f"/{cors_bucket}/k", "http://new.example", "PUT")[0] == 403
