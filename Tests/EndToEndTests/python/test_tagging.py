"""Object and bucket tagging: Put/Get/DeleteObjectTagging (with versionId), x-amz-tagging on writes,
x-amz-tagging-count, Put/Get/DeleteBucketTagging, and S3's limits and errors."""
import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status


def tagset(d):
    return [{"Key": k, "Value": v} for k, v in d.items()]


def as_dict(resp):
    return {t["Key"]: t["Value"] for t in resp["TagSet"]}


def test_put_get_delete_object_tagging(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": tagset({"a": "1", "b": "two words"})})
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="k")) == {"a": "1", "b": "two words"}
    assert s3.head_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPHeaders"]["x-amz-tagging-count"] == "2"
    assert s3.get_object(Bucket=bucket, Key="k")["TagCount"] == 2
    assert http_status(s3.delete_object_tagging(Bucket=bucket, Key="k")) == 204
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []
    assert "x-amz-tagging-count" not in s3.head_object(Bucket=bucket, Key="k")["ResponseMetadata"]["HTTPHeaders"]


def test_tagging_header_on_put_multipart_and_copy(s3, bucket):
    s3.put_object(Bucket=bucket, Key="p", Body=b"x", Tagging="env=prod&team=mail%20ops")
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="p")) == {"env": "prod", "team": "mail ops"}
    up = s3.create_multipart_upload(Bucket=bucket, Key="m", Tagging="k=v")
    part = s3.upload_part(Bucket=bucket, Key="m", UploadId=up["UploadId"], PartNumber=1, Body=b"y")
    s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=up["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]})
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="m")) == {"k": "v"}
    # CopyObject copies tags by default, replaces them with x-amz-tagging-directive: REPLACE.
    s3.copy_object(Bucket=bucket, Key="c1", CopySource={"Bucket": bucket, "Key": "p"})
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="c1")) == {"env": "prod", "team": "mail ops"}
    s3.copy_object(Bucket=bucket, Key="c2", CopySource={"Bucket": bucket, "Key": "p"},
                   TaggingDirective="REPLACE", Tagging="only=this")
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="c2")) == {"only": "this"}


def test_object_tagging_per_version(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    v1 = s3.put_object(Bucket=bucket, Key="k", Body=b"1")["VersionId"]
    v2 = s3.put_object(Bucket=bucket, Key="k", Body=b"2")["VersionId"]
    r = s3.put_object_tagging(Bucket=bucket, Key="k", VersionId=v1, Tagging={"TagSet": tagset({"old": "yes"})})
    assert r["VersionId"] == v1
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="k", VersionId=v1)) == {"old": "yes"}
    got = s3.get_object_tagging(Bucket=bucket, Key="k")
    assert got["TagSet"] == [] and got["VersionId"] == v2


@pytest.mark.parametrize("tags,code", [
    ({f"k{i}": "v" for i in range(11)}, "BadRequest"),
    ({"k" * 129: "v"}, "InvalidTag"),
    ({"k": "v" * 257}, "InvalidTag"),
    ({"aws:reserved": "v"}, "InvalidTag"),
])
def test_object_tag_limits(s3, bucket, tags, code):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": tagset(tags)})
    assert error_code(e.value) == code
    assert http_status(e.value) == 400
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []


def test_duplicate_tag_keys_are_refused(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.put_object_tagging(Bucket=bucket, Key="k",
                              Tagging={"TagSet": [{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]})
    assert error_code(e.value) == "InvalidTag"
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="h", Body=b"x", Tagging="a=1&a=2")
    assert error_code(e.value) == "InvalidArgument"


def test_tagging_missing_object_and_delete_marker(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_object_tagging(Bucket=bucket, Key="missing")
    assert error_code(e.value) == "NoSuchKey"
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    with pytest.raises(ClientError) as e:
        s3.put_object_tagging(Bucket=bucket, Key="k", VersionId=marker, Tagging={"TagSet": tagset({"a": "1"})})
    assert http_status(e.value) == 405


def test_bucket_tagging(s3, bucket):
    with pytest.raises(ClientError) as e:
        s3.get_bucket_tagging(Bucket=bucket)
    assert error_code(e.value) == "NoSuchTagSet"
    assert http_status(e.value) == 404
    s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tagset({"cost-center": "42", "env": "dev"})})
    assert as_dict(s3.get_bucket_tagging(Bucket=bucket)) == {"cost-center": "42", "env": "dev"}
    with pytest.raises(ClientError) as e:
        s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": tagset({f"k{i}": "v" for i in range(51)})})
    assert http_status(e.value) == 400
    assert http_status(s3.delete_bucket_tagging(Bucket=bucket)) == 204
    with pytest.raises(ClientError) as e:
        s3.get_bucket_tagging(Bucket=bucket)
    assert error_code(e.value) == "NoSuchTagSet"


def test_malformed_tagging_xml_is_MalformedXML(server, s3, bucket):
    from pail_e2e import signed_request
    server.require_process()
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    r = signed_request(server, "PUT", f"/{bucket}/k?tagging=", b"<Tagging><TagSet><Tag><Key>a</Key></Tag>")
    assert r.status == 400 and b"MalformedXML" in r.body


def test_aws_cli_tagging(server, bucket, s3):
    from pail_e2e import run_cli
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    run_cli(server, "s3api", "put-object-tagging", "--bucket", bucket, "--key", "k",
            "--tagging", "TagSet=[{Key=cli,Value=yes}]")
    assert as_dict(s3.get_object_tagging(Bucket=bucket, Key="k")) == {"cli": "yes"}
