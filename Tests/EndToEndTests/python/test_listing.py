"""Listing 2500 keys: V1 and V2, pages with and without a delimiter, compared to a model."""
from concurrent.futures import ThreadPoolExecutor
import xml.etree.ElementTree as ET

import pytest

from pail_e2e import signed_request, unique_bucket, xml_children, xml_text

N = 2500


def make_keys():
    keys = []
    for i in range(N):
        if i % 10 == 0:
            keys.append(f"root-{i:04d}")
        else:
            keys.append(f"d{i % 5}/s{i % 4}/k{i:04d}")
    return keys


KEYS = make_keys()


def model(prefix="", delimiter=None, after=""):
    """Ordered entries S3 would list: ('key', k) or ('prefix', p), strictly after `after`."""
    entries, seen = [], set()
    for k in sorted(KEYS, key=lambda s: s.encode()):
        if not k.startswith(prefix):
            continue
        if delimiter:
            rest = k[len(prefix):]
            cut = rest.find(delimiter)
            if cut >= 0:
                p = prefix + rest[:cut + len(delimiter)]
                if p not in seen and p > after:
                    seen.add(p)
                    entries.append(("prefix", p))
                continue
        if k > after:
            entries.append(("key", k))
    return entries


def page_entries(resp):
    keys = [("key", c["Key"]) for c in resp.get("Contents", [])]
    prefixes = [("prefix", p["Prefix"]) for p in resp.get("CommonPrefixes", [])]
    return sorted(keys + prefixes, key=lambda e: e[1].encode())


@pytest.fixture(scope="module")
def listed(server):
    s3 = server.client()
    bucket = unique_bucket("list")
    s3.create_bucket(Bucket=bucket)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: s3.put_object(Bucket=bucket, Key=k, Body=k.encode()), KEYS))
    return bucket


def test_model_sanity():
    assert len(model()) == N
    assert [e for e in model(delimiter="/") if e[0] == "prefix"] == [("prefix", f"d{i}/") for i in range(5)]


def paginate_v2(s3, bucket, max_keys, **kw):
    pages, token = [], None
    while True:
        args = dict(Bucket=bucket, MaxKeys=max_keys, **kw)
        if token:
            args["ContinuationToken"] = token
        resp = s3.list_objects_v2(**args)
        pages.append(resp)
        assert len(pages) < 100, "pagination does not end"
        if not resp["IsTruncated"]:
            assert "NextContinuationToken" not in resp
            return pages
        token = resp["NextContinuationToken"]
        assert token


def paginate_v1(s3, bucket, max_keys, **kw):
    pages, marker = [], None
    while True:
        args = dict(Bucket=bucket, MaxKeys=max_keys, **kw)
        if marker:
            args["Marker"] = marker
        resp = s3.list_objects(**args)
        pages.append(resp)
        assert len(pages) < 100, "pagination does not end"
        if not resp["IsTruncated"]:
            return pages
        if "Delimiter" in kw:
            marker = resp["NextMarker"]  # V1 sends NextMarker only when a delimiter was given
        else:
            marker = resp["Contents"][-1]["Key"]


def check_pages(pages, expected, max_keys, v2):
    got = []
    for i, page in enumerate(pages):
        entries = page_entries(page)
        assert len(entries) <= max_keys
        if i < len(pages) - 1:
            assert len(entries) == max_keys, f"page {i} short while truncated"
            assert page["IsTruncated"] is True
        if v2:
            assert page["KeyCount"] == len(entries)
        got += entries
    assert got == expected


@pytest.mark.parametrize("max_keys", [1000, 777])
def test_list_v2_2500_keys_without_delimiter_pages_match_model(s3, listed, max_keys):
    pages = paginate_v2(s3, listed, max_keys)
    assert len(pages) == -(-N // max_keys)
    check_pages(pages, model(), max_keys, v2=True)


def test_list_v2_default_max_keys_is_1000(s3, listed):
    resp = s3.list_objects_v2(Bucket=listed)
    assert resp["MaxKeys"] == 1000
    assert resp["KeyCount"] == 1000
    assert resp["IsTruncated"] is True


def test_list_v2_with_delimiter_at_root_rolls_up_prefixes_and_pages(s3, listed):
    pages = paginate_v2(s3, listed, 100, Delimiter="/")
    expected = model(delimiter="/")
    assert len(expected) == 5 + N // 10
    check_pages(pages, expected, 100, v2=True)
    assert all(p.get("Delimiter") == "/" for p in pages)


def test_list_v2_with_prefix_and_delimiter_pages_common_prefixes(s3, listed):
    pages = paginate_v2(s3, listed, 3, Prefix="d1/", Delimiter="/")
    check_pages(pages, model(prefix="d1/", delimiter="/"), 3, v2=True)
    assert pages[0]["Prefix"] == "d1/"


def test_list_v2_with_prefix_only_returns_that_subtree(s3, listed):
    pages = paginate_v2(s3, listed, 1000, Prefix="d3/s2/")
    check_pages(pages, model(prefix="d3/s2/"), 1000, v2=True)


def test_list_v2_start_after_skips_keys_up_to_it(s3, listed):
    after = "d2/s1/k1000"  # need not exist
    pages = paginate_v2(s3, listed, 500, StartAfter=after)
    check_pages(pages, model(after=after), 500, v2=True)
    assert pages[0]["StartAfter"] == after


def test_list_v2_with_prefix_matching_nothing_returns_empty(s3, listed):
    resp = s3.list_objects_v2(Bucket=listed, Prefix="zzz/")
    assert resp["KeyCount"] == 0
    assert "Contents" not in resp
    assert resp["IsTruncated"] is False


def test_list_v2_entries_carry_size_etag_and_last_modified(s3, listed):
    resp = s3.list_objects_v2(Bucket=listed, Prefix="root-00")
    for c in resp["Contents"]:
        assert c["Size"] == len(c["Key"])
        head = s3.head_object(Bucket=listed, Key=c["Key"])
        assert c["ETag"] == head["ETag"]
        # the listing may carry milliseconds, the Last-Modified header only seconds
        assert c["LastModified"].replace(microsecond=0) == head["LastModified"]
        assert c.get("StorageClass") == "STANDARD"


def test_list_v2_fetch_owner_adds_owner_only_when_asked(s3, listed):
    without = s3.list_objects_v2(Bucket=listed, MaxKeys=5)
    assert all("Owner" not in c for c in without["Contents"])
    with_owner = s3.list_objects_v2(Bucket=listed, MaxKeys=5, FetchOwner=True)
    assert all(c.get("Owner", {}).get("ID") for c in with_owner["Contents"])


@pytest.mark.parametrize("max_keys", [1000, 333])
def test_list_v1_2500_keys_without_delimiter_pages_by_last_key(s3, listed, max_keys):
    pages = paginate_v1(s3, listed, max_keys)
    check_pages(pages, model(), max_keys, v2=False)


def test_list_v1_with_delimiter_pages_by_next_marker(s3, listed):
    pages = paginate_v1(s3, listed, 100, Delimiter="/")
    check_pages(pages, model(delimiter="/"), 100, v2=False)


def test_list_v1_with_prefix_delimiter_and_marker_matches_model(s3, listed):
    pages = paginate_v1(s3, listed, 2, Prefix="d4/", Delimiter="/")
    check_pages(pages, model(prefix="d4/", delimiter="/"), 2, v2=False)
    resp = s3.list_objects(Bucket=listed, Prefix="d4/s0/", Marker="d4/s0/k1500")
    assert page_entries(resp) == model(prefix="d4/s0/", after="d4/s0/k1500")
    assert resp["Marker"] == "d4/s0/k1500"


def test_list_v1_entries_include_owner(s3, listed):
    resp = s3.list_objects(Bucket=listed, MaxKeys=3)
    assert all(c.get("Owner", {}).get("ID") for c in resp["Contents"])


def test_list_v2_raw_xml_without_encoding_type_has_namespace_and_plain_keys(server, listed):
    resp = signed_request(server, "GET", f"/{listed}?list-type=2&max-keys=2&prefix=d1%2F")
    assert resp.status == 200
    root = ET.fromstring(resp.body)
    assert root.tag == "{http://s3.amazonaws.com/doc/2006-03-01/}ListBucketResult"
    assert xml_text(root, "Name") == listed
    assert xml_text(root, "Prefix") == "d1/"
    assert xml_text(root, "KeyCount") == "2"
    keys = [xml_text(c, "Key") for c in xml_children(root, "Contents")]
    assert keys == [k for _, k in model(prefix="d1/")[:2]]
    assert xml_text(root, "EncodingType") is None
