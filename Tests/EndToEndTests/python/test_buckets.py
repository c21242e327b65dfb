"""Buckets: create, list, head, locate, delete; request ids and the S3 error document."""
import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status, raw_request, signed_request, unique_bucket, make_client


def test_health_endpoint_without_auth_returns_200(server):
    server.require_process()
    status, _, _ = raw_request(server, "GET", "/_pail/health")
    assert status == 200


def test_create_bucket_then_list_buckets_contains_it(s3):
    name = unique_bucket()
    resp = s3.create_bucket(Bucket=name)
    assert http_status(resp) == 200
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert name in names


def test_create_bucket_without_location_constraint_reports_us_east_1_as_none(s3):
    name = unique_bucket()
    s3.create_bucket(Bucket=name)
    # us-east-1 is reported as an empty LocationConstraint, which boto3 surfaces as None.
    assert s3.get_bucket_location(Bucket=name).get("LocationConstraint") in (None, "")


def test_create_bucket_with_location_constraint_on_regional_server_reports_that_region(start_server):
    srv = start_server("eu", region="eu-west-1")
    c = srv.client()
    name = unique_bucket()
    c.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    assert c.get_bucket_location(Bucket=name)["LocationConstraint"] == "eu-west-1"
    c.head_bucket(Bucket=name)


@pytest.mark.parametrize("name", [
    "ab",                      # too short
    "a" * 64,                  # too long
    "UpperCase",               # upper case
    "under_score",             # underscore
    "-leading-dash",
    "trailing-dash-",
    "double..dot",
    "192.168.1.1",             # formatted as an IP address
])
def test_create_bucket_invalid_name_returns_InvalidBucketName_400(s3, name):
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket=name)
    assert error_code(e.value) == "InvalidBucketName"
    assert http_status(e.value) == 400


def test_create_existing_own_bucket_in_us_east_1_returns_200_as_aws_does(s3, bucket):
    s3.put_object(Bucket=bucket, Key="kept", Body=b"x")
    assert http_status(s3.create_bucket(Bucket=bucket)) == 200
    assert s3.get_object(Bucket=bucket, Key="kept")["Body"].read() == b"x"


def test_create_existing_own_bucket_in_other_region_returns_BucketAlreadyOwnedByYou_409(start_server):
    srv = start_server("eu", region="eu-west-1")
    c = srv.client()
    name = unique_bucket()
    config = {"LocationConstraint": "eu-west-1"}
    c.create_bucket(Bucket=name, CreateBucketConfiguration=config)
    with pytest.raises(ClientError) as e:
        c.create_bucket(Bucket=name, CreateBucketConfiguration=config)
    assert error_code(e.value) == "BucketAlreadyOwnedByYou"
    assert http_status(e.value) == 409


def test_head_bucket_existing_returns_200_missing_returns_404(s3, bucket):
    assert http_status(s3.head_bucket(Bucket=bucket)) == 200
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket=unique_bucket("missing"))
    assert http_status(e.value) == 404


def test_delete_bucket_not_empty_returns_BucketNotEmpty_409_then_succeeds_when_empty(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=bucket)
    assert error_code(e.value) == "BucketNotEmpty"
    assert http_status(e.value) == 409
    s3.delete_object(Bucket=bucket, Key="k")
    assert http_status(s3.delete_bucket(Bucket=bucket)) == 204
    assert bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket=bucket)
    assert http_status(e.value) == 404


def test_delete_missing_bucket_returns_NoSuchBucket_404(s3):
    with pytest.raises(ClientError) as e:
        s3.delete_bucket(Bucket=unique_bucket("missing"))
    assert error_code(e.value) == "NoSuchBucket"
    assert http_status(e.value) == 404


def test_object_operation_in_missing_bucket_returns_NoSuchBucket(s3):
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=unique_bucket("missing"), Key="k", Body=b"x")
    assert error_code(e.value) == "NoSuchBucket"
    with pytest.raises(ClientError) as e:
        s3.list_objects_v2(Bucket=unique_bucket("missing"))
    assert error_code(e.value) == "NoSuchBucket"


def test_every_response_carries_request_id_and_id_2(s3, bucket):
    responses = [s3.list_buckets(), s3.head_bucket(Bucket=bucket),
                 s3.put_object(Bucket=bucket, Key="k", Body=b"x"), s3.head_object(Bucket=bucket, Key="k")]
    for exc_call in (lambda: s3.get_object(Bucket=bucket, Key="missing"),
                     lambda: s3.head_object(Bucket=bucket, Key="missing")):
        with pytest.raises(ClientError) as e:
            exc_call()
        responses.append(e.value.response)
    for r in responses:
        headers = r["ResponseMetadata"]["HTTPHeaders"]
        assert headers.get("x-amz-request-id"), headers
        assert headers.get("x-amz-id-2"), headers
    ids = {r["ResponseMetadata"]["HTTPHeaders"]["x-amz-request-id"] for r in responses}
    assert len(ids) == len(responses), "request ids must differ between requests"


def test_error_document_is_s3_xml_with_code_key_and_request_id(server, bucket):
    resp = signed_request(server, "GET", f"/{bucket}/no-such-key")
    assert resp.status == 404
    assert "xml" in resp.headers.get("content-type", "")
    err = resp.error()
    assert err["Code"] == "NoSuchKey"
    assert err.get("Message")
    assert err.get("Key") == "no-such-key"
    assert err.get("RequestId") == resp.headers["x-amz-request-id"]


def test_list_buckets_reports_owner_and_creation_date(s3, bucket):
    resp = s3.list_buckets()
    entry = next(b for b in resp["Buckets"] if b["Name"] == bucket)
    assert entry["CreationDate"] is not None
    assert resp["Owner"].get("ID")


def test_server_started_with_custom_credentials_accepts_them_and_rejects_defaults(start_server):
    srv = start_server("creds", access_key="customAK123", secret_key="customSecret456")
    assert (srv.access_key, srv.secret_key) == ("customAK123", "customSecret456")
    srv.client().list_buckets()
    default = make_client(srv.endpoint, "minioadmin", "minioadmin")
    with pytest.raises(ClientError) as e:
        default.list_buckets()
    assert error_code(e.value) == "InvalidAccessKeyId"
    assert http_status(e.value) == 403
