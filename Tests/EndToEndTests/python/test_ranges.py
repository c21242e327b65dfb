"""Range reads: 206 with Content-Range, suffix and open ranges, 416, and a 50 MiB object."""
import hashlib
import os
import random

import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status, md5_hex

SMALL = bytes(range(100))


@pytest.fixture
def small(s3, bucket):
    s3.put_object(Bucket=bucket, Key="small", Body=SMALL)
    return bucket


@pytest.mark.parametrize("header,start,end", [
    ("bytes=0-9", 0, 9),
    ("bytes=10-", 10, 99),
    ("bytes=-5", 95, 99),
    ("bytes=5-5", 5, 5),
    ("bytes=90-1000", 90, 99),   # end past the last byte is clipped
    ("bytes=0-99", 0, 99),
])
def test_get_with_single_range_returns_206_and_content_range(s3, small, header, start, end):
    got = s3.get_object(Bucket=small, Key="small", Range=header)
    assert http_status(got) == 206
    assert got["ContentRange"] == f"bytes {start}-{end}/100"
    assert got["ContentLength"] == end - start + 1
    assert got["Body"].read() == SMALL[start:end + 1]


@pytest.mark.parametrize("header", ["bytes=100-200", "bytes=1000-"])
def test_get_with_unsatisfiable_range_returns_416_InvalidRange(s3, small, header):
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=small, Key="small", Range=header)
    assert http_status(e.value) == 416
    assert error_code(e.value) == "InvalidRange"


def test_head_with_range_reports_partial_length(s3, small):
    head = s3.head_object(Bucket=small, Key="small", Range="bytes=10-19")
    assert head["ContentLength"] == 10
    assert http_status(head) == 206


def test_get_without_range_advertises_accept_ranges_bytes(s3, small):
    got = s3.get_object(Bucket=small, Key="small")
    assert got.get("AcceptRanges") == "bytes"


@pytest.fixture(scope="module")
def big(server):
    """One 50 MiB object, uploaded with a single PutObject."""
    s3 = server.client()
    bucket = f"big-{os.urandom(6).hex()}"
    s3.create_bucket(Bucket=bucket)
    data = os.urandom(50 * 1024 * 1024)
    put = s3.put_object(Bucket=bucket, Key="fifty", Body=data)
    assert put["ETag"] == f'"{md5_hex(data)}"'
    return bucket, data


def test_50mib_object_single_put_reads_back_whole(s3, big):
    bucket, data = big
    got = s3.get_object(Bucket=bucket, Key="fifty")
    assert got["ContentLength"] == len(data)
    body = got["Body"].read()
    assert len(body) == len(data)
    assert hashlib.md5(body).digest() == hashlib.md5(data).digest()


def test_50mib_object_read_by_ranges_matches_source(s3, big):
    bucket, data = big
    n = len(data)
    rng = random.Random(50)
    ranges = [(0, 0), (0, (1 << 20) - 1), ((8 << 20) - 100, (8 << 20) + 100), (n - 1, n - 1),
              ((25 << 20) + 7, (33 << 20) + 3)]
    ranges += [tuple(sorted(rng.sample(range(n), 2))) for _ in range(4)]
    for start, end in ranges:
        got = s3.get_object(Bucket=bucket, Key="fifty", Range=f"bytes={start}-{end}")
        assert http_status(got) == 206
        assert got["ContentRange"] == f"bytes {start}-{end}/{n}"
        assert got["Body"].read() == data[start:end + 1], (start, end)
    got = s3.get_object(Bucket=bucket, Key="fifty", Range="bytes=-4096")
    assert got["Body"].read() == data[-4096:]
