"""Multipart uploads, checksums over HTTPS (the SDKs' default aws-chunked + CRC trailer path) and
multipart error codes."""
import hashlib
import os
import re
import signal
import subprocess
import time

import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, make_client, run_cli, unique_bucket

MiB = 1024 * 1024
ALGORITHMS = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"]


def https_of(server):
    """(endpoint, certificate) of a server started with --tls-address."""
    log = server.log_path.read_text()
    endpoint = re.findall(r"https:\s+(https://\S+)", log)[-1]
    cert = re.findall(r"cert:\s+(\S+)", log)[-1]
    return endpoint, cert


@pytest.fixture
def tls_server(start_server):
    return start_server("tls", extra_args=("--tls-address", "127.0.0.1:0"))


@pytest.fixture
def tls_client(tls_server):
    """boto3 over HTTPS with its default checksum settings, trusting the generated certificate."""
    import boto3
    from botocore.config import Config
    endpoint, cert = https_of(tls_server)
    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint, region_name=tls_server.region, verify=cert,
        aws_access_key_id=tls_server.access_key, aws_secret_access_key=tls_server.secret_key,
        config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}))


def make_client_verify(server, **kw):
    return make_client(server.endpoint, server.access_key, server.secret_key, **kw)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_boto3_over_https_put_and_checked_get_for_each_algorithm(tls_client, algorithm):
    s3 = tls_client
    bucket = unique_bucket("tls")
    s3.create_bucket(Bucket=bucket)
    data = os.urandom(300_000)
    put = s3.put_object(Bucket=bucket, Key="obj", Body=data, ChecksumAlgorithm=algorithm)
    assert put[f"Checksum{algorithm}"]
    got = s3.get_object(Bucket=bucket, Key="obj", ChecksumMode="ENABLED")
    assert got["Body"].read() == data
    assert got[f"Checksum{algorithm}"] == put[f"Checksum{algorithm}"]


def test_boto3_over_https_default_put_uses_aws_chunked_crc32_trailer(tls_client):
    s3 = tls_client
    bucket = unique_bucket("tls")
    s3.create_bucket(Bucket=bucket)
    seen = {}
    def capture(request, **kw):
        for k, v in request.headers.items():
            seen[k.lower()] = v.decode() if isinstance(v, bytes) else v
    s3.meta.events.register("before-send.s3.PutObject", capture)
    s3.put_object(Bucket=bucket, Key="k", Body=b"hello world")
    assert seen.get("x-amz-content-sha256") == "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
    assert seen.get("x-amz-trailer") == "x-amz-checksum-crc32"
    got = s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got["Body"].read() == b"hello world"
    assert got["ChecksumCRC32"] == "DUoRhQ=="
    assert "ContentEncoding" not in got or "aws-chunked" not in got["ContentEncoding"]


def test_boto3_upload_file_multipart_and_download_file_round_trip_over_https(tls_client, tmp_path):
    s3 = tls_client
    bucket = unique_bucket("tls")
    s3.create_bucket(Bucket=bucket)
    src = tmp_path / "src.bin"
    src.write_bytes(os.urandom(23 * MiB))
    s3.upload_file(str(src), bucket, "big")
    head = s3.head_object(Bucket=bucket, Key="big", ChecksumMode="ENABLED")
    assert head["ETag"].strip('"').endswith("-3")
    assert head["ChecksumCRC32"].endswith("-3") and head["ChecksumType"] == "COMPOSITE"
    dst = tmp_path / "dst.bin"
    s3.download_file(bucket, "big", str(dst))
    assert hashlib.md5(dst.read_bytes()).digest() == hashlib.md5(src.read_bytes()).digest()
    part2 = s3.get_object(Bucket=bucket, Key="big", PartNumber=2)
    assert part2["ContentLength"] == 8 * MiB and part2["PartsCount"] == 3
    assert part2["Body"].read() == src.read_bytes()[8 * MiB:16 * MiB]


def test_aws_cli_over_https_copies_200_mib_up_and_down_and_syncs_500_files(tls_server, tmp_path):
    endpoint, cert = https_of(tls_server)
    env = tls_server.cli_env()
    bucket = unique_bucket("cli")

    def aws(*args):
        cmd = ["aws", "--endpoint-url", endpoint, "--ca-bundle", cert, *args]
        p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        assert p.returncode == 0, p.stderr
        return p.stdout

    aws("s3", "mb", f"s3://{bucket}")
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        for _ in range(200):
            f.write(os.urandom(MiB))
    aws("s3", "cp", str(big), f"s3://{bucket}/big.bin")
    back = tmp_path / "back.bin"
    aws("s3", "cp", f"s3://{bucket}/big.bin", str(back))
    assert hashlib.sha256(back.read_bytes()).digest() == hashlib.sha256(big.read_bytes()).digest()
    etag = aws("s3api", "head-object", "--bucket", bucket, "--key", "big.bin")
    assert re.search(r'-\d+\\?"', etag), etag  # multipart ETag

    tree = tmp_path / "tree"
    for i in range(500):
        d = tree / f"d{i % 10}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"f{i}.txt").write_text(f"file {i}\n")
    aws("s3", "sync", str(tree), f"s3://{bucket}/tree")
    listing = aws("s3", "ls", "--recursive", f"s3://{bucket}/tree/")
    assert len(listing.strip().splitlines()) == 500
    again = aws("s3", "sync", str(tree), f"s3://{bucket}/tree")
    assert again.strip() == ""


def test_multipart_error_codes_match_aws(server):
    s3 = make_client_verify(server)
    bucket = unique_bucket("mpu")
    s3.create_bucket(Bucket=bucket)
    up = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    small = s3.upload_part(Bucket=bucket, Key="k", UploadId=up, PartNumber=1, Body=b"a" * 100)["ETag"]
    last = s3.upload_part(Bucket=bucket, Key="k", UploadId=up, PartNumber=2, Body=b"b" * 100)["ETag"]

    def complete(parts):
        with pytest.raises(ClientError) as e:
            s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=up, MultipartUpload={"Parts": parts})
        return error_code(e.value)

    assert complete([{"PartNumber": 1, "ETag": small}, {"PartNumber": 2, "ETag": last}]) == "EntityTooSmall"
    assert complete([{"PartNumber": 2, "ETag": last}, {"PartNumber": 1, "ETag": small}]) == "InvalidPartOrder"
    assert complete([{"PartNumber": 3, "ETag": last}]) == "InvalidPart"
    assert complete([{"PartNumber": 1, "ETag": '"00000000000000000000000000000000"'}]) == "InvalidPart"
    with pytest.raises(ClientError) as e:
        s3.upload_part(Bucket=bucket, Key="k", UploadId="nope", PartNumber=1, Body=b"x")
    assert error_code(e.value) == "NoSuchUpload"
    with pytest.raises(ClientError) as e:
        s3.upload_part(Bucket=bucket, Key="k", UploadId=up, PartNumber=10001, Body=b"x")
    assert error_code(e.value) == "InvalidArgument"
    # A single small last part is fine.
    done = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=up,
                                        MultipartUpload={"Parts": [{"PartNumber": 2, "ETag": last}]})
    assert done["ETag"].strip('"').endswith("-1")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"b" * 100
    with pytest.raises(ClientError) as e:
        s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=up)
    assert error_code(e.value) == "NoSuchUpload"


def test_part_with_wrong_checksum_is_BadDigest_and_not_stored(server):
    s3 = make_client_verify(server)
    bucket = unique_bucket("mpu")
    s3.create_bucket(Bucket=bucket)
    up = s3.create_multipart_upload(Bucket=bucket, Key="k", ChecksumAlgorithm="SHA256")["UploadId"]
    wrong = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="  # sha256 of b"" , not of the body
    with pytest.raises(ClientError) as e:
        s3.upload_part(Bucket=bucket, Key="k", UploadId=up, PartNumber=1, Body=b"data", ChecksumSHA256=wrong)
    assert error_code(e.value) == "BadDigest"
    assert s3.list_parts(Bucket=bucket, Key="k", UploadId=up).get("Parts", []) == []


def test_multipart_composite_and_full_object_checksums_and_attributes(server):
    s3 = make_client_verify(server)
    bucket = unique_bucket("mpu")
    s3.create_bucket(Bucket=bucket)
    parts = [os.urandom(5 * MiB), os.urandom(1234)]
    for kind in ["COMPOSITE", "FULL_OBJECT"]:
        key = f"obj-{kind}"
        up = s3.create_multipart_upload(Bucket=bucket, Key=key, ChecksumAlgorithm="CRC32", ChecksumType=kind)["UploadId"]
        done = []
        for n, body in enumerate(parts, 1):
            r = s3.upload_part(Bucket=bucket, Key=key, UploadId=up, PartNumber=n, Body=body, ChecksumAlgorithm="CRC32")
            done.append({"PartNumber": n, "ETag": r["ETag"], "ChecksumCRC32": r["ChecksumCRC32"]})
        s3.complete_multipart_upload(Bucket=bucket, Key=key, UploadId=up, MultipartUpload={"Parts": done})
        attrs = s3.get_object_attributes(Bucket=bucket, Key=key,
                                         ObjectAttributes=["ETag", "Checksum", "ObjectParts", "ObjectSize", "StorageClass"])
        assert attrs["ObjectSize"] == sum(map(len, parts))
        assert attrs["ObjectParts"]["TotalPartsCount"] == 2
        assert attrs["Checksum"]["ChecksumType"] == kind
        value = attrs["Checksum"]["ChecksumCRC32"]
        if kind == "COMPOSITE":
            assert value.endswith("-2")
        else:
            import zlib, base64
            whole = zlib.crc32(b"".join(parts)).to_bytes(4, "big")
            assert value == base64.b64encode(whole).decode()
            got = s3.get_object(Bucket=bucket, Key=key, ChecksumMode="ENABLED")
            assert got["Body"].read() == b"".join(parts)


def test_interrupted_multipart_upload_is_listed_and_aborted_after_sigkill_restart(own_server):
    s3 = own_server.client()
    bucket = unique_bucket("mpu")
    s3.create_bucket(Bucket=bucket)
    up = s3.create_multipart_upload(Bucket=bucket, Key="interrupted")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="interrupted", UploadId=up, PartNumber=1, Body=os.urandom(MiB))
    own_server.stop(signal.SIGKILL)
    own_server.restart()
    s3 = own_server.client()
    uploads = s3.list_multipart_uploads(Bucket=bucket)["Uploads"]
    assert [(u["Key"], u["UploadId"]) for u in uploads] == [("interrupted", up)]
    assert [p["PartNumber"] for p in s3.list_parts(Bucket=bucket, Key="interrupted", UploadId=up)["Parts"]] == [1]
    s3.abort_multipart_upload(Bucket=bucket, Key="interrupted", UploadId=up)
    assert s3.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    # The part files are unlinked in the background soon after the abort is acknowledged.
    uploads_dir = own_server.data_dir / "uploads"
    deadline = time.time() + 10
    while True:
        leftovers = [p for p in uploads_dir.rglob("*") if p.is_file()] if uploads_dir.exists() else []
        if not leftovers or time.time() > deadline:
            break
        time.sleep(0.05)
    assert leftovers == []
    s3.delete_bucket(Bucket=bucket)


def test_upload_part_copy_with_range_and_list_paging(server):
    s3 = make_client_verify(server)
    bucket = unique_bucket("mpu")
    s3.create_bucket(Bucket=bucket)
    src = os.urandom(6 * MiB)
    s3.put_object(Bucket=bucket, Key="src", Body=src)
    up = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    r1 = s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=up, PartNumber=1,
                             CopySource={"Bucket": bucket, "Key": "src"}, CopySourceRange=f"bytes=0-{5 * MiB - 1}")
    r2 = s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=up, PartNumber=2,
                             CopySource={"Bucket": bucket, "Key": "src"}, CopySourceRange=f"bytes={5 * MiB}-{6 * MiB - 1}")
    page = s3.list_parts(Bucket=bucket, Key="dst", UploadId=up, MaxParts=1)
    assert page["IsTruncated"] and [p["PartNumber"] for p in page["Parts"]] == [1]
    page2 = s3.list_parts(Bucket=bucket, Key="dst", UploadId=up, PartNumberMarker=page["NextPartNumberMarker"])
    assert [p["PartNumber"] for p in page2["Parts"]] == [2]
    s3.complete_multipart_upload(Bucket=bucket, Key="dst", UploadId=up, MultipartUpload={"Parts": [
        {"PartNumber": 1, "ETag": r1["CopyPartResult"]["ETag"]}, {"PartNumber": 2, "ETag": r2["CopyPartResult"]["ETag"]}]})
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == src
    ids = [s3.create_multipart_upload(Bucket=bucket, Key=f"u{i}")["UploadId"] for i in range(3)]
    first = s3.list_multipart_uploads(Bucket=bucket, MaxUploads=2)
    assert first["IsTruncated"] and len(first["Uploads"]) == 2
    rest = s3.list_multipart_uploads(Bucket=bucket, KeyMarker=first["NextKeyMarker"], UploadIdMarker=first["NextUploadIdMarker"])
    assert [u["Key"] for u in first["Uploads"] + rest["Uploads"]] == ["u0", "u1", "u2"]
    for i, u in enumerate(ids):
        s3.abort_multipart_upload(Bucket=bucket, Key=f"u{i}", UploadId=u)
