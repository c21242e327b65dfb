"""Versioning: Get/PutBucketVersioning, a version per write, GET/HEAD/attributes/copy by version id,
delete markers, the null version and suspended buckets, DeleteObjects with versions and ETags,
ListObjectVersions, ListObjects over versioned buckets, conditional writes and deletes, a retried
CompleteMultipartUpload, and emptying a versioned bucket the way test suites do.

Expectations follow AWS S3's documentation: the API reference (GetObject, HeadObject, DeleteObject,
DeleteObjects, ListObjectVersions, PutBucketVersioning, CopyObject, UploadPartCopy, PutObject) and the
user guide's versioning pages (DeleteMarker.html, AddingObjectstoVersionSuspendedBuckets.html,
DeletingObjectsfromVersioningSuspendedBuckets.html, conditional-writes.html, conditional-deletes.html).
"""
from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote, unquote_plus

import pytest
from botocore.exceptions import ClientError

from pail_e2e import (error_code, http_status, md5_hex, run_cli, signed_request, strip_ns, unique_bucket,
                      xml_text)

MiB = 1024 * 1024
# Version ids are "URL-ready" (ListObjectVersions / PutObject reference): RFC 3986 unreserved characters.
URL_SAFE = re.compile(r"^[A-Za-z0-9._~-]{1,1024}$")
OTHER_ETAG = '"0123456789abcdef0123456789abcdef"'


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def enable(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})


def suspend(s3, bucket):
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})


@pytest.fixture
def vbucket(s3):
    """A fresh bucket with versioning Enabled."""
    name = unique_bucket("ver")
    s3.create_bucket(Bucket=name)
    enable(s3, name)
    return name


def expect_error(call, status, code=None):
    with pytest.raises(ClientError) as e:
        call()
    assert http_status(e.value) == status, e.value.response
    if code is not None:
        assert error_code(e.value) == code, e.value.response
    return e.value


def headers_of(resp_or_exc) -> dict:
    resp = resp_or_exc.response if hasattr(resp_or_exc, "response") else resp_or_exc
    return resp["ResponseMetadata"]["HTTPHeaders"]


def body(s3, bucket, key, **kw) -> bytes:
    return s3.get_object(Bucket=bucket, Key=key, **kw)["Body"].read()


def assert_version_id(vid):
    assert isinstance(vid, str) and URL_SAFE.match(vid), f"version id {vid!r} is not URL-safe"
    assert vid != "null"


@dataclass
class Entry:
    kind: str  # "Version" or "DeleteMarker"
    key: str
    version_id: str
    is_latest: bool
    etag: str | None = None
    size: int | None = None


@dataclass
class VersionsPage:
    entries: list = field(default_factory=list)
    prefixes: list = field(default_factory=list)
    truncated: bool = False
    next_key_marker: str | None = None
    next_version_id_marker: str | None = None
    fields: dict = field(default_factory=dict)


def canonical_query(params: dict) -> str:
    parts = []
    for k in sorted(params):
        v = params[k]
        parts.append(quote(k, safe="-_.~") if v is None else f"{quote(k, safe='-_.~')}={quote(str(v), safe='-_.~')}")
    return "&".join(parts)


def list_versions(server, bucket, *, decode=False, **params) -> VersionsPage:
    """One raw ListObjectVersions page with Version and DeleteMarker entries in document order (boto3
    splits them into two lists and loses their interleaving). Params use the wire names."""
    query = {"versions": None}
    query.update({k: v for k, v in params.items() if v is not None})
    resp = signed_request(server, "GET", f"/{bucket}?{canonical_query(query)}")
    assert resp.status == 200, (resp.status, resp.body[:1000])
    root = ET.fromstring(resp.body)
    assert strip_ns(root.tag) == "ListVersionsResult", resp.body[:300]
    dec = unquote_plus if decode else (lambda s: s)
    page = VersionsPage()
    for child in root:
        tag = strip_ns(child.tag)
        if tag in ("Version", "DeleteMarker"):
            size = xml_text(child, "Size")
            etag = xml_text(child, "ETag")
            page.entries.append(Entry(tag, dec(xml_text(child, "Key")), xml_text(child, "VersionId"),
                                      xml_text(child, "IsLatest") == "true", etag,
                                      int(size) if size is not None else None))
        elif tag == "CommonPrefixes":
            page.prefixes.append(dec(xml_text(child, "Prefix")))
        else:
            page.fields[tag] = child.text or ""
    page.truncated = page.fields.get("IsTruncated") == "true"
    nkm = page.fields.get("NextKeyMarker")
    page.next_key_marker = dec(nkm) if nkm is not None else None
    page.next_version_id_marker = page.fields.get("NextVersionIdMarker")
    return page


def list_all_versions(server, bucket, max_keys=None, decode=False, **params):
    """Every page, following NextKeyMarker / NextVersionIdMarker; returns (entries, prefixes, pages)."""
    entries, prefixes, pages = [], [], []
    key_marker = vid_marker = None
    for _ in range(100_000):
        page = list_versions(server, bucket, decode=decode, **{"max-keys": max_keys, "key-marker": key_marker,
                                                               "version-id-marker": vid_marker}, **params)
        pages.append(page)
        entries += page.entries
        prefixes += page.prefixes
        if max_keys is not None:
            assert len(page.entries) + len(page.prefixes) <= max_keys, "page longer than max-keys"
        if not page.truncated:
            return entries, prefixes, pages
        assert page.entries or page.prefixes, "a truncated page with nothing in it"
        assert page.next_key_marker, "truncated page without NextKeyMarker"
        key_marker, vid_marker = page.next_key_marker, page.next_version_id_marker
    raise AssertionError("listing never ended")


def summary(entries):
    return [(e.kind, e.key, e.version_id, e.is_latest) for e in entries]


def multipart(s3, bucket, key, parts):
    up = s3.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    done = []
    for n, data in enumerate(parts, 1):
        r = s3.upload_part(Bucket=bucket, Key=key, UploadId=up, PartNumber=n, Body=data)
        done.append({"PartNumber": n, "ETag": r["ETag"]})
    return up, done


def cli_json(server, *args):
    out = run_cli(server, "s3api", *args, "--output", "json").stdout
    return json.loads(out) if out.strip() else {}


# ---------------------------------------------------------------------------------------------
# Get/PutBucketVersioning
# ---------------------------------------------------------------------------------------------
def test_new_bucket_reports_no_versioning_status(s3, bucket):
    # GetBucketVersioning: "If the versioning state has never been set on a bucket, it has no
    # versioning state; a GetBucketVersioning request does not return a versioning state value."
    resp = s3.get_bucket_versioning(Bucket=bucket)
    assert "Status" not in resp
    assert "MFADelete" not in resp


def test_versioning_status_enabled_suspended_enabled_round_trips(s3, bucket):
    enable(s3, bucket)
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    suspend(s3, bucket)
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Suspended"
    enable(s3, bucket)
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"


def test_put_bucket_versioning_with_mfa_delete_enabled_and_no_mfa_header_is_refused(s3, bucket):
    # MultiFactorAuthenticationDelete.html / UsingMFADelete.html: changing MFA delete needs the
    # x-amz-mfa header, "If you don't include this request header, the request fails". The reference
    # names no status; S3 answers 403 AccessDenied "Mfa Authentication must be used for this request".
    expect_error(lambda: s3.put_bucket_versioning(
        Bucket=bucket, VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"}), 403, "AccessDenied")
    resp = s3.get_bucket_versioning(Bucket=bucket)
    assert "Status" not in resp and "MFADelete" not in resp


def test_put_bucket_versioning_with_unknown_status_is_MalformedXML(s3, bucket):
    expect_error(lambda: s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Sometimes"}),
                 400, "MalformedXML")
    assert "Status" not in s3.get_bucket_versioning(Bucket=bucket)


def test_aws_cli_put_bucket_versioning_list_object_versions_and_delete_object_version(server, s3, bucket):
    run_cli(server, "s3api", "put-bucket-versioning", "--bucket", bucket,
            "--versioning-configuration", "Status=Enabled")
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    v1 = s3.put_object(Bucket=bucket, Key="cli key", Body=b"one")["VersionId"]
    v2 = s3.put_object(Bucket=bucket, Key="cli key", Body=b"two")["VersionId"]
    listed = cli_json(server, "list-object-versions", "--bucket", bucket)
    assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in listed["Versions"]] == \
        [("cli key", v2, True), ("cli key", v1, False)]
    assert not listed.get("DeleteMarkers")

    out = cli_json(server, "delete-object", "--bucket", bucket, "--key", "cli key", "--version-id", v2)
    assert out.get("VersionId") == v2
    assert not out.get("DeleteMarker")
    assert body(s3, bucket, "cli key") == b"one"

    marker = cli_json(server, "delete-object", "--bucket", bucket, "--key", "cli key")
    assert marker.get("DeleteMarker") is True
    assert_version_id(marker.get("VersionId"))
    listed = cli_json(server, "list-object-versions", "--bucket", bucket)
    assert [(m["Key"], m["VersionId"], m["IsLatest"]) for m in listed["DeleteMarkers"]] == \
        [("cli key", marker["VersionId"], True)]
    assert [(v["VersionId"], v["IsLatest"]) for v in listed["Versions"]] == [(v1, False)]

    out = cli_json(server, "delete-object", "--bucket", bucket, "--key", "cli key",
                   "--version-id", marker["VersionId"])
    assert out.get("DeleteMarker") is True and out.get("VersionId") == marker["VersionId"]
    assert body(s3, bucket, "cli key") == b"one"


# ---------------------------------------------------------------------------------------------
# A version per write
# ---------------------------------------------------------------------------------------------
def test_put_copy_and_complete_multipart_each_make_a_new_version_listed_newest_first(server, s3, vbucket):
    src = s3.put_object(Bucket=vbucket, Key="src", Body=b"copy source")
    assert_version_id(src["VersionId"])

    put = s3.put_object(Bucket=vbucket, Key="k", Body=b"put body")
    copy = s3.copy_object(Bucket=vbucket, Key="k", CopySource={"Bucket": vbucket, "Key": "src"})
    parts = [os.urandom(5 * MiB), os.urandom(1000)]
    up, done = multipart(s3, vbucket, "k", parts)
    mpu = s3.complete_multipart_upload(Bucket=vbucket, Key="k", UploadId=up, MultipartUpload={"Parts": done})

    ids = [put["VersionId"], copy["VersionId"], mpu["VersionId"]]
    for vid in ids:
        assert_version_id(vid)
    assert len(set(ids + [src["VersionId"]])) == 4, "version ids repeat"
    assert copy["CopySourceVersionId"] == src["VersionId"]
    assert headers_of(copy).get("x-amz-version-id") == copy["VersionId"]

    page = list_versions(server, vbucket, prefix="k")
    assert summary(page.entries) == [("Version", "k", ids[2], True), ("Version", "k", ids[1], False),
                                     ("Version", "k", ids[0], False)]
    assert [e.etag for e in page.entries] == [mpu["ETag"], copy["CopyObjectResult"]["ETag"], put["ETag"]]
    assert [e.size for e in page.entries] == [sum(map(len, parts)), len(b"copy source"), len(b"put body")]

    got = s3.get_object(Bucket=vbucket, Key="k")
    assert got["VersionId"] == ids[2]
    assert got["Body"].read() == b"".join(parts)
    assert body(s3, vbucket, "k", VersionId=ids[1]) == b"copy source"
    assert body(s3, vbucket, "k", VersionId=ids[0]) == b"put body"


def test_many_puts_of_one_key_get_distinct_url_safe_ids(server, s3, vbucket):
    ids = [s3.put_object(Bucket=vbucket, Key="many", Body=str(i).encode())["VersionId"] for i in range(40)]
    for vid in ids:
        assert_version_id(vid)
    assert len(set(ids)) == len(ids)
    entries, _, _ = list_all_versions(server, vbucket)
    assert [e.version_id for e in entries] == ids[::-1]
    assert [e.is_latest for e in entries] == [True] + [False] * 39


# ---------------------------------------------------------------------------------------------
# Reads and copies by version id
# ---------------------------------------------------------------------------------------------
def test_get_and_head_by_version_id_return_that_version(s3, vbucket):
    datas = [b"first", b"second version", b"3"]
    ids = [s3.put_object(Bucket=vbucket, Key="gv", Body=d, ContentType=f"text/v{i}", Metadata={"n": str(i)})["VersionId"]
           for i, d in enumerate(datas)]
    for i, (vid, data) in enumerate(zip(ids, datas)):
        got = s3.get_object(Bucket=vbucket, Key="gv", VersionId=vid)
        assert got["Body"].read() == data
        assert got["VersionId"] == vid
        assert got["ContentType"] == f"text/v{i}"
        assert got["Metadata"] == {"n": str(i)}
        head = s3.head_object(Bucket=vbucket, Key="gv", VersionId=vid)
        assert head["VersionId"] == vid
        assert head["ContentLength"] == len(data)
        assert head["ETag"] == f'"{md5_hex(data)}"'
    assert s3.head_object(Bucket=vbucket, Key="gv")["VersionId"] == ids[-1]


def test_get_object_attributes_with_version_id(s3, vbucket):
    v1 = s3.put_object(Bucket=vbucket, Key="attrs", Body=b"x" * 10)["VersionId"]
    v2 = s3.put_object(Bucket=vbucket, Key="attrs", Body=b"y" * 25)["VersionId"]
    a1 = s3.get_object_attributes(Bucket=vbucket, Key="attrs", VersionId=v1, ObjectAttributes=["ETag", "ObjectSize"])
    assert a1["ObjectSize"] == 10
    assert a1["VersionId"] == v1
    assert a1["ETag"].strip('"') == md5_hex(b"x" * 10)
    a2 = s3.get_object_attributes(Bucket=vbucket, Key="attrs", ObjectAttributes=["ETag", "ObjectSize"])
    assert a2["ObjectSize"] == 25
    assert a2["VersionId"] == v2


def test_copy_object_from_a_source_version(s3, vbucket):
    v1 = s3.put_object(Bucket=vbucket, Key="src", Body=b"old source")["VersionId"]
    s3.put_object(Bucket=vbucket, Key="src", Body=b"new source")
    resp = s3.copy_object(Bucket=vbucket, Key="dst", CopySource={"Bucket": vbucket, "Key": "src", "VersionId": v1})
    assert resp["CopySourceVersionId"] == v1
    assert_version_id(resp["VersionId"])
    assert body(s3, vbucket, "dst") == b"old source"
    assert body(s3, vbucket, "dst", VersionId=resp["VersionId"]) == b"old source"


def test_copy_object_whose_current_source_is_a_delete_marker_is_NoSuchKey(s3, vbucket):
    v1 = s3.put_object(Bucket=vbucket, Key="gone", Body=b"still a version")["VersionId"]
    s3.delete_object(Bucket=vbucket, Key="gone")
    expect_error(lambda: s3.copy_object(Bucket=vbucket, Key="dst", CopySource={"Bucket": vbucket, "Key": "gone"}),
                 404, "NoSuchKey")
    # the noncurrent version is still a valid source when named
    resp = s3.copy_object(Bucket=vbucket, Key="dst", CopySource={"Bucket": vbucket, "Key": "gone", "VersionId": v1})
    assert resp["CopySourceVersionId"] == v1
    assert body(s3, vbucket, "dst") == b"still a version"


def test_upload_part_copy_from_source_versions(s3, vbucket):
    first = os.urandom(5 * MiB)
    v1 = s3.put_object(Bucket=vbucket, Key="src", Body=first)["VersionId"]
    second = os.urandom(1000)
    v2 = s3.put_object(Bucket=vbucket, Key="src", Body=second)["VersionId"]
    s3.put_object(Bucket=vbucket, Key="src", Body=b"third, current")
    up = s3.create_multipart_upload(Bucket=vbucket, Key="assembled")["UploadId"]
    p1 = s3.upload_part_copy(Bucket=vbucket, Key="assembled", UploadId=up, PartNumber=1,
                             CopySource={"Bucket": vbucket, "Key": "src", "VersionId": v1})
    p2 = s3.upload_part_copy(Bucket=vbucket, Key="assembled", UploadId=up, PartNumber=2,
                             CopySource={"Bucket": vbucket, "Key": "src", "VersionId": v2}, CopySourceRange="bytes=0-99")
    done = s3.complete_multipart_upload(Bucket=vbucket, Key="assembled", UploadId=up, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": p1["CopyPartResult"]["ETag"]}, {"PartNumber": 2, "ETag": p2["CopyPartResult"]["ETag"]}]})
    assert_version_id(done["VersionId"])
    assert body(s3, vbucket, "assembled") == first + second[:100]
    # UploadPartCopy response: x-amz-copy-source-version-id, "the version of the source object that was
    # copied, if you have enabled versioning on the source bucket".
    assert p1.get("CopySourceVersionId") == v1
    assert p2.get("CopySourceVersionId") == v2


def test_upload_part_copy_from_a_deleted_source(s3, vbucket):
    s3.put_object(Bucket=vbucket, Key="gone", Body=b"data")
    marker = s3.delete_object(Bucket=vbucket, Key="gone")["VersionId"]
    up = s3.create_multipart_upload(Bucket=vbucket, Key="dst")["UploadId"]
    # UploadPartCopy, x-amz-copy-source: "If the current version is a delete marker and you don't
    # specify a versionId ..., Amazon S3 returns a 404 Not Found error"; "If you specify versionId ...
    # and the versionId is a delete marker, Amazon S3 returns an HTTP 400 Bad Request error, because
    # you are not allowed to specify a delete marker as a version for the x-amz-copy-source."
    expect_error(lambda: s3.upload_part_copy(Bucket=vbucket, Key="dst", UploadId=up, PartNumber=1,
                                             CopySource={"Bucket": vbucket, "Key": "gone"}), 404, "NoSuchKey")
    expect_error(lambda: s3.upload_part_copy(Bucket=vbucket, Key="dst", UploadId=up, PartNumber=1,
                                             CopySource={"Bucket": vbucket, "Key": "gone", "VersionId": marker}), 400)


def test_copy_object_naming_a_delete_marker_as_source_version_is_400(s3, vbucket):
    s3.put_object(Bucket=vbucket, Key="gone", Body=b"data")
    marker = s3.delete_object(Bucket=vbucket, Key="gone")["VersionId"]
    # Same rule as UploadPartCopy's x-amz-copy-source (the CopyObject reference said the same):
    # a delete marker named as the source version is a 400 Bad Request.
    expect_error(lambda: s3.copy_object(Bucket=vbucket, Key="dst",
                                        CopySource={"Bucket": vbucket, "Key": "gone", "VersionId": marker}), 400)
    expect_error(lambda: s3.head_object(Bucket=vbucket, Key="dst"), 404)


# ---------------------------------------------------------------------------------------------
# Delete markers
# ---------------------------------------------------------------------------------------------
def test_delete_without_version_id_makes_a_delete_marker_that_hides_the_object(server, s3, vbucket):
    v1 = s3.put_object(Bucket=vbucket, Key="dm", Body=b"kept underneath")["VersionId"]
    d = s3.delete_object(Bucket=vbucket, Key="dm")
    assert http_status(d) == 204
    assert d.get("DeleteMarker") is True
    marker = d.get("VersionId")
    assert_version_id(marker)
    assert marker != v1

    # GetObject: "If the current version of the object is a delete marker, Amazon S3 behaves as if
    # the object was deleted and includes x-amz-delete-marker: true in the response."
    err = expect_error(lambda: s3.get_object(Bucket=vbucket, Key="dm"), 404, "NoSuchKey")
    assert headers_of(err).get("x-amz-delete-marker") == "true"
    err = expect_error(lambda: s3.head_object(Bucket=vbucket, Key="dm"), 404)
    assert headers_of(err).get("x-amz-delete-marker") == "true"

    # "If the specified version in the request is a delete marker, the response returns a 405 Method
    # Not Allowed error and the Last-Modified: timestamp response header."
    err = expect_error(lambda: s3.get_object(Bucket=vbucket, Key="dm", VersionId=marker), 405, "MethodNotAllowed")
    assert headers_of(err).get("x-amz-delete-marker") == "true"
    assert headers_of(err).get("last-modified")
    err = expect_error(lambda: s3.head_object(Bucket=vbucket, Key="dm", VersionId=marker), 405)
    assert headers_of(err).get("x-amz-delete-marker") == "true"
    assert headers_of(err).get("last-modified")

    assert body(s3, vbucket, "dm", VersionId=v1) == b"kept underneath"
    assert "dm" not in [c["Key"] for c in s3.list_objects_v2(Bucket=vbucket).get("Contents", [])]
    assert summary(list_versions(server, vbucket).entries) == [("DeleteMarker", "dm", marker, True),
                                                               ("Version", "dm", v1, False)]


def test_deleting_the_delete_marker_by_version_id_makes_the_object_visible_again(server, s3, vbucket):
    v1 = s3.put_object(Bucket=vbucket, Key="undelete", Body=b"back again")["VersionId"]
    marker = s3.delete_object(Bucket=vbucket, Key="undelete")["VersionId"]
    d = s3.delete_object(Bucket=vbucket, Key="undelete", VersionId=marker)
    assert http_status(d) == 204
    # DeleteObject: x-amz-delete-marker says whether the version permanently deleted was a marker.
    assert d.get("DeleteMarker") is True
    assert d.get("VersionId") == marker
    got = s3.get_object(Bucket=vbucket, Key="undelete")
    assert got["Body"].read() == b"back again"
    assert got["VersionId"] == v1
    assert summary(list_versions(server, vbucket).entries) == [("Version", "undelete", v1, True)]


def test_deleting_a_noncurrent_version_removes_only_that_version(server, s3, vbucket):
    ids = [s3.put_object(Bucket=vbucket, Key="dv", Body=f"v{i}".encode())["VersionId"] for i in range(3)]
    d = s3.delete_object(Bucket=vbucket, Key="dv", VersionId=ids[1])
    assert http_status(d) == 204
    assert d.get("VersionId") == ids[1]
    assert not d.get("DeleteMarker")
    assert summary(list_versions(server, vbucket).entries) == [("Version", "dv", ids[2], True),
                                                               ("Version", "dv", ids[0], False)]
    assert body(s3, vbucket, "dv") == b"v2"
    expect_error(lambda: s3.get_object(Bucket=vbucket, Key="dv", VersionId=ids[1]), 404, "NoSuchVersion")
    assert body(s3, vbucket, "dv", VersionId=ids[0]) == b"v0"


def test_deleting_the_current_version_by_id_promotes_the_previous_one(server, s3, vbucket):
    ids = [s3.put_object(Bucket=vbucket, Key="promote", Body=f"v{i}".encode())["VersionId"] for i in range(3)]
    s3.delete_object(Bucket=vbucket, Key="promote", VersionId=ids[2])
    got = s3.get_object(Bucket=vbucket, Key="promote")
    assert got["Body"].read() == b"v1"
    assert got["VersionId"] == ids[1]
    assert summary(list_versions(server, vbucket).entries) == [("Version", "promote", ids[1], True),
                                                               ("Version", "promote", ids[0], False)]
    for vid in ids[:2]:
        s3.delete_object(Bucket=vbucket, Key="promote", VersionId=vid)
    err = expect_error(lambda: s3.get_object(Bucket=vbucket, Key="promote"), 404, "NoSuchKey")
    assert headers_of(err).get("x-amz-delete-marker") != "true"
    assert list_versions(server, vbucket).entries == []


def test_a_delete_marker_on_a_key_that_never_existed(server, s3, vbucket):
    d = s3.delete_object(Bucket=vbucket, Key="never")
    assert d.get("DeleteMarker") is True
    assert_version_id(d.get("VersionId"))
    assert summary(list_versions(server, vbucket).entries) == [("DeleteMarker", "never", d["VersionId"], True)]


# ---------------------------------------------------------------------------------------------
# The null version and suspended buckets
# ---------------------------------------------------------------------------------------------
def test_objects_written_before_versioning_are_the_null_version(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="pre", Body=b"before versioning")
    enable(s3, bucket)
    v1 = s3.put_object(Bucket=bucket, Key="pre", Body=b"after")["VersionId"]
    assert_version_id(v1)
    entries = list_versions(server, bucket).entries
    assert summary(entries) == [("Version", "pre", v1, True), ("Version", "pre", "null", False)]
    assert entries[1].etag == f'"{md5_hex(b"before versioning")}"'
    assert body(s3, bucket, "pre", VersionId="null") == b"before versioning"
    assert s3.head_object(Bucket=bucket, Key="pre", VersionId="null")["ContentLength"] == len(b"before versioning")
    assert http_status(s3.delete_object(Bucket=bucket, Key="pre", VersionId="null")) == 204
    assert summary(list_versions(server, bucket).entries) == [("Version", "pre", v1, True)]
    expect_error(lambda: s3.get_object(Bucket=bucket, Key="pre", VersionId="null"), 404, "NoSuchVersion")


def test_writes_in_a_suspended_bucket_replace_the_null_version(server, s3, vbucket):
    v1 = s3.put_object(Bucket=vbucket, Key="sus", Body=b"enabled-era")["VersionId"]
    suspend(s3, vbucket)
    r1 = s3.put_object(Bucket=vbucket, Key="sus", Body=b"null one")
    assert r1.get("VersionId") in (None, "null")
    r2 = s3.put_object(Bucket=vbucket, Key="sus", Body=b"null two")
    assert r2.get("VersionId") in (None, "null")
    # "If a null version is already in the bucket and you add another object with the same key, the
    # added object overwrites the original null version." Enabled-era versions stay.
    entries = list_versions(server, vbucket).entries
    assert summary(entries) == [("Version", "sus", "null", True), ("Version", "sus", v1, False)]
    assert entries[0].etag == f'"{md5_hex(b"null two")}"'
    assert body(s3, vbucket, "sus") == b"null two"
    assert body(s3, vbucket, "sus", VersionId="null") == b"null two"
    assert body(s3, vbucket, "sus", VersionId=v1) == b"enabled-era"

    # a copy in a suspended bucket also writes the null version
    s3.copy_object(Bucket=vbucket, Key="sus", CopySource={"Bucket": vbucket, "Key": "sus", "VersionId": v1})
    assert summary(list_versions(server, vbucket).entries) == [("Version", "sus", "null", True),
                                                               ("Version", "sus", v1, False)]
    assert body(s3, vbucket, "sus", VersionId="null") == b"enabled-era"

    # and so does a CompleteMultipartUpload
    up, done = multipart(s3, vbucket, "sus", [b"multipart null"])
    r = s3.complete_multipart_upload(Bucket=vbucket, Key="sus", UploadId=up, MultipartUpload={"Parts": done})
    assert r.get("VersionId") in (None, "null")
    assert summary(list_versions(server, vbucket).entries) == [("Version", "sus", "null", True),
                                                               ("Version", "sus", v1, False)]
    assert body(s3, vbucket, "sus", VersionId="null") == b"multipart null"
    s3.copy_object(Bucket=vbucket, Key="sus", CopySource={"Bucket": vbucket, "Key": "sus", "VersionId": v1})

    enable(s3, vbucket)
    v3 = s3.put_object(Bucket=vbucket, Key="sus", Body=b"enabled again")["VersionId"]
    assert summary(list_versions(server, vbucket).entries) == [
        ("Version", "sus", v3, True), ("Version", "sus", "null", False), ("Version", "sus", v1, False)]
    assert body(s3, vbucket, "sus", VersionId="null") == b"enabled-era"


def test_delete_in_a_suspended_bucket_makes_a_null_delete_marker(server, s3, vbucket):
    v1 = s3.put_object(Bucket=vbucket, Key="sdel", Body=b"versioned")["VersionId"]
    suspend(s3, vbucket)
    s3.put_object(Bucket=vbucket, Key="sdel", Body=b"the null version")
    d = s3.delete_object(Bucket=vbucket, Key="sdel")
    assert d.get("DeleteMarker") is True
    assert d.get("VersionId") == "null"
    # DeletingObjectsfromVersioningSuspendedBuckets: the DELETE removes the null version and inserts a
    # delete marker whose version id is null.
    assert summary(list_versions(server, vbucket).entries) == [("DeleteMarker", "sdel", "null", True),
                                                               ("Version", "sdel", v1, False)]
    err = expect_error(lambda: s3.get_object(Bucket=vbucket, Key="sdel"), 404, "NoSuchKey")
    assert headers_of(err).get("x-amz-delete-marker") == "true"
    expect_error(lambda: s3.get_object(Bucket=vbucket, Key="sdel", VersionId="null"), 405, "MethodNotAllowed")

    # a second DELETE replaces the null marker; it does not stack another one
    s3.delete_object(Bucket=vbucket, Key="sdel")
    assert summary(list_versions(server, vbucket).entries) == [("DeleteMarker", "sdel", "null", True),
                                                               ("Version", "sdel", v1, False)]

    d = s3.delete_object(Bucket=vbucket, Key="sdel", VersionId="null")
    assert d.get("DeleteMarker") is True
    assert body(s3, vbucket, "sdel") == b"versioned"


# ---------------------------------------------------------------------------------------------
# DeleteObjects with versions
# ---------------------------------------------------------------------------------------------
def test_delete_objects_with_version_ids_markers_and_marker_deletion(server, s3, vbucket):
    va1 = s3.put_object(Bucket=vbucket, Key="a", Body=b"a1")["VersionId"]
    va2 = s3.put_object(Bucket=vbucket, Key="a", Body=b"a2")["VersionId"]
    vb1 = s3.put_object(Bucket=vbucket, Key="b", Body=b"b1")["VersionId"]
    vc1 = s3.put_object(Bucket=vbucket, Key="c", Body=b"c1")["VersionId"]
    resp = s3.delete_objects(Bucket=vbucket, Delete={"Objects": [
        {"Key": "a", "VersionId": va1}, {"Key": "b"}, {"Key": "c", "VersionId": vc1}]})
    assert not resp.get("Errors")
    deleted = {d["Key"]: d for d in resp["Deleted"]}
    assert set(deleted) == {"a", "b", "c"}
    assert deleted["a"].get("VersionId") == va1 and not deleted["a"].get("DeleteMarker")
    assert deleted["c"].get("VersionId") == vc1 and not deleted["c"].get("DeleteMarker")
    # DeletedObject: DeleteMarker true + DeleteMarkerVersionId for the marker a simple delete created.
    assert deleted["b"].get("DeleteMarker") is True
    mb = deleted["b"].get("DeleteMarkerVersionId")
    assert_version_id(mb)
    assert summary(list_versions(server, vbucket).entries) == [
        ("Version", "a", va2, True), ("DeleteMarker", "b", mb, True), ("Version", "b", vb1, False)]

    resp = s3.delete_objects(Bucket=vbucket, Delete={"Objects": [{"Key": "b", "VersionId": mb}]})
    (d,) = resp["Deleted"]
    assert d["Key"] == "b" and d.get("VersionId") == mb
    assert d.get("DeleteMarker") is True
    assert d.get("DeleteMarkerVersionId") == mb
    assert body(s3, vbucket, "b") == b"b1"


def test_delete_objects_with_several_versions_of_one_key(server, s3, vbucket):
    ids = [s3.put_object(Bucket=vbucket, Key="same", Body=str(i).encode())["VersionId"] for i in range(4)]
    marker = s3.delete_object(Bucket=vbucket, Key="same")["VersionId"]
    resp = s3.delete_objects(Bucket=vbucket, Delete={"Objects": [
        {"Key": "same", "VersionId": marker}, {"Key": "same", "VersionId": ids[3]}, {"Key": "same", "VersionId": ids[1]}]})
    assert not resp.get("Errors")
    assert sorted(d["VersionId"] for d in resp["Deleted"]) == sorted([marker, ids[3], ids[1]])
    assert summary(list_versions(server, vbucket).entries) == [("Version", "same", ids[2], True),
                                                               ("Version", "same", ids[0], False)]
    assert body(s3, vbucket, "same") == b"2"


def test_delete_objects_quiet_with_versions_reports_nothing_but_deletes(server, s3, vbucket):
    ids = [s3.put_object(Bucket=vbucket, Key=f"q{i}", Body=b"x")["VersionId"] for i in range(5)]
    resp = s3.delete_objects(Bucket=vbucket, Delete={"Quiet": True, "Objects":
                                                     [{"Key": f"q{i}", "VersionId": v} for i, v in enumerate(ids[:3])]
                                                     + [{"Key": "q3"}]})
    assert not resp.get("Deleted")
    assert not resp.get("Errors")
    entries = list_versions(server, vbucket).entries
    assert [(e.kind, e.key) for e in entries] == [("DeleteMarker", "q3"), ("Version", "q3"), ("Version", "q4")]


# ---------------------------------------------------------------------------------------------
# Version id errors
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["bogus", "not-a-version-id", "0" * 100, ""])
def test_malformed_version_id_is_InvalidArgument(s3, vbucket, bad):
    s3.put_object(Bucket=vbucket, Key="k", Body=b"x")
    expect_error(lambda: s3.get_object(Bucket=vbucket, Key="k", VersionId=bad), 400, "InvalidArgument")
    expect_error(lambda: s3.head_object(Bucket=vbucket, Key="k", VersionId=bad), 400)
    expect_error(lambda: s3.delete_object(Bucket=vbucket, Key="k", VersionId=bad), 400, "InvalidArgument")
    expect_error(lambda: s3.copy_object(Bucket=vbucket, Key="k2", CopySource={"Bucket": vbucket, "Key": "k",
                                                                              "VersionId": bad}), 400, "InvalidArgument")
    assert body(s3, vbucket, "k") == b"x"


def test_well_formed_unknown_version_id_is_NoSuchVersion(s3, vbucket):
    s3.put_object(Bucket=vbucket, Key="k", Body=b"x")
    other = s3.put_object(Bucket=vbucket, Key="other", Body=b"y")["VersionId"]
    mine = s3.put_object(Bucket=vbucket, Key="k", Body=b"z")["VersionId"]
    # same length and alphabet as a real id, differing in its last character
    twisted = mine[:-1] + ("0" if mine[-1] != "0" else "1")
    for vid in (other, twisted):
        err = expect_error(lambda: s3.get_object(Bucket=vbucket, Key="k", VersionId=vid), 404, "NoSuchVersion")
        assert err.response["Error"].get("VersionId", vid) == vid
        expect_error(lambda: s3.head_object(Bucket=vbucket, Key="k", VersionId=vid), 404)
    expect_error(lambda: s3.get_object(Bucket=vbucket, Key="k", VersionId="null"), 404, "NoSuchVersion")


# ---------------------------------------------------------------------------------------------
# ListObjectVersions
# ---------------------------------------------------------------------------------------------
@pytest.fixture
def tree(s3, vbucket):
    """a/1 (2 versions), a/2 (version + marker), a/b/3, b/4 (marker only), c (3 versions), d/5."""
    made = {}

    def put(key, data):
        made.setdefault(key, []).insert(0, ("Version", s3.put_object(Bucket=vbucket, Key=key, Body=data)["VersionId"]))

    def delete(key):
        made.setdefault(key, []).insert(0, ("DeleteMarker", s3.delete_object(Bucket=vbucket, Key=key)["VersionId"]))

    put("a/1", b"1")
    put("a/1", b"11")
    put("a/2", b"2")
    delete("a/2")
    put("a/b/3", b"3")
    delete("b/4")
    for i in range(3):
        put("c", str(i).encode())
    put("d/5", b"5")
    return vbucket, made


def expected_entries(made, keys):
    out = []
    for key in sorted(keys, key=lambda k: k.encode()):
        for i, (kind, vid) in enumerate(made[key]):
            out.append((kind, key, vid, i == 0))
    return out


def test_list_object_versions_prefix_and_delimiter(server, tree):
    bucket, made = tree
    page = list_versions(server, bucket)
    assert summary(page.entries) == expected_entries(made, made)
    assert page.prefixes == []

    page = list_versions(server, bucket, delimiter="/")
    assert summary(page.entries) == expected_entries(made, ["c"])
    assert page.prefixes == ["a/", "b/", "d/"]  # b/ holds only a delete marker and still counts here
    assert page.fields.get("Delimiter") == "/"

    page = list_versions(server, bucket, prefix="a/", delimiter="/")
    assert summary(page.entries) == expected_entries(made, ["a/1", "a/2"])
    assert page.prefixes == ["a/b/"]
    assert page.fields.get("Prefix") == "a/"

    page = list_versions(server, bucket, prefix="a/")
    assert summary(page.entries) == expected_entries(made, ["a/1", "a/2", "a/b/3"])


def test_list_object_versions_pages_with_key_and_version_id_markers(server, s3, tree):
    bucket, made = tree
    full = expected_entries(made, made)
    for max_keys in (1, 2, 3, 5):
        entries, prefixes, pages = list_all_versions(server, bucket, max_keys=max_keys)
        assert summary(entries) == full, f"max-keys={max_keys}"
        assert prefixes == []
        for page in pages[:-1]:
            assert page.truncated
            assert page.fields.get("MaxKeys") == str(max_keys)
            assert page.next_key_marker and page.next_version_id_marker
        assert not pages[-1].truncated
    # with a delimiter, common prefixes count toward max-keys and come once each
    entries, prefixes, pages = list_all_versions(server, bucket, max_keys=1, delimiter="/")
    assert summary(entries) == expected_entries(made, ["c"])
    assert prefixes == ["a/", "b/", "d/"]
    assert len(pages) == 6
    # boto3's paginator walks the same markers
    got = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, PaginationConfig={"PageSize": 2}):
        got += [(v["Key"], v["VersionId"]) for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
    assert sorted(got) == sorted((k, v) for _, k, v, _ in full)


def test_list_object_versions_pages_through_a_null_version_between_others(server, s3, vbucket):
    v1 = s3.put_object(Bucket=vbucket, Key="n", Body=b"1")["VersionId"]
    suspend(s3, vbucket)
    s3.put_object(Bucket=vbucket, Key="n", Body=b"null")
    enable(s3, vbucket)
    v3 = s3.put_object(Bucket=vbucket, Key="n", Body=b"3")["VersionId"]
    m = s3.delete_object(Bucket=vbucket, Key="n")["VersionId"]
    s3.put_object(Bucket=vbucket, Key="o", Body=b"o")
    full = list_versions(server, vbucket).entries
    assert [(e.key, e.version_id) for e in full][:4] == [("n", m), ("n", v3), ("n", "null"), ("n", v1)]
    for max_keys in (1, 2, 3):
        entries, _, _ = list_all_versions(server, vbucket, max_keys=max_keys)
        assert summary(entries) == summary(full), f"max-keys={max_keys}"
    page = list_versions(server, vbucket, **{"key-marker": "n", "version-id-marker": "null"})
    assert [(e.key, e.version_id) for e in page.entries] == [("n", v1), ("o", full[-1].version_id)]


def test_list_object_versions_key_marker_alone_starts_after_that_key(server, tree):
    bucket, made = tree
    page = list_versions(server, bucket, **{"key-marker": "a/2"})
    assert summary(page.entries) == expected_entries(made, ["a/b/3", "b/4", "c", "d/5"])
    # key-marker + version-id-marker resumes inside a key, after that version
    c_ids = [vid for _, vid in made["c"]]
    page = list_versions(server, bucket, **{"key-marker": "c", "version-id-marker": c_ids[0]})
    assert [(e.key, e.version_id) for e in page.entries] == [("c", c_ids[1]), ("c", c_ids[2]),
                                                             ("d/5", made["d/5"][0][1])]


def test_list_object_versions_encoding_type_url(server, s3, vbucket):
    keys = ["sp ace/x", "plus+amp&/y", "ünï/ç😀", "lt<gt>"]
    for k in keys:
        s3.put_object(Bucket=vbucket, Key=k, Body=b"e")
    page = list_versions(server, vbucket, **{"encoding-type": "url"})
    assert page.fields.get("EncodingType") == "url"
    raw = [e.key for e in page.entries]
    for r in raw:
        assert re.fullmatch(r"[A-Za-z0-9%+._~/*-]+", r), f"not URL-encoded: {r!r}"
    assert sorted(unquote_plus(r) for r in raw) == sorted(keys)
    page = list_versions(server, vbucket, decode=True, delimiter="/", **{"encoding-type": "url"})
    assert page.prefixes == sorted(["sp ace/", "plus+amp&/", "ünï/"], key=lambda k: k.encode())
    assert [e.key for e in page.entries] == ["lt<gt>"]
    # NextKeyMarker comes encoded too (ListObjectVersions, EncodingType); decoded, it pages on
    entries, _, pages = list_all_versions(server, vbucket, max_keys=1, decode=True, **{"encoding-type": "url"})
    assert [e.key for e in entries] == sorted(keys, key=lambda k: k.encode())
    assert len(pages) == len(keys)
    for page in pages[:-1]:
        assert re.fullmatch(r"[A-Za-z0-9%+._~/*-]+", page.fields["NextKeyMarker"]), page.fields["NextKeyMarker"]
    # boto3 asks for url encoding itself and decodes
    got = s3.list_object_versions(Bucket=vbucket)
    assert sorted(v["Key"] for v in got["Versions"]) == sorted(keys)


def test_unversioned_bucket_lists_every_object_as_the_null_version(server, s3, bucket):
    for k in ("x", "y/z", "a"):
        s3.put_object(Bucket=bucket, Key=k, Body=k.encode())
    s3.put_object(Bucket=bucket, Key="x", Body=b"overwritten")
    entries = list_versions(server, bucket).entries
    assert summary(entries) == [("Version", k, "null", True) for k in ("a", "x", "y/z")]
    assert entries[1].etag == f'"{md5_hex(b"overwritten")}"'
    resp = s3.list_object_versions(Bucket=bucket)
    assert [(v["Key"], v["VersionId"], v["IsLatest"]) for v in resp["Versions"]] == \
        [("a", "null", True), ("x", "null", True), ("y/z", "null", True)]
    assert not resp.get("DeleteMarkers")
    assert body(s3, bucket, "x", VersionId="null") == b"overwritten"


def test_list_objects_v1_and_v2_show_current_versions_only(s3, tree):
    bucket, _ = tree
    v2 = s3.list_objects_v2(Bucket=bucket)
    assert [c["Key"] for c in v2["Contents"]] == ["a/1", "a/b/3", "c", "d/5"]
    assert v2["KeyCount"] == 4
    assert [c["ETag"] for c in v2["Contents"] if c["Key"] == "c"] == [f'"{md5_hex(b"2")}"']
    v1 = s3.list_objects(Bucket=bucket)
    assert [c["Key"] for c in v1["Contents"]] == ["a/1", "a/b/3", "c", "d/5"]
    # b/ holds only a delete marker: no common prefix for it
    v2 = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in v2.get("CommonPrefixes", [])] == ["a/", "d/"]
    assert [c["Key"] for c in v2.get("Contents", [])] == ["c"]
    v1 = s3.list_objects(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in v1.get("CommonPrefixes", [])] == ["a/", "d/"]
    # paging one key at a time skips hidden keys too
    keys = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 1}):
        keys += [c["Key"] for c in page.get("Contents", [])]
    assert keys == ["a/1", "a/b/3", "c", "d/5"]
    v2 = s3.list_objects_v2(Bucket=bucket, Prefix="a/2")
    assert v2["KeyCount"] == 0 and not v2.get("Contents")


# ---------------------------------------------------------------------------------------------
# Conditional writes and deletes in a versioned bucket
# ---------------------------------------------------------------------------------------------
def test_put_if_none_match_star_in_a_versioned_bucket(s3, vbucket):
    s3.put_object(Bucket=vbucket, Key="inm", Body=b"exists")
    expect_error(lambda: s3.put_object(Bucket=vbucket, Key="inm", Body=b"no", IfNoneMatch="*"), 412,
                 "PreconditionFailed")
    assert body(s3, vbucket, "inm") == b"exists"
    s3.delete_object(Bucket=vbucket, Key="inm")
    # the current version is a delete marker: the key does not exist as far as the write is concerned
    r = s3.put_object(Bucket=vbucket, Key="inm", Body=b"recreated", IfNoneMatch="*")
    assert_version_id(r["VersionId"])
    assert body(s3, vbucket, "inm") == b"recreated"
    r = s3.put_object(Bucket=vbucket, Key="fresh", Body=b"new", IfNoneMatch="*")
    assert_version_id(r["VersionId"])


def test_put_if_match_in_a_versioned_bucket(server, s3, vbucket):
    first = s3.put_object(Bucket=vbucket, Key="im", Body=b"one")
    second = s3.put_object(Bucket=vbucket, Key="im", Body=b"two", IfMatch=first["ETag"])
    assert_version_id(second["VersionId"])
    assert body(s3, vbucket, "im") == b"two"
    # the ETag of a noncurrent version does not match the current one
    expect_error(lambda: s3.put_object(Bucket=vbucket, Key="im", Body=b"three", IfMatch=first["ETag"]), 412,
                 "PreconditionFailed")
    expect_error(lambda: s3.put_object(Bucket=vbucket, Key="im", Body=b"three", IfMatch=OTHER_ETAG), 412,
                 "PreconditionFailed")
    assert len(list_versions(server, vbucket, prefix="im").entries) == 2
    # conditional-writes.html: If-Match on a key with no object is 404 NoSuchKey
    expect_error(lambda: s3.put_object(Bucket=vbucket, Key="missing", Body=b"x", IfMatch=first["ETag"]), 404,
                 "NoSuchKey")
    s3.delete_object(Bucket=vbucket, Key="im")
    expect_error(lambda: s3.put_object(Bucket=vbucket, Key="im", Body=b"x", IfMatch=second["ETag"]), 404,
                 "NoSuchKey")
    assert len(list_versions(server, vbucket, prefix="im").entries) == 3


def test_delete_object_if_match(server, s3, vbucket):
    put = s3.put_object(Bucket=vbucket, Key="cd", Body=b"conditional delete")
    err = expect_error(lambda: s3.delete_object(Bucket=vbucket, Key="cd", IfMatch=OTHER_ETAG), 412,
                       "PreconditionFailed")
    assert err is not None
    assert summary(list_versions(server, vbucket).entries) == [("Version", "cd", put["VersionId"], True)]
    d = s3.delete_object(Bucket=vbucket, Key="cd", IfMatch=put["ETag"])
    assert http_status(d) == 204
    assert d.get("DeleteMarker") is True
    expect_error(lambda: s3.get_object(Bucket=vbucket, Key="cd"), 404, "NoSuchKey")
    # conditional-deletes.html / DeleteObject: If-Match on a key with no object is 404 NoSuchKey
    expect_error(lambda: s3.delete_object(Bucket=vbucket, Key="absent", IfMatch=put["ETag"]), 404, "NoSuchKey")
    assert all(e.key != "absent" for e in list_versions(server, vbucket).entries)


def test_delete_object_if_match_in_an_unversioned_bucket(s3, bucket):
    put = s3.put_object(Bucket=bucket, Key="cd", Body=b"x")
    expect_error(lambda: s3.delete_object(Bucket=bucket, Key="cd", IfMatch=OTHER_ETAG), 412, "PreconditionFailed")
    assert body(s3, bucket, "cd") == b"x"
    assert http_status(s3.delete_object(Bucket=bucket, Key="cd", IfMatch=put["ETag"])) == 204
    expect_error(lambda: s3.head_object(Bucket=bucket, Key="cd"), 404)
    expect_error(lambda: s3.delete_object(Bucket=bucket, Key="cd", IfMatch=put["ETag"]), 404, "NoSuchKey")


def test_delete_objects_with_etag_mismatch_reports_PreconditionFailed_for_that_key(server, s3, vbucket):
    a = s3.put_object(Bucket=vbucket, Key="a", Body=b"a")
    s3.put_object(Bucket=vbucket, Key="b", Body=b"b")
    resp = s3.delete_objects(Bucket=vbucket, Delete={"Objects": [
        {"Key": "a", "ETag": a["ETag"]}, {"Key": "b", "ETag": OTHER_ETAG}]})
    assert [d["Key"] for d in resp.get("Deleted", [])] == ["a"]
    errors = resp.get("Errors", [])
    assert [(e["Key"], e["Code"]) for e in errors] == [("b", "PreconditionFailed")]
    assert body(s3, vbucket, "b") == b"b"
    expect_error(lambda: s3.get_object(Bucket=vbucket, Key="a"), 404, "NoSuchKey")


# ---------------------------------------------------------------------------------------------
# CompleteMultipartUpload retried
# ---------------------------------------------------------------------------------------------
def test_complete_multipart_upload_repeated_after_success_answers_the_same(server, s3, vbucket):
    parts = [os.urandom(5 * MiB), os.urandom(333)]
    up, done = multipart(s3, vbucket, "mpu", parts)
    first = s3.complete_multipart_upload(Bucket=vbucket, Key="mpu", UploadId=up, MultipartUpload={"Parts": done})
    again = s3.complete_multipart_upload(Bucket=vbucket, Key="mpu", UploadId=up, MultipartUpload={"Parts": done})
    assert http_status(again) == 200
    assert again["ETag"] == first["ETag"]
    assert again.get("VersionId") == first["VersionId"]
    entries = list_versions(server, vbucket, prefix="mpu").entries
    assert summary(entries) == [("Version", "mpu", first["VersionId"], True)]
    assert body(s3, vbucket, "mpu") == b"".join(parts)


# ---------------------------------------------------------------------------------------------
# Emptying and deleting versioned buckets
# ---------------------------------------------------------------------------------------------
def empty_and_delete_versioned_bucket(s3, bucket) -> int:
    """The teardown that test suites write for versioned buckets."""
    removed = 0
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        objects = [{"Key": v["Key"], "VersionId": v["VersionId"]}
                   for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
        for i in range(0, len(objects), 1000):
            resp = s3.delete_objects(Bucket=bucket, Delete={"Objects": objects[i:i + 1000], "Quiet": True})
            assert not resp.get("Errors"), resp.get("Errors")[:3]
            removed += len(objects[i:i + 1000])
    s3.delete_bucket(Bucket=bucket)
    return removed


def test_teardown_helper_empties_a_bucket_of_3000_versions_and_markers(server, s3, vbucket):
    def fill(i):
        client = clients[i % len(clients)]
        key = f"t/{i:04d}"
        client.put_object(Bucket=vbucket, Key=key, Body=b"first")
        client.put_object(Bucket=vbucket, Key=key, Body=b"second")
        client.delete_object(Bucket=vbucket, Key=key)

    clients = [server.client() for _ in range(8)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(fill, range(1000)))
    page = s3.list_object_versions(Bucket=vbucket, MaxKeys=1000)
    assert page["IsTruncated"]
    assert len(page.get("Versions", [])) + len(page.get("DeleteMarkers", [])) == 1000
    assert s3.list_objects_v2(Bucket=vbucket).get("KeyCount") == 0

    assert empty_and_delete_versioned_bucket(s3, vbucket) == 3000
    expect_error(lambda: s3.head_bucket(Bucket=vbucket), 404)
    assert vbucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]


def test_delete_bucket_holding_only_delete_markers_is_BucketNotEmpty(s3, vbucket):
    v = s3.put_object(Bucket=vbucket, Key="k", Body=b"x")["VersionId"]
    marker = s3.delete_object(Bucket=vbucket, Key="k")["VersionId"]
    s3.delete_object(Bucket=vbucket, Key="k", VersionId=v)
    expect_error(lambda: s3.delete_bucket(Bucket=vbucket), 409, "BucketNotEmpty")
    s3.delete_object(Bucket=vbucket, Key="k", VersionId=marker)
    assert http_status(s3.delete_bucket(Bucket=vbucket)) == 204


def test_delete_bucket_holding_only_noncurrent_versions_is_BucketNotEmpty(s3, vbucket):
    v = s3.put_object(Bucket=vbucket, Key="k", Body=b"x")["VersionId"]
    marker = s3.delete_object(Bucket=vbucket, Key="k")["VersionId"]
    s3.delete_object(Bucket=vbucket, Key="k", VersionId=marker)
    s3.put_object(Bucket=vbucket, Key="k2", Body=b"x")
    s3.delete_object(Bucket=vbucket, Key="k2")
    expect_error(lambda: s3.delete_bucket(Bucket=vbucket), 409, "BucketNotEmpty")
    s3.delete_object(Bucket=vbucket, Key="k", VersionId=v)
    expect_error(lambda: s3.delete_bucket(Bucket=vbucket), 409, "BucketNotEmpty")
