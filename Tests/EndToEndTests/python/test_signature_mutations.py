"""The mutation table: a correctly signed request with exactly one signed element changed is refused.

Every case signs a PUT of a fresh key correctly, changes one thing the signature covers (method, path,
a query parameter, a signed header, the payload hash or the body under it, the date, the credential
scope, a chunk or trailer signature, an X-Amz-* presigned parameter, a SigV2 string-to-sign element),
sends it over a raw connection, and checks that the server answers with the error AWS sends for that
change and that nothing was stored. Each base request is also sent unchanged once, so a case fails if
the base itself is refused (a refusal for the wrong reason cannot pass as a mutation caught).

Signing: SigV4 headers by botocore (`sign_headers`), aws-chunked bodies by `pail_e2e`'s encoders, and
presigned SigV4 and SigV2 here with hashlib/hmac (the AWS pages "Authenticating Requests: Using Query
Parameters" and "Signing and authenticating REST requests"), so no case rests on Pail's own signer.
"""
from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
import http.client
import time
import uuid
from dataclasses import dataclass, field, replace
from email.utils import formatdate
from typing import Callable
from urllib.parse import quote

import pytest
from botocore.exceptions import ClientError

from pail_e2e import (EMPTY_SHA256, STREAMING_SIGNED, STREAMING_SIGNED_TRAILER, STREAMING_UNSIGNED_TRAILER,
                      ChunkSigner, checksum_b64, encode_signed_chunks, encode_unsigned_trailer, md5_b64,
                      parse_error, sign_headers, signing_key, split_chunks)

BODY = b"the signed body of a mutation case"
OTHER_SHA256 = hashlib.sha256(b"some other body").hexdigest()


@dataclass
class Wire:
    """One request as it goes on the wire."""
    method: str
    target: str
    headers: dict
    body: bytes = b""
    keys: list = field(default_factory=list)  # keys that must not exist afterwards

    def header(self, name: str) -> str:
        return next(v for k, v in self.headers.items() if k.lower() == name.lower())

    def with_header(self, name: str, value: str | None) -> "Wire":
        headers = {k: v for k, v in self.headers.items() if k.lower() != name.lower()}
        if value is not None:
            headers[name] = value
        return replace(self, headers=headers)

    def with_auth(self, old: str, new: str) -> "Wire":
        auth = self.header("Authorization")
        assert old in auth, f"{old!r} not in {auth!r}"
        return self.with_header("Authorization", auth.replace(old, new, 1))

    def with_target(self, old: str, new: str) -> "Wire":
        assert old in self.target, f"{old!r} not in {self.target!r}"
        return replace(self, target=self.target.replace(old, new, 1))

    def with_body(self, body: bytes) -> "Wire":
        w = replace(self, body=body)
        if any(k.lower() == "content-length" for k in self.headers):
            w = w.with_header("Content-Length", str(len(body)))
        return w


def flip_hex(sig: str) -> str:
    return ("0" if sig[0] != "0" else "1") + sig[1:]


def signature_of(wire: Wire) -> str:
    return wire.header("Authorization").rsplit("Signature=", 1)[1]


def amz_now() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())


def shift_amz(stamp: str, seconds: int) -> str:
    t = calendar.timegm(time.strptime(stamp, "%Y%m%dT%H%M%SZ")) + seconds
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(t))


# -----------------------------------------------------------------------------------------------
# Base requests, each signed correctly.
# -----------------------------------------------------------------------------------------------
def v4_put(server, bucket, key, *, payload_hash: str | None = None, body: bytes = BODY) -> Wire:
    """A header-signed PutObject with a query, metadata, Content-Type and Content-MD5, all signed."""
    target = f"/{bucket}/{key}?x-id=PutObject&note=v1"
    headers = {"Content-Type": "text/plain", "Content-MD5": md5_b64(body), "x-amz-meta-color": "blue"}
    send, _, _ = sign_headers(server, "PUT", target, headers,
                              payload_hash=payload_hash or hashlib.sha256(body).hexdigest())
    send["Content-Length"] = str(len(body))
    return Wire("PUT", target, send, body, [key])


def v4_streaming(server, bucket, key, mode: str) -> tuple[Wire, dict]:
    """A streaming PutObject in `mode` with a CRC32 trailer where the mode has one; returns the wire
    and the pieces a mutation needs (chunks, trailers, seed)."""
    data = BODY * 3
    headers = {"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": str(len(data))}
    trailers = None
    if mode != STREAMING_SIGNED:
        headers["X-Amz-Trailer"] = "x-amz-checksum-crc32"
        trailers = [("x-amz-checksum-crc32", checksum_b64("CRC32", data))]
    target = f"/{bucket}/{key}"
    send, signer, req = sign_headers(server, "PUT", target, headers, payload_hash=mode)
    chunks = split_chunks(data, 40)
    parts = {"data": data, "chunks": chunks, "trailers": trailers, "timestamp": req.context["timestamp"],
             "seed": signer.signature_value}
    if mode == STREAMING_UNSIGNED_TRAILER:
        body = encode_unsigned_trailer(chunks, trailers)
    else:
        chunk_signer = ChunkSigner(server.secret_key, parts["timestamp"], server.region, signer.signature_value)
        body = encode_signed_chunks(chunk_signer, chunks, trailers if mode == STREAMING_SIGNED_TRAILER else None)
    send["Content-Length"] = str(len(body))
    return Wire("PUT", target, send, body, [key]), parts


def uri_encode(s: str) -> str:
    return quote(s, safe="-_.~")


def presign_v4(server, method: str, path: str, *, query: list | None = None, headers: dict | None = None,
               signed: tuple = ("host",), expires: int = 3600, amz_date: str | None = None) -> Wire:
    """A presigned SigV4 URL (sigv4-query-string-auth.html): payload UNSIGNED-PAYLOAD, parameters in
    the order botocore writes them, X-Amz-Signature last."""
    amz_date = amz_date or amz_now()
    scope = f"{amz_date[:8]}/{server.region}/s3/aws4_request"
    params = list(query or []) + [
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", f"{server.access_key}/{scope}"),
        ("X-Amz-Date", amz_date), ("X-Amz-Expires", str(expires)), ("X-Amz-SignedHeaders", ";".join(signed))]
    sent = {"Host": server.host_port, **(headers or {})}
    canonical_query = "&".join(f"{uri_encode(k)}={uri_encode(v)}" for k, v in sorted(params))
    lower = {k.lower(): v for k, v in sent.items()}
    canonical_headers = "".join(f"{h}:{' '.join(lower[h].split())}\n" for h in signed)
    creq = "\n".join([method, path, canonical_query, canonical_headers, ";".join(signed), "UNSIGNED-PAYLOAD"])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()])
    sig = hmac.new(signing_key(server.secret_key, amz_date[:8], server.region), sts.encode(), hashlib.sha256).hexdigest()
    target = path + "?" + "&".join(f"{uri_encode(k)}={uri_encode(v)}" for k, v in params) + f"&X-Amz-Signature={sig}"
    return Wire(method, target, sent)


def v4_presigned_put(server, bucket, key) -> Wire:
    w = presign_v4(server, "PUT", f"/{bucket}/{key}", query=[("x-id", "PutObject")],
                   headers={"x-amz-meta-color": "blue"}, signed=("host", "x-amz-meta-color"))
    return replace(w, body=BODY, keys=[key]).with_header("Content-Length", str(len(BODY)))


V2_SUBRESOURCES = {"acl", "delete", "lifecycle", "location", "partNumber", "policy", "tagging", "uploadId",
                   "uploads", "versionId", "versioning", "versions", "website"}


def v2_string_to_sign(method: str, headers: dict, resource: str, date_line: str, extra_amz: dict | None = None) -> str:
    """RESTAuthentication.html: VERB, Content-MD5, Content-Type, Date, CanonicalizedAmzHeaders,
    CanonicalizedResource."""
    lower = {k.lower(): v.strip() for k, v in headers.items()}
    amz = {k: v for k, v in lower.items() if k.startswith("x-amz-")}
    amz.update(extra_amz or {})
    amz_lines = "".join(f"{k}:{amz[k]}\n" for k in sorted(amz))
    return "\n".join([method, lower.get("content-md5", ""), lower.get("content-type", ""), date_line]) + "\n" + amz_lines + resource


def v2_sign(secret: str, sts: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), sts.encode(), hashlib.sha1).digest()).decode()


def v2_put(server, bucket, key) -> Wire:
    """A SigV2 header-signed PutObject (`Authorization: AWS AK:sig`) with every positional element set."""
    headers = {"Host": server.host_port, "Date": formatdate(usegmt=True), "Content-Type": "text/plain",
               "Content-MD5": md5_b64(BODY), "x-amz-meta-color": "blue", "Content-Length": str(len(BODY))}
    sts = v2_string_to_sign("PUT", headers, f"/{bucket}/{key}", headers["Date"])
    headers["Authorization"] = f"AWS {server.access_key}:{v2_sign(server.secret_key, sts)}"
    return Wire("PUT", f"/{bucket}/{key}", headers, BODY, [key])


def v2_presigned_put(server, bucket, key) -> Wire:
    """A SigV2 query-authenticated PutObject (AWSAccessKeyId, Expires, Signature)."""
    expires = str(int(time.time()) + 600)
    headers = {"Host": server.host_port, "Content-Type": "text/plain", "Content-Length": str(len(BODY))}
    sts = v2_string_to_sign("PUT", headers, f"/{bucket}/{key}", expires)
    sig = quote(v2_sign(server.secret_key, sts), safe="")
    target = f"/{bucket}/{key}?AWSAccessKeyId={server.access_key}&Expires={expires}&Signature={sig}"
    return Wire("PUT", target, headers, BODY, [key])


# -----------------------------------------------------------------------------------------------
# The table: (id, base, mutation, expected (status, code)).
# -----------------------------------------------------------------------------------------------
SDNM = (403, "SignatureDoesNotMatch")
MALFORMED = (400, "AuthorizationHeaderMalformed")
QUERY_ERROR = (400, "AuthorizationQueryParametersError")
HEADER_ABSENT = (403, "AccessDenied")  # a header named in SignedHeaders but not sent
UNSIGNED_HEADER = (403, "AccessDenied")  # an x-amz-* header sent but not named in SignedHeaders


@dataclass
class Case:
    id: str
    base: str  # key of BASES
    mutate: Callable  # (Wire, parts, server, bucket, key) -> Wire
    expect: tuple  # (status, code); code None when the HTTP layer answers without an S3 body


CASES: list[Case] = []


def case(id_, base, expect, mutate):
    CASES.append(Case(id_, base, mutate, expect))


# --- SigV4 header auth, signed payload -----------------------------------------------------------
case("v4-method", "v4", SDNM, lambda w, *_: replace(w, method="POST"))
case("v4-path-key", "v4", SDNM, lambda w, p, s, b, k: replace(w.with_target(f"/{k}?", f"/{k}x?"), keys=[k, k + "x"]))
case("v4-path-bucket-case", "v4", SDNM, lambda w, p, s, b, k: w.with_target(f"/{b}/", f"/{b.upper()}/"))
case("v4-path-encoding", "v4", SDNM, lambda w, p, s, b, k: replace(w.with_target(f"/{k}?", f"/{k}%2F?"), keys=[k, k + "/"]))
case("v4-query-value-x-id", "v4", SDNM, lambda w, *_: w.with_target("x-id=PutObject", "x-id=PutObjecT"))
case("v4-query-value-note", "v4", SDNM, lambda w, *_: w.with_target("note=v1", "note=v2"))
case("v4-query-value-emptied", "v4", SDNM, lambda w, *_: w.with_target("note=v1", "note="))
case("v4-query-name-x-id", "v4", SDNM, lambda w, *_: w.with_target("x-id=", "x-iD="))
case("v4-query-name-note", "v4", SDNM, lambda w, *_: w.with_target("note=", "nota="))
case("v4-query-add", "v4", SDNM, lambda w, *_: w.with_target("note=v1", "note=v1&extra=1"))
case("v4-query-add-duplicate", "v4", SDNM, lambda w, *_: w.with_target("note=v1", "note=v1&note=v1"))
case("v4-query-drop-x-id", "v4", SDNM, lambda w, *_: w.with_target("x-id=PutObject&", ""))
case("v4-query-drop-note", "v4", SDNM, lambda w, *_: w.with_target("&note=v1", ""))
case("v4-query-drop-all", "v4", SDNM, lambda w, *_: w.with_target("?x-id=PutObject&note=v1", ""))
case("v4-header-host-value", "v4", SDNM, lambda w, p, s, *_: w.with_header("Host", f"localhost:{s.port}"))
case("v4-header-content-type-value", "v4", SDNM, lambda w, *_: w.with_header("Content-Type", "text/html"))
case("v4-header-content-md5-value", "v4", SDNM, lambda w, *_: w.with_header("Content-MD5", md5_b64(b"other")))
case("v4-header-meta-value", "v4", SDNM, lambda w, *_: w.with_header("x-amz-meta-color", "red"))
case("v4-header-meta-value-case", "v4", SDNM, lambda w, *_: w.with_header("x-amz-meta-color", "Blue"))
case("v4-header-meta-repeated", "v4", SDNM, lambda w, *_: replace(w, headers={**w.headers, "X-Amz-Meta-Color": "blue"}))
case("v4-header-host-drop", "v4", (400, None), lambda w, *_: w.with_header("Host", None))
case("v4-header-content-type-drop", "v4", HEADER_ABSENT, lambda w, *_: w.with_header("Content-Type", None))
case("v4-header-content-md5-drop", "v4", HEADER_ABSENT, lambda w, *_: w.with_header("Content-MD5", None))
case("v4-header-meta-drop", "v4", HEADER_ABSENT, lambda w, *_: w.with_header("x-amz-meta-color", None))
case("v4-header-x-amz-date-drop", "v4", (403, "AccessDenied"), lambda w, *_: w.with_header("X-Amz-Date", None))
case("v4-payload-hash-value", "v4", SDNM, lambda w, *_: w.with_header("X-Amz-Content-SHA256", OTHER_SHA256))
case("v4-payload-hash-unsigned", "v4", SDNM, lambda w, *_: w.with_header("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD"))
case("v4-payload-hash-drop", "v4", (400, "InvalidRequest"), lambda w, *_: w.with_header("X-Amz-Content-SHA256", None))
case("v4-body-under-signed-hash", "v4", (400, "XAmzContentSHA256Mismatch"),
     lambda w, *_: w.with_body(BODY.replace(b"signed", b"forged")))
case("v4-body-truncated-under-signed-hash", "v4", (400, "XAmzContentSHA256Mismatch"), lambda w, *_: w.with_body(BODY[:-1]))
case("v4-x-amz-date-second", "v4", SDNM, lambda w, *_: w.with_header("X-Amz-Date", shift_amz(w.header("X-Amz-Date"), 1)))
case("v4-x-amz-date-day", "v4", MALFORMED, lambda w, *_: w.with_header("X-Amz-Date", shift_amz(w.header("X-Amz-Date"), 86400)))
case("v4-scope-date", "v4", MALFORMED,
     lambda w, *_: w.with_auth("/" + w.header("X-Amz-Date")[:8] + "/", "/" + shift_amz(w.header("X-Amz-Date"), -86400)[:8] + "/"))
case("v4-scope-region", "v4", MALFORMED, lambda w, p, s, *_: w.with_auth(f"/{s.region}/", "/eu-west-1/"))
case("v4-scope-service", "v4", MALFORMED, lambda w, *_: w.with_auth("/s3/aws4_request", "/s4/aws4_request"))
case("v4-scope-terminator", "v4", MALFORMED, lambda w, *_: w.with_auth("/aws4_request", "/aws5_request"))
case("v4-credential-access-key", "v4", (403, "InvalidAccessKeyId"), lambda w, p, s, *_: w.with_auth(s.access_key + "/", "AKIDNOSUCHKEY/"))
case("v4-signed-headers-drop-name", "v4", SDNM, lambda w, *_: w.with_auth("content-md5;", ""))
case("v4-signed-headers-drop-amz-name", "v4", UNSIGNED_HEADER, lambda w, *_: w.with_auth(";x-amz-meta-color", ""))
case("v4-signed-headers-add-name", "v4", SDNM, lambda w, *_: w.with_auth("content-type;", "content-length;content-type;"))
case("v4-signature-flipped", "v4", SDNM, lambda w, *_: w.with_auth(signature_of(w), flip_hex(signature_of(w))))
case("v4-signature-uppercased-other", "v4", SDNM, lambda w, *_: w.with_auth(signature_of(w), flip_hex(signature_of(w)).upper()))
case("v4-algorithm", "v4", (400, "InvalidArgument"), lambda w, *_: w.with_auth("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"))
# Not a change to a signed element but the same forgery: every x-amz-* header must be signed.
case("v4-unsigned-amz-header-added", "v4", UNSIGNED_HEADER, lambda w, *_: w.with_header("x-amz-meta-size", "large"))

# --- UNSIGNED-PAYLOAD still needs a valid header signature ---------------------------------------
case("unsigned-payload-signature-flipped", "v4-unsigned", SDNM, lambda w, *_: w.with_auth(signature_of(w), flip_hex(signature_of(w))))
case("unsigned-payload-header-value", "v4-unsigned", SDNM, lambda w, *_: w.with_header("x-amz-meta-color", "red"))
case("unsigned-payload-path", "v4-unsigned", SDNM, lambda w, p, s, b, k: replace(w.with_target(f"/{k}?", f"/{k}x?"), keys=[k, k + "x"]))
case("unsigned-payload-query", "v4-unsigned", SDNM, lambda w, *_: w.with_target("note=v1", "note=v2"))
case("unsigned-payload-hash-to-sha256", "v4-unsigned", SDNM,
     lambda w, *_: w.with_header("X-Amz-Content-SHA256", hashlib.sha256(BODY).hexdigest()))

# --- aws-chunked: signed chunks, signed trailer, unsigned trailer -------------------------------
def with_chunk_signature_flipped(index: int):
    def mutate(w, p, s, *_):
        marker = b";chunk-signature="
        at = -1
        for _ in range(index + 1):
            at = w.body.index(marker, at + 1)
        start = at + len(marker)
        sig = w.body[start:start + 64].decode()
        return w.with_body(w.body[:start] + flip_hex(sig).encode() + w.body[start + 64:])
    return mutate


def with_data_byte_flipped(w, *_):
    at = w.body.index(b"signed body")
    return w.with_body(w.body[:at] + b"S" + w.body[at + 1:])


def with_trailer_value(w, p, *_):
    old = p["trailers"][0][1].encode()
    return w.with_body(w.body.replace(old, checksum_b64("CRC32", b"other").encode()))


def with_trailer_signature_flipped(w, *_):
    marker = b"x-amz-trailer-signature:"
    start = w.body.index(marker) + len(marker)
    sig = w.body[start:start + 64].decode()
    return w.with_body(w.body[:start] + flip_hex(sig).encode() + w.body[start + 64:])


def with_trailer_signature_dropped(w, *_):
    start = w.body.index(b"x-amz-trailer-signature:")
    end = w.body.index(b"\r\n", start) + 2
    return w.with_body(w.body[:start] + w.body[end:])


for base in ("chunked", "chunked-trailer"):
    case(f"{base}-seed-signature", base, SDNM, lambda w, *_: w.with_auth(signature_of(w), flip_hex(signature_of(w))))
    case(f"{base}-first-chunk-signature", base, SDNM, with_chunk_signature_flipped(0))
    case(f"{base}-middle-chunk-signature", base, SDNM, with_chunk_signature_flipped(1))
    case(f"{base}-final-chunk-signature", base, SDNM, with_chunk_signature_flipped(3))
    case(f"{base}-chunk-data", base, SDNM, with_data_byte_flipped)
    case(f"{base}-decoded-length-header", base, SDNM,
         lambda w, *_: w.with_header("X-Amz-Decoded-Content-Length", str(int(w.header("X-Amz-Decoded-Content-Length")) - 1)))
    case(f"{base}-content-encoding-header", base, SDNM, lambda w, *_: w.with_header("Content-Encoding", "aws-chunked,gzip"))
case("chunked-trailer-trailer-value", "chunked-trailer", SDNM, with_trailer_value)
case("chunked-trailer-trailer-signature", "chunked-trailer", SDNM, with_trailer_signature_flipped)
def with_trailer_signature_digits_as_control_bytes(w, *_):
    # Bit 0x20 cleared from each digit: 0x10-0x19, which a case-insensitive compare that ORs in 0x20
    # would take for the digits themselves.
    marker = b"x-amz-trailer-signature:"
    start = w.body.index(marker) + len(marker)
    sig = bytes(b - 0x20 if 0x30 <= b <= 0x39 else b for b in w.body[start:start + 64])
    return w.with_body(w.body[:start] + sig + w.body[start + 64:])


case("chunked-trailer-trailer-signature-control-bytes", "chunked-trailer", SDNM, with_trailer_signature_digits_as_control_bytes)
case("chunked-trailer-trailer-signature-dropped", "chunked-trailer", SDNM, with_trailer_signature_dropped)
case("chunked-trailer-trailer-name-header", "chunked-trailer", SDNM, lambda w, *_: w.with_header("X-Amz-Trailer", "x-amz-checksum-crc32c"))
case("unsigned-trailer-header-signature", "unsigned-trailer", SDNM, lambda w, *_: w.with_auth(signature_of(w), flip_hex(signature_of(w))))
case("unsigned-trailer-trailer-name-header", "unsigned-trailer", SDNM, lambda w, *_: w.with_header("X-Amz-Trailer", "x-amz-checksum-crc32c"))
case("unsigned-trailer-decoded-length-header", "unsigned-trailer", SDNM,
     lambda w, *_: w.with_header("X-Amz-Decoded-Content-Length", str(int(w.header("X-Amz-Decoded-Content-Length")) + 1)))
# The unsigned trailer is not signed; its checksum still guards the data.
case("unsigned-trailer-checksum-value", "unsigned-trailer", (400, "BadDigest"), with_trailer_value)
case("unsigned-trailer-chunk-data", "unsigned-trailer", (400, "BadDigest"), with_data_byte_flipped)

# --- presigned SigV4 ------------------------------------------------------------------------------
def query_value(w: Wire, name: str) -> str:
    return next(p.split("=", 1)[1] for p in w.target.split("?", 1)[1].split("&") if p.split("=", 1)[0] == name)


def with_query(name: str, new: str):
    return lambda w, *_: w.with_target(f"{name}={query_value(w, name)}", f"{name}={new}")


case("presigned-method", "presigned", SDNM, lambda w, *_: replace(w, method="POST"))
case("presigned-path", "presigned", SDNM, lambda w, p, s, b, k: replace(w.with_target(f"/{k}?", f"/{k}x?"), keys=[k, k + "x"]))
case("presigned-expires", "presigned", SDNM, with_query("X-Amz-Expires", "3601"))
case("presigned-expires-over-a-week", "presigned", QUERY_ERROR, with_query("X-Amz-Expires", "604801"))
case("presigned-date", "presigned", SDNM, lambda w, *_: with_query("X-Amz-Date", shift_amz(query_value(w, "X-Amz-Date"), -1))(w))
case("presigned-signed-headers-drop", "presigned", UNSIGNED_HEADER, with_query("X-Amz-SignedHeaders", "host"))
case("presigned-signed-headers-add", "presigned", SDNM, with_query("X-Amz-SignedHeaders", "content-length%3Bhost%3Bx-amz-meta-color"))
case("presigned-signed-headers-absent", "presigned", HEADER_ABSENT, with_query("X-Amz-SignedHeaders", "host%3Bx-amz-meta-colour"))
case("presigned-signed-header-value", "presigned", SDNM, lambda w, *_: w.with_header("x-amz-meta-color", "red"))
case("presigned-credential-access-key", "presigned", (403, "InvalidAccessKeyId"),
     lambda w, p, s, *_: w.with_target(f"X-Amz-Credential={s.access_key}%2F", "X-Amz-Credential=AKIDNOSUCHKEY%2F"))
case("presigned-credential-date", "presigned", QUERY_ERROR,
     lambda w, *_: w.with_target("%2F" + query_value(w, "X-Amz-Date")[:8] + "%2F",
                                 "%2F" + shift_amz(query_value(w, "X-Amz-Date"), -86400)[:8] + "%2F"))
case("presigned-credential-region", "presigned", QUERY_ERROR, lambda w, p, s, *_: w.with_target(f"%2F{s.region}%2F", "%2Feu-west-1%2F"))
case("presigned-credential-service", "presigned", QUERY_ERROR, lambda w, *_: w.with_target("%2Fs3%2Faws4_request", "%2Fs4%2Faws4_request"))
case("presigned-algorithm", "presigned", QUERY_ERROR, with_query("X-Amz-Algorithm", "AWS4-HMAC-SHA512"))
case("presigned-signature", "presigned", SDNM, lambda w, *_: with_query("X-Amz-Signature", flip_hex(query_value(w, "X-Amz-Signature")))(w))
case("presigned-query-value", "presigned", SDNM, with_query("x-id", "GetObject"))
case("presigned-query-add", "presigned", SDNM, lambda w, *_: w.with_target("x-id=PutObject", "x-id=PutObject&extra=1"))
case("presigned-query-drop", "presigned", SDNM, lambda w, *_: w.with_target("x-id=PutObject&", ""))
case("presigned-unsigned-amz-header-added", "presigned", UNSIGNED_HEADER, lambda w, *_: w.with_header("x-amz-meta-size", "large"))
case("presigned-unsigned-copy-source-added", "presigned", UNSIGNED_HEADER,
     lambda w, p, s, b, k: w.with_header("x-amz-copy-source", f"/{b}/elsewhere"))
case("presigned-payload-hash-header", "presigned", SDNM, lambda w, *_: w.with_header("X-Amz-Content-SHA256", hashlib.sha256(BODY).hexdigest()))

# --- SigV2 header and query ----------------------------------------------------------------------
def v2_signature(w: Wire) -> str:
    return w.header("Authorization").rsplit(":", 1)[1]


def flip_b64(sig: str) -> str:
    return ("A" if sig[0] != "A" else "B") + sig[1:]


case("v2-method", "v2", SDNM, lambda w, *_: replace(w, method="POST"))
case("v2-path", "v2", SDNM, lambda w, p, s, b, k: replace(w.with_target(f"/{k}", f"/{k}x"), keys=[k, k + "x"]))
case("v2-subresource-add", "v2", SDNM, lambda w, *_: replace(w, target=w.target + "?versionId=1"))
case("v2-content-md5", "v2", SDNM, lambda w, *_: w.with_header("Content-MD5", md5_b64(b"other")))
case("v2-content-md5-drop", "v2", SDNM, lambda w, *_: w.with_header("Content-MD5", None))
case("v2-content-type", "v2", SDNM, lambda w, *_: w.with_header("Content-Type", "text/html"))
case("v2-date", "v2", SDNM, lambda w, *_: w.with_header("Date", formatdate(time.time() + 5, usegmt=True)))
case("v2-amz-header-value", "v2", SDNM, lambda w, *_: w.with_header("x-amz-meta-color", "red"))
case("v2-amz-header-add", "v2", SDNM, lambda w, *_: w.with_header("x-amz-meta-size", "large"))
case("v2-amz-header-drop", "v2", SDNM, lambda w, *_: w.with_header("x-amz-meta-color", None))
case("v2-signature", "v2", SDNM, lambda w, *_: w.with_auth(v2_signature(w), flip_b64(v2_signature(w))))
case("v2-access-key", "v2", (403, "InvalidAccessKeyId"), lambda w, p, s, *_: w.with_auth(f"AWS {s.access_key}:", "AWS AKIDNOSUCHKEY:"))
case("v2-query-method", "v2-query", SDNM, lambda w, *_: replace(w, method="POST"))
case("v2-query-path", "v2-query", SDNM, lambda w, p, s, b, k: replace(w.with_target(f"/{k}?", f"/{k}x?"), keys=[k, k + "x"]))
case("v2-query-expires", "v2-query", SDNM, lambda w, *_: with_query("Expires", str(int(query_value(w, "Expires")) + 1))(w))
case("v2-query-signature", "v2-query", SDNM, lambda w, *_: with_query("Signature", flip_b64(query_value(w, "Signature")))(w))
case("v2-query-access-key", "v2-query", (403, "InvalidAccessKeyId"), lambda w, p, s, *_: w.with_target(f"AWSAccessKeyId={s.access_key}", "AWSAccessKeyId=AKIDNOSUCHKEY"))
case("v2-query-content-type", "v2-query", SDNM, lambda w, *_: w.with_header("Content-Type", "text/html"))
case("v2-query-amz-param-add", "v2-query", SDNM, lambda w, *_: replace(w, target=w.target + "&x-amz-meta-color=red"))

BASES = {
    "v4": lambda s, b, k: (v4_put(s, b, k), {}),
    "v4-unsigned": lambda s, b, k: (v4_put(s, b, k, payload_hash="UNSIGNED-PAYLOAD"), {}),
    "chunked": lambda s, b, k: v4_streaming(s, b, k, STREAMING_SIGNED),
    "chunked-trailer": lambda s, b, k: v4_streaming(s, b, k, STREAMING_SIGNED_TRAILER),
    "unsigned-trailer": lambda s, b, k: v4_streaming(s, b, k, STREAMING_UNSIGNED_TRAILER),
    "presigned": lambda s, b, k: (v4_presigned_put(s, b, k), {}),
    "v2": lambda s, b, k: (v2_put(s, b, k), {}),
    "v2-query": lambda s, b, k: (v2_presigned_put(s, b, k), {}),
}


def send(server, w: Wire) -> tuple[int, dict, bytes]:
    """Exactly these headers (no Host or framing added: a case may drop them) on a fresh connection."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.putrequest(w.method, w.target, skip_host=True, skip_accept_encoding=True)
        for k, v in w.headers.items():
            conn.putheader(k, v)
        conn.endheaders()
        if w.body:
            conn.send(w.body)
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def stored(s3, bucket: str, key: str) -> bool:
    try:
        s3.head_object(Bucket=bucket, Key=key)
        return True
    except ClientError as e:
        assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404, e.response
        return False


@pytest.mark.parametrize("base", sorted(BASES))
def test_unmutated_base_request_is_accepted(server, s3, bucket, base):
    key = f"base-{base}-{uuid.uuid4().hex[:8]}"
    wire, _ = BASES[base](server, bucket, key)
    status, _, body = send(server, wire)
    assert status == 200, body
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() in (BODY, BODY * 3)


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_mutated_signed_element_is_refused_and_nothing_is_stored(server, s3, bucket, c):
    key = f"{c.id}-{uuid.uuid4().hex[:8]}"
    wire, parts = BASES[c.base](server, bucket, key)
    mutated = c.mutate(wire, parts, server, bucket, key)
    assert (mutated.method, mutated.target, mutated.headers, mutated.body) != \
        (wire.method, wire.target, wire.headers, wire.body), "the mutation changed nothing"
    status, _, body = send(server, mutated)
    want_status, want_code = c.expect
    code = parse_error(body).get("Code") if body.startswith(b"<?xml") or body.startswith(b"<Error") else None
    assert (status, code) == (want_status, want_code), body[:600]
    for k in mutated.keys:
        assert not stored(s3, bucket, k), f"{k} was stored"


def test_table_covers_every_signed_element():
    ids = {c.id for c in CASES}
    # One case or more per element the issue lists.
    for needle in ["method", "path", "query-value", "query-name", "query-add", "query-drop", "header-", "payload-hash",
                   "body-under-signed-hash", "x-amz-date", "scope-date", "scope-region", "scope-service",
                   "chunk-signature", "trailer-signature", "unsigned-payload", "presigned-expires",
                   "presigned-signed-headers", "presigned-credential", "v2-", "v2-query-"]:
        assert any(needle in i for i in ids), needle
    assert len(ids) == len(CASES), "duplicate case ids"
