"""Versioning checked against a Python model of AWS S3's documented semantics.

1. ListObjectVersions with a delimiter over a few thousand (key x version) entries, paged at several
   max-keys: the concatenated pages must equal the model's listing (keys in UTF-8 byte order, newest
   version first within a key, each CommonPrefix once, CommonPrefixes counted toward max-keys).
2. Seeded random sequences of put / delete / delete-version / suspend / re-enable: after every step
   the touched key's GET and the full ListObjectVersions; every 10 steps also every key's GET, a GET by
   version id, ListObjectsV2 and GetBucketVersioning.

The model: user guide "Working with delete markers", "Adding objects to versioning-suspended buckets",
"Deleting objects from versioning-suspended buckets", "Deleting object versions from a
versioning-enabled bucket"; API reference ListObjectVersions.
"""
from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

import pytest
from botocore.exceptions import ClientError

from pail_e2e import error_code, http_status, md5_hex, signed_request, strip_ns, unique_bucket, xml_text

URL_SAFE = re.compile(r"^[A-Za-z0-9._~-]{1,1024}$")


# ---------------------------------------------------------------------------------------------
# Raw ListObjectVersions (boto3 separates Version and DeleteMarker entries and loses their order)
# ---------------------------------------------------------------------------------------------
def list_versions_page(server, bucket, params: dict):
    query = {"versions": None, **{k: v for k, v in params.items() if v is not None}}
    q = "&".join(quote(k, safe="-_.~") if v is None else f"{quote(k, safe='-_.~')}={quote(str(v), safe='-_.~')}"
                 for k, v in sorted(query.items()))
    resp = signed_request(server, "GET", f"/{bucket}?{q}")
    assert resp.status == 200, (resp.status, resp.body[:1000])
    root = ET.fromstring(resp.body)
    entries, prefixes, fields = [], [], {}
    for child in root:
        tag = strip_ns(child.tag)
        if tag in ("Version", "DeleteMarker"):
            etag = xml_text(child, "ETag") if tag == "Version" else None
            entries.append((tag, xml_text(child, "Key"), xml_text(child, "VersionId"),
                            xml_text(child, "IsLatest") == "true", etag))
        elif tag == "CommonPrefixes":
            prefixes.append(xml_text(child, "Prefix"))
        else:
            fields[tag] = child.text or ""
    return entries, prefixes, fields


def list_all(server, bucket, *, prefix=None, delimiter=None, max_keys=None):
    """All pages; returns (entries, prefixes, merged items in key order page by page, page count)."""
    entries, prefixes, merged = [], [], []
    key_marker = vid_marker = None
    pages = 0
    while True:
        page_entries, page_prefixes, fields = list_versions_page(server, bucket, {
            "prefix": prefix, "delimiter": delimiter, "max-keys": max_keys,
            "key-marker": key_marker, "version-id-marker": vid_marker})
        pages += 1
        assert pages < 20_000, "listing does not end"
        if max_keys is not None:
            assert len(page_entries) + len(page_prefixes) <= max_keys, \
                f"page of {len(page_entries)}+{len(page_prefixes)} items at max-keys {max_keys}"
        entries += page_entries
        prefixes += page_prefixes
        merged += merge(page_entries, page_prefixes)
        if fields.get("IsTruncated") != "true":
            return entries, prefixes, merged, pages
        assert page_entries or page_prefixes, "truncated page with nothing in it"
        key_marker = fields.get("NextKeyMarker")
        vid_marker = fields.get("NextVersionIdMarker")
        assert key_marker, f"truncated page without NextKeyMarker: {fields}"


def merge(entries, prefixes):
    """Entries (kept in their order) and CommonPrefixes merged into one key-ordered sequence."""
    items = [((e[1].encode(), 1, i), ("E",) + e) for i, e in enumerate(entries)]
    items += [((p.encode(), 0, 0), ("P", p)) for p in prefixes]
    return [item for _, item in sorted(items, key=lambda t: t[0])]


def expected_listing(model: dict, prefix: str = "", delimiter: str | None = None):
    """model: key -> [(kind, version id, etag or None)] newest first."""
    entries, prefixes = [], []
    for key in sorted(model, key=lambda k: k.encode()):
        if not key.startswith(prefix) or not model[key]:
            continue
        if delimiter:
            rest = key[len(prefix):]
            i = rest.find(delimiter)
            if i >= 0:
                cp = prefix + rest[:i + len(delimiter)]
                if not prefixes or prefixes[-1] != cp:
                    prefixes.append(cp)
                continue
        for n, (kind, vid, etag) in enumerate(model[key]):
            entries.append((kind, key, vid, n == 0, etag))
    return entries, prefixes


def first_difference(got, want):
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return f"first difference at {i}: got {g!r}, want {w!r}"
    return f"lengths differ: got {len(got)}, want {len(want)}" + (
        f"; extra got {got[len(want):len(want) + 3]!r}" if len(got) > len(want) else
        f"; missing {want[len(got):len(got) + 3]!r}")


# ---------------------------------------------------------------------------------------------
# 1. ListObjectVersions paging over a large versioned bucket
# ---------------------------------------------------------------------------------------------
# "e-1/" sorts before "e/" ('-' < '/'); "～" (U+FF5E) sorts before "😀" in UTF-8 and code point order
# but after it in UTF-16 order; "#" is the delimiter of the big listing and sorts before letters.
PREFIXES = ["alpha/", "Beta/", "e-1/", "e/", "δέλτα/", "z～/"]
NAME_FORMS = ["k{i:03d}", "g{g}#k{i:03d}", "ü{i:03d}", "～{i:03d}", "😀{i:03d}", "Z{i:03d}", "g{g}#x#{i:03d}",
              "a b+{i:03d}"]


@pytest.fixture(scope="module")
def big(server):
    s3 = server.client()
    bucket = unique_bucket("vbig")
    s3.create_bucket(Bucket=bucket)
    rng = random.Random(20240611)
    keys = []
    for p, pfx in enumerate(PREFIXES):
        for i in range(100):
            form = NAME_FORMS[(i + p) % len(NAME_FORMS)]
            keys.append(pfx + form.format(i=i, g=(i // 8) % 5))
    keys += [f"top{i}" for i in range(12)] + ["top#1#a", "top#1#b"]
    assert len(set(keys)) == len(keys)

    # a quarter of the keys get a null version before versioning is enabled
    pre = set(rng.sample(keys, len(keys) // 4))
    plans = {}
    for key in keys:
        puts = rng.randint(1, 6) - (1 if key in pre else 0)
        ops = ["put"] * puts
        for _ in range(rng.choices([0, 1, 2], [3, 4, 3])[0]):
            ops.insert(rng.randint(0, len(ops)), "delete")
        drop = rng.random() < 0.12
        plans[key] = (ops, drop, rng.random())

    clients = [server.client() for _ in range(8)]

    def write_pre(args):
        n, key = args
        clients[n % 8].put_object(Bucket=bucket, Key=key, Body=f"{key}:null".encode())

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write_pre, enumerate(sorted(pre))))
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})

    def run(args):
        n, key = args
        c = clients[n % 8]
        history = [("Version", "null", f'"{md5_hex(f"{key}:null".encode())}"')] if key in pre else []
        ops, drop, pick = plans[key]
        for j, op in enumerate(ops):
            if op == "put":
                data = f"{key}:{j}".encode()
                vid = c.put_object(Bucket=bucket, Key=key, Body=data)["VersionId"]
                history.insert(0, ("Version", vid, f'"{md5_hex(data)}"'))
            else:
                r = c.delete_object(Bucket=bucket, Key=key)
                assert r.get("DeleteMarker") is True
                history.insert(0, ("DeleteMarker", r["VersionId"], None))
        if drop and len(history) >= 2:  # permanently delete one version or marker by id
            victim = history[int(pick * len(history))]
            c.delete_object(Bucket=bucket, Key=key, VersionId=victim[1])
            history.remove(victim)
        return key, history

    with ThreadPoolExecutor(8) as pool:
        model = dict(pool.map(run, enumerate(keys)))
    total = sum(len(h) for h in model.values())
    assert total >= 2500, total
    return bucket, model


@pytest.mark.parametrize("max_keys", [1, 7, 100, 1000])
def test_big_listing_with_delimiter_pages_to_the_model(server, big, max_keys):
    bucket, model = big
    want_entries, want_prefixes = expected_listing(model, "", "#")
    assert len(want_entries) >= 2000 and len(want_prefixes) >= 20
    entries, prefixes, merged, pages = list_all(server, bucket, delimiter="#", max_keys=max_keys)
    assert entries == want_entries, first_difference(entries, want_entries)
    assert prefixes == want_prefixes, first_difference(prefixes, want_prefixes)
    want_merged = merge([e for e in want_entries], want_prefixes)
    assert merged == want_merged, first_difference(merged, want_merged)
    assert pages >= (len(want_entries) + len(want_prefixes)) // max_keys


@pytest.mark.parametrize("max_keys", [1, 7, 1000])
def test_big_listing_top_level_slash_delimiter(server, big, max_keys):
    bucket, model = big
    want_entries, want_prefixes = expected_listing(model, "", "/")
    assert want_prefixes == sorted(PREFIXES, key=lambda p: p.encode())
    entries, prefixes, merged, _ = list_all(server, bucket, delimiter="/", max_keys=max_keys)
    assert entries == want_entries, first_difference(entries, want_entries)
    assert prefixes == want_prefixes, first_difference(prefixes, want_prefixes)
    assert merged == merge(want_entries, want_prefixes)


@pytest.mark.parametrize("prefix,delimiter,max_keys", [("e", None, 7), ("e", "/", 1), ("alpha/", "#", 3),
                                                       ("z～/", "#", 100), ("δέλτα/g1", "#", 2)])
def test_big_listing_with_prefix(server, big, prefix, delimiter, max_keys):
    bucket, model = big
    want_entries, want_prefixes = expected_listing(model, prefix, delimiter)
    assert want_entries or want_prefixes
    entries, prefixes, merged, _ = list_all(server, bucket, prefix=prefix, delimiter=delimiter, max_keys=max_keys)
    assert entries == want_entries, first_difference(entries, want_entries)
    assert prefixes == want_prefixes, first_difference(prefixes, want_prefixes)
    assert merged == merge(want_entries, want_prefixes)


def test_big_listing_without_delimiter_and_boto3_paginator(server, big):
    bucket, model = big
    want_entries, _ = expected_listing(model)
    entries, prefixes, _, _ = list_all(server, bucket, max_keys=1000)
    assert entries == want_entries, first_difference(entries, want_entries)
    assert prefixes == []
    s3 = server.client()
    got = []
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, PaginationConfig={"PageSize": 250}):
        got += [(v["Key"], v["VersionId"]) for v in page.get("Versions", []) + page.get("DeleteMarkers", [])]
    assert sorted(got) == sorted((e[1], e[2]) for e in want_entries)
    # ListObjectsV2: keys whose newest entry is a version, in byte order
    current = [k for k in sorted(model, key=lambda k: k.encode()) if model[k] and model[k][0][0] == "Version"]
    listed = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 333}):
        listed += [(c["Key"], c["ETag"]) for c in page.get("Contents", [])]
    assert listed == [(k, model[k][0][2]) for k in current], first_difference(listed, [(k, model[k][0][2]) for k in current])


# ---------------------------------------------------------------------------------------------
# 2. Random operation sequences against the model
# ---------------------------------------------------------------------------------------------
KEYS = ["a", "b", "c/d", "c/e", "f g", "ü"]


class Model:
    def __init__(self):
        self.status = None  # never set, "Enabled" or "Suspended"
        self.keys = {k: [] for k in KEYS}  # newest first: dicts kind, vid, data

    def drop_null(self, key):
        self.keys[key] = [e for e in self.keys[key] if e["vid"] != "null"]


def check_key(s3, bucket, model, key, ctx):
    hist = model.keys[key]
    if hist and hist[0]["kind"] == "Version":
        got = s3.get_object(Bucket=bucket, Key=key)
        assert got["Body"].read() == hist[0]["data"], f"{ctx}: GET {key!r} content"
        if hist[0]["vid"] != "null":
            assert got.get("VersionId") == hist[0]["vid"], f"{ctx}: GET {key!r} version id"
    else:
        with pytest.raises(ClientError) as e:
            s3.get_object(Bucket=bucket, Key=key)
        assert http_status(e.value) == 404 and error_code(e.value) == "NoSuchKey", f"{ctx}: GET {key!r}"
        marker = e.value.response["ResponseMetadata"]["HTTPHeaders"].get("x-amz-delete-marker")
        assert (marker == "true") == bool(hist), f"{ctx}: GET {key!r} x-amz-delete-marker {marker!r}"


def check_versions(server, bucket, model, ctx):
    snapshot = {k: [(e["kind"], e["vid"], f'"{md5_hex(e["data"])}"' if e["kind"] == "Version" else None)
                    for e in h] for k, h in model.keys.items()}
    want, _ = expected_listing(snapshot)
    got, prefixes, _, _ = list_all(server, bucket)
    assert got == want, f"{ctx}: ListObjectVersions: {first_difference(got, want)}"
    assert prefixes == []


def check_all(server, s3, bucket, model, rng, ctx):
    for key in KEYS:
        check_key(s3, bucket, model, key, ctx)
    check_versions(server, bucket, model, ctx)
    v2 = s3.list_objects_v2(Bucket=bucket)
    listed = [(c["Key"], c["ETag"], c["Size"]) for c in v2.get("Contents", [])]
    current = [(k, f'"{md5_hex(h[0]["data"])}"', len(h[0]["data"]))
               for k, h in sorted(model.keys.items(), key=lambda kv: kv[0].encode()) if h and h[0]["kind"] == "Version"]
    assert listed == current, f"{ctx}: ListObjectsV2: {first_difference(listed, current)}"
    versions = [(k, e) for k, h in model.keys.items() for e in h if e["kind"] == "Version"]
    if versions:
        key, e = rng.choice(versions)
        got = s3.get_object(Bucket=bucket, Key=key, VersionId=e["vid"])
        assert got["Body"].read() == e["data"], f"{ctx}: GET {key!r} versionId={e['vid']}"
    status = s3.get_bucket_versioning(Bucket=bucket).get("Status")
    assert status == model.status, f"{ctx}: versioning status {status!r}"


def step(s3, bucket, model, rng, seed, n):
    """One random operation applied to the server and the model; returns (context, key touched)."""
    ops = ["put"] * 8 + ["delete"] * 4 + ["delete-version"] * 5 + ["suspend", "enable"]
    op = rng.choice(ops)
    key = rng.choice(KEYS)
    entries = [(k, e) for k, h in model.keys.items() for e in h]
    if op == "delete-version" and not entries:
        op = "put"
    ctx = f"seed {seed} step {n} {op}"
    if op == "put":
        data = f"{seed}/{n}/{key}".encode() * rng.randint(1, 4)
        r = s3.put_object(Bucket=bucket, Key=key, Body=data)
        if model.status == "Enabled":
            vid = r.get("VersionId")
            assert vid and URL_SAFE.match(vid) and vid != "null", f"{ctx}: version id {vid!r}"
            assert all(e["vid"] != vid for h in model.keys.values() for e in h), f"{ctx}: reused id {vid}"
        else:
            vid = "null"
            assert r.get("VersionId") in (None, "null"), f"{ctx}: {r.get('VersionId')!r}"
            model.drop_null(key)
        model.keys[key].insert(0, {"kind": "Version", "vid": vid, "data": data})
    elif op == "delete":
        r = s3.delete_object(Bucket=bucket, Key=key)
        assert http_status(r) == 204
        if model.status == "Enabled":
            vid = r.get("VersionId")
            assert r.get("DeleteMarker") is True, f"{ctx}: {r}"
            assert vid and URL_SAFE.match(vid) and vid != "null", f"{ctx}: marker id {vid!r}"
            model.keys[key].insert(0, {"kind": "DeleteMarker", "vid": vid, "data": None})
        elif model.status == "Suspended":
            assert r.get("DeleteMarker") is True and r.get("VersionId") == "null", f"{ctx}: {r}"
            model.drop_null(key)
            model.keys[key].insert(0, {"kind": "DeleteMarker", "vid": "null", "data": None})
        else:
            assert not r.get("DeleteMarker"), f"{ctx}: {r}"
            model.drop_null(key)
    elif op == "delete-version":
        key, e = rng.choice(entries)
        r = s3.delete_object(Bucket=bucket, Key=key, VersionId=e["vid"])
        assert http_status(r) == 204
        if e["vid"] == "null" and model.status is None:
            assert r.get("VersionId") in (None, "null"), f"{ctx}: {r}"
        else:
            assert r.get("VersionId") == e["vid"], f"{ctx}: {r}"
        assert bool(r.get("DeleteMarker")) == (e["kind"] == "DeleteMarker"), f"{ctx}: {r}"
        model.keys[key].remove(e)
    elif op == "suspend":
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Suspended"})
        model.status = "Suspended"
    else:
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        model.status = "Enabled"
    return ctx, key


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_versioning_sequence_matches_the_model(server, seed):
    s3 = server.client()
    bucket = unique_bucket(f"vmodel{seed}")
    s3.create_bucket(Bucket=bucket)
    rng = random.Random(seed)
    model = Model()
    for n in range(300):
        ctx, key = step(s3, bucket, model, rng, seed, n)
        # every step: the touched key's GET and the whole version listing; every 10th: everything
        if n % 10 == 9 or n == 299:
            check_all(server, s3, bucket, model, rng, ctx)
        else:
            check_key(s3, bucket, model, key, ctx)
            check_versions(server, bucket, model, ctx)
    assert model.status is not None
