"""Awkward keys round-trip through put/get/head/delete and list correctly (encoding-type=url)."""
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

from pail_e2e import quote_key, signed_request, unique_bucket, xml_children, xml_text

KEYS = [
    "with space",
    "plus+sign",
    "both +and space",
    "percent%25literal",
    "per%cent",
    "dbl//slash",
    "../x",
    "a/../b",
    "..",
    "./dot",
    "trailing/",
    "unicode-é-日本語-🎉",
    "tilde~and!bang",
    "semi;colon,comma",
    "amp&eq=question?hash#",
    "quote\"apos'",
    "lt<gt>",
    "tab\there",
    "dir/sub dir/file name.txt",
    "x" * 1000,
]


@pytest.fixture(scope="module")
def keyed(server):
    s3 = server.client()
    bucket = unique_bucket("keys")
    s3.create_bucket(Bucket=bucket)
    for k in KEYS:
        s3.put_object(Bucket=bucket, Key=k, Body=k.encode())
    return bucket


@pytest.mark.parametrize("key", KEYS, ids=[f"k{i}" for i in range(len(KEYS))])
def test_awkward_key_round_trips_through_get_and_head(s3, keyed, key):
    assert s3.get_object(Bucket=keyed, Key=key)["Body"].read() == key.encode()
    assert s3.head_object(Bucket=keyed, Key=key)["ContentLength"] == len(key.encode())


def test_list_v2_returns_every_awkward_key_exactly(s3, keyed):
    # botocore asks for encoding-type=url and decodes with unquote_plus: a '+' must arrive as %2B.
    resp = s3.list_objects_v2(Bucket=keyed)
    assert [c["Key"] for c in resp["Contents"]] == sorted(KEYS, key=lambda k: k.encode())


def test_list_v1_returns_every_awkward_key_exactly(s3, keyed):
    resp = s3.list_objects(Bucket=keyed)
    assert [c["Key"] for c in resp["Contents"]] == sorted(KEYS, key=lambda k: k.encode())


def test_list_with_delimiter_rolls_up_awkward_prefixes(s3, keyed):
    resp = s3.list_objects_v2(Bucket=keyed, Delimiter="/")
    expected_prefixes = sorted({k[:k.index("/") + 1] for k in KEYS if "/" in k}, key=lambda p: p.encode())
    assert [p["Prefix"] for p in resp.get("CommonPrefixes", [])] == expected_prefixes
    assert [c["Key"] for c in resp["Contents"]] == sorted((k for k in KEYS if "/" not in k),
                                                          key=lambda k: k.encode())
    inner = s3.list_objects_v2(Bucket=keyed, Prefix="dbl/", Delimiter="/")
    assert [p["Prefix"] for p in inner.get("CommonPrefixes", [])] == ["dbl//"]


def test_list_with_awkward_prefix_finds_matching_keys(s3, keyed):
    for prefix in ("plus+", "with ", "unicode-é", "../", "per%"):
        resp = s3.list_objects_v2(Bucket=keyed, Prefix=prefix)
        assert [c["Key"] for c in resp.get("Contents", [])] == sorted(
            (k for k in KEYS if k.startswith(prefix)), key=lambda k: k.encode()), prefix


def test_list_v2_raw_encoding_type_url_percent_encodes_keys_and_plus(server, keyed):
    resp = signed_request(server, "GET", f"/{keyed}?encoding-type=url&list-type=2&prefix=plus%2B")
    assert resp.status == 200
    root = ET.fromstring(resp.body)
    assert xml_text(root, "EncodingType") == "url"
    raw_keys = [xml_text(c, "Key") for c in xml_children(root, "Contents")]
    assert raw_keys == ["plus%2Bsign"]
    assert urllib.parse.unquote(xml_text(root, "Prefix")) == "plus+"


def test_list_v2_raw_encoding_type_url_keys_decode_to_originals(server, keyed):
    resp = signed_request(server, "GET", f"/{keyed}?encoding-type=url&list-type=2")
    root = ET.fromstring(resp.body)
    raw_keys = [xml_text(c, "Key") for c in xml_children(root, "Contents")]
    assert all(" " not in k and "+" not in k for k in raw_keys), raw_keys
    assert [urllib.parse.unquote(k) for k in raw_keys] == sorted(KEYS, key=lambda k: k.encode())


def test_raw_get_with_single_encoded_path_finds_key(server, keyed):
    for key in ("with space", "plus+sign", "unicode-é-日本語-🎉", "per%cent"):
        resp = signed_request(server, "GET", f"/{keyed}/{quote_key(key)}")
        assert resp.status == 200, (key, resp.body[:300])
        assert resp.body == key.encode()


def test_delete_awkward_keys_removes_exactly_them(s3, server):
    bucket = unique_bucket("keydel")
    s3.create_bucket(Bucket=bucket)
    for k in KEYS:
        s3.put_object(Bucket=bucket, Key=k, Body=b"x")
    for k in KEYS[::2]:
        s3.delete_object(Bucket=bucket, Key=k)
    left = [c["Key"] for c in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert left == sorted(KEYS[1::2], key=lambda k: k.encode())
