"""The README's Stalwart and Dovecot configurations, pointed at a real `pail`.

Neither mail server can be installed here (Debian has no Stalwart package, and Dovecot's obox
plugin is Dovecot Pro only), so these tests do not run the servers themselves: they read each
configuration block from README.md and replay the S3 requests that server makes with exactly those
settings (endpoint, bucket, credentials, key prefix, signature version, retries, timeouts), with
boto3 signing as each server signs. A README block edited into settings Pail cannot serve fails here.

Stalwart (crates/store/src/backend/s3 in its source; https://stalw.art/docs/storage/backends/s3):
path-style SigV4 from `region` + `endpoint`, blobs named `key-prefix` + base32 of the blob's hash,
PUT, HEAD after the write (`verifyAfterWrite`), GET and ranged GET, DELETE (404 on GET means the
blob is gone); `session-token` for temporary keys.

Dovecot obox (https://doc.dovecot.org/configuration_manual/mail_location/obox/s3/): the URL after
`s3:` in `obox_fs` carries the credentials and `?bucket=`; SigV2 by default, SigV4 once `region` is
given. Requests: PUT with x-amz-meta-* headers, GET, HEAD, copy with REPLACE, prefix listing with
`marker` paging, and `POST /bucket?delete` (Content-MD5) of up to `bulk_delete_limit` keys."""
from __future__ import annotations

import base64
import hashlib
import re
import tomllib
import urllib.parse
import uuid

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pail_e2e import PACKAGE_ROOT

README = (PACKAGE_ROOT / "README.md").read_text()
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
README_ENDPOINT = "http://127.0.0.1:9000"


def mail_block(lang: str) -> str:
    m = re.search(r"^## Mail servers\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert m, "README.md has no '## Mail servers' section"
    found = [body for tag, body in FENCE.findall(m.group(1)) if tag == lang]
    assert len(found) == 1, f"expected one ```{lang} block under '## Mail servers', found {len(found)}"
    return found[0]


def seconds(value: str) -> float:
    m = re.fullmatch(r"(\d+)(ms|s|m)?", value)
    assert m, value
    return int(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, None: 1}[m.group(2)]


def recorder(client) -> list[str]:
    """The Authorization header of every request the client sends, to prove how it signed."""
    seen: list[str] = []

    def record(request, **_):
        value = request.headers.get("Authorization", "")
        seen.append(value.decode() if isinstance(value, bytes) else value)

    client.meta.events.register("before-send.s3", record)
    return seen


def ensure_bucket(server, name: str) -> None:
    s3 = server.client()
    try:
        s3.create_bucket(Bucket=name)
    except ClientError as e:
        assert e.response["Error"]["Code"] == "BucketAlreadyOwnedByYou"


# ------------------------------------------------------------------------------------------------
# Stalwart
# ------------------------------------------------------------------------------------------------
def stalwart_settings() -> dict:
    config = tomllib.loads(mail_block("toml"))
    assert config["storage"]["blob"] == "s3", "the blob store must name the S3 store"
    store = config["store"]["s3"]
    assert store["type"] == "s3"
    assert store["endpoint"] == README_ENDPOINT
    return store


def stalwart_client(server, store: dict, access_key: str, secret_key: str, session_token: str | None = None):
    cfg = Config(region_name=store["region"], signature_version="s3v4", s3={"addressing_style": "path"},
                 retries={"total_max_attempts": store["max-retries"] + 1, "mode": "standard"},
                 read_timeout=seconds(store["timeout"]), connect_timeout=seconds(store["timeout"]))
    return boto3.session.Session().client("s3", endpoint_url=store["endpoint"].replace(README_ENDPOINT, server.endpoint),
                                          aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                                          aws_session_token=session_token, region_name=store["region"], config=cfg)


def stalwart_round(s3, store: dict) -> None:
    """What Stalwart does with one message blob: store, verify, read, read a range, delete."""
    blob = b"From: a@example.com\r\nSubject: hi\r\n\r\n" + uuid.uuid4().bytes * 2000
    name = base64.b32encode(hashlib.sha256(blob).digest()).decode().rstrip("=").lower()
    key = store["key-prefix"] + name
    bucket = store["bucket"]
    s3.put_object(Bucket=bucket, Key=key, Body=blob)
    assert s3.head_object(Bucket=bucket, Key=key)["ContentLength"] == len(blob)      # verifyAfterWrite
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == blob
    part = s3.get_object(Bucket=bucket, Key=key, Range="bytes=10-99")
    assert part["ResponseMetadata"]["HTTPStatusCode"] == 206 and part["Body"].read() == blob[10:100]
    listed = s3.list_objects_v2(Bucket=bucket, Prefix=store["key-prefix"])
    assert key in [o["Key"] for o in listed.get("Contents", [])]
    assert s3.delete_object(Bucket=bucket, Key=key)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key=key)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404              # "blob gone" to Stalwart
    assert s3.delete_object(Bucket=bucket, Key=key)["ResponseMetadata"]["HTTPStatusCode"] == 204


def test_stalwart_configuration_with_its_keys(server):
    store = stalwart_settings()
    ensure_bucket(server, store["bucket"])
    s3 = stalwart_client(server, store, store["access-key"], store["secret-key"])
    signed = recorder(s3)
    stalwart_round(s3, store)
    assert signed and all(a.startswith(f"AWS4-HMAC-SHA256 Credential={store['access-key']}/") and
                          f"/{store['region']}/s3/aws4_request" in a for a in signed)


def test_stalwart_configuration_with_an_sts_session_token(server):
    store = stalwart_settings()
    ensure_bucket(server, store["bucket"])
    assert "session-token" in mail_block("toml"), "the block says where temporary keys go"
    sts = boto3.session.Session().client("sts", endpoint_url=server.endpoint, region_name=store["region"],
                                         aws_access_key_id=store["access-key"], aws_secret_access_key=store["secret-key"])
    creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
    s3 = stalwart_client(server, store, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    stalwart_round(s3, store)
    forged = stalwart_client(server, store, creds["AccessKeyId"], creds["SecretAccessKey"], "not-" + creds["SessionToken"])
    with pytest.raises(ClientError):
        forged.head_bucket(Bucket=store["bucket"])


# ------------------------------------------------------------------------------------------------
# Dovecot obox
# ------------------------------------------------------------------------------------------------
def dovecot_settings(with_region: bool) -> dict:
    block = mail_block("conf")
    assert re.search(r"^mail_location = obox:", block, re.M)
    m = re.search(r"^\s*obox_fs = (\S+)$", block, re.M)
    assert m, "no obox_fs line"
    fs = m.group(1)
    assert fs.startswith("fscache:"), fs
    url = fs[fs.index(":s3:") + len(":s3:"):]
    if with_region:
        hint = re.search(r"append (&region=[\w-]+) to the URL", block)
        assert hint, "the block says how to switch to SigV4"
        url += hint.group(1)
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    assert f"{parts.scheme}://{parts.hostname}:{parts.port}" == README_ENDPOINT
    return {"access_key": urllib.parse.unquote(parts.username), "secret_key": urllib.parse.unquote(parts.password),
            "bucket": query["bucket"], "region": query.get("region"), "bulk_delete_limit": int(query["bulk_delete_limit"]),
            "max_retries": int(query["max_retries"]), "timeout": seconds(query["timeout"])}


def dovecot_client(server, settings: dict):
    # Dovecot signs with SigV2 unless a region is set (then SigV4); botocore's 's3' signer is SigV2.
    cfg = Config(signature_version="s3v4" if settings["region"] else "s3", s3={"addressing_style": "path"},
                 retries={"total_max_attempts": settings["max_retries"] + 1, "mode": "standard"},
                 read_timeout=settings["timeout"], connect_timeout=settings["timeout"],
                 request_checksum_calculation="when_required", response_checksum_validation="when_required")
    s3 = boto3.session.Session().client("s3", endpoint_url=server.endpoint, region_name=settings["region"] or "us-east-1",
                                        aws_access_key_id=settings["access_key"], aws_secret_access_key=settings["secret_key"],
                                        config=cfg)

    def content_md5(request, **_):
        # Dovecot's bulk delete carries Content-MD5 (S3 requires it, or a checksum, on DeleteObjects).
        for name in [h for h in request.headers if h.lower().startswith("x-amz-checksum-") or h.lower() == "x-amz-sdk-checksum-algorithm"]:
            del request.headers[name]
        request.headers["Content-MD5"] = base64.b64encode(hashlib.md5(request.body).digest()).decode()

    s3.meta.events.register("before-sign.s3.DeleteObjects", content_md5)
    return s3


@pytest.mark.parametrize("with_region", [False, True], ids=["sigv2", "sigv4-region"])
def test_dovecot_obox_configuration(server, with_region):
    settings = dovecot_settings(with_region)
    ensure_bucket(server, settings["bucket"])
    s3 = dovecot_client(server, settings)
    signed = recorder(s3)
    bucket = settings["bucket"]
    user = f"{uuid.uuid4().hex[:8]}/user-{uuid.uuid4().hex[:6]}@example.com"    # %8Mu/%u
    box = f"{user}/mailboxes/{uuid.uuid4().hex}"
    meta = {"guid": uuid.uuid4().hex, "username": user.split("/")[1]}

    mail = b"Return-Path: <a@example.com>\r\nSubject: obox\r\n\r\n" + b"body line\r\n" * 3000
    s3.put_object(Bucket=bucket, Key=f"{box}/{meta['guid']}", Body=mail, Metadata=meta)
    got = s3.get_object(Bucket=bucket, Key=f"{box}/{meta['guid']}")
    assert got["Body"].read() == mail and got["Metadata"] == meta
    head = s3.head_object(Bucket=bucket, Key=f"{box}/{meta['guid']}")
    assert head["ContentLength"] == len(mail) and head["Metadata"] == meta

    moved = {"guid": meta["guid"], "username": meta["username"], "box": "Archive"}
    s3.copy_object(Bucket=bucket, Key=f"{box}/copy-{meta['guid']}", CopySource=f"{bucket}/{box}/{meta['guid']}",
                   Metadata=moved, MetadataDirective="REPLACE")
    assert s3.head_object(Bucket=bucket, Key=f"{box}/copy-{meta['guid']}")["Metadata"] == moved

    keys = [f"{box}/{meta['guid']}", f"{box}/copy-{meta['guid']}"]
    for i in range(120):
        s3.put_object(Bucket=bucket, Key=f"{box}/m{i:04d}", Body=b"m%d" % i, Metadata={"guid": f"m{i}"})
        keys.append(f"{box}/m{i:04d}")

    listed, marker = [], ""
    while True:   # GET /bucket?prefix=…, then &marker=… while the answer is truncated
        page = s3.list_objects(Bucket=bucket, Prefix=f"{box}/", Marker=marker, MaxKeys=50)
        listed += [o["Key"] for o in page.get("Contents", [])]
        if not page.get("IsTruncated"):
            break
        marker = listed[-1]
    assert sorted(listed) == sorted(keys)

    assert len(keys) <= settings["bulk_delete_limit"]
    answer = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
    assert len(answer.get("Deleted", [])) == len(keys) and not answer.get("Errors")
    assert s3.list_objects(Bucket=bucket, Prefix=f"{box}/").get("Contents", []) == []

    if with_region:
        assert signed and all(a.startswith(f"AWS4-HMAC-SHA256 Credential={settings['access_key']}/") and
                              f"/{settings['region']}/s3/aws4_request" in a for a in signed)
    else:
        assert signed and all(a.startswith(f"AWS {settings['access_key']}:") for a in signed)
