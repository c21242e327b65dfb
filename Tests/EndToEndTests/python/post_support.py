"""Browser-upload helpers: POST Object forms signed the way AWS documents them
(https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-post-example.html), sent with `requests`."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json

import requests

from pail_e2e import REGION, PailServer, parse_error, signing_key


def amz_now(offset_seconds: int = 0) -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=offset_seconds)


def encode_policy(document: dict) -> str:
    return base64.b64encode(json.dumps(document).encode()).decode()


def v4_fields(server: PailServer, bucket: str, key_condition, conditions: list | None = None, *,
              expires_in: int = 3600, access_key: str | None = None, secret_key: str | None = None,
              region: str = REGION, token: str | None = None, policy: str | None = None,
              signature: str | None = None, include_bucket: bool = True) -> dict:
    """The auth fields of a SigV4 form whose policy allows `bucket`, the key condition given (a
    condition, e.g. {"key": "k"} or ["starts-with", "$key", "up/"]), the SigV4 fields themselves,
    and `conditions`. `policy`/`signature` override what would be computed; `include_bucket=False`
    leaves out the bucket condition."""
    now = amz_now()
    amz_date = now.strftime("%Y%m%dT%H%M%SZ")
    ak = access_key or server.access_key
    credential = f"{ak}/{amz_date[:8]}/{region}/s3/aws4_request"
    document = {
        "expiration": (now + dt.timedelta(seconds=expires_in)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "conditions": ([{"bucket": bucket}] if include_bucket else [])
                      + [key_condition, {"x-amz-algorithm": "AWS4-HMAC-SHA256"},
                       {"x-amz-credential": credential}, {"x-amz-date": amz_date}]
                      + ([{"x-amz-security-token": token}] if token else []) + list(conditions or []),
    }
    encoded = policy if policy is not None else encode_policy(document)
    key = signing_key(secret_key or server.secret_key, amz_date[:8], region)
    fields = {
        "x-amz-algorithm": "AWS4-HMAC-SHA256",
        "x-amz-credential": credential,
        "x-amz-date": amz_date,
        "policy": encoded,
        "x-amz-signature": signature or hmac.new(key, encoded.encode(), hashlib.sha256).hexdigest(),
    }
    if token:
        fields["x-amz-security-token"] = token
    return fields


def v2_fields(server: PailServer, bucket: str, key_condition, conditions: list | None = None, *,
              expires_in: int = 3600, secret_key: str | None = None) -> dict:
    """The auth fields of a Signature Version 2 form (AWSAccessKeyId, policy, signature)."""
    document = {
        "expiration": (amz_now() + dt.timedelta(seconds=expires_in)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "conditions": [{"bucket": bucket}, key_condition] + list(conditions or []),
    }
    encoded = encode_policy(document)
    signature = base64.b64encode(hmac.new((secret_key or server.secret_key).encode(), encoded.encode(),
                                          hashlib.sha1).digest()).decode()
    return {"AWSAccessKeyId": server.access_key, "policy": encoded, "signature": signature}


def post_form(server: PailServer, bucket: str, fields: dict, file: tuple | None = ("upload.txt", b"hello"), *,
              after: dict | None = None, host: str | None = None, url: str | None = None,
              **kw) -> requests.Response:
    """POST the form to the bucket's URL (path style unless `host` names a virtual host): `fields`
    in order, then the `file` part (name, bytes[, content type]), then `after` fields."""
    parts = [(name, (None, value)) for name, value in fields.items()]
    if file is not None:
        parts.append(("file", file))
    parts += [(name, (None, value)) for name, value in (after or {}).items()]
    headers = dict(kw.pop("headers", {}))
    if host:
        headers["Host"] = host
        target = url or f"{server.endpoint}/"
    else:
        target = url or f"{server.endpoint}/{bucket}"
    return requests.post(target, files=parts, headers=headers, allow_redirects=False, timeout=60, **kw)


def error_of(resp: requests.Response) -> dict:
    err = parse_error(resp.content)
    err["status"] = resp.status_code
    return err


def raw_post(server: PailServer, path: str, content_type: str, body: bytes, timeout: float = 60) -> tuple[int, bytes]:
    """POST over a plain socket, sending the whole body even if the server answers early and stops
    reading (as it does for a refused large upload), then reading the answer."""
    import socket
    sock = socket.create_connection((server.host, server.port), timeout=timeout)
    try:
        head = (f"POST {path} HTTP/1.1\r\nHost: {server.host_port}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
        try:
            sock.sendall(head + body)
        except OSError:
            pass  # the server answered and closed; its answer is still in our receive buffer
        data = b""
        while True:
            try:
                chunk = sock.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            data += chunk
    finally:
        sock.close()
    head_bytes, _, rest = data.partition(b"\r\n\r\n")
    status = int(head_bytes.split(b" ", 2)[1])
    length = next((int(line.split(b":", 1)[1]) for line in head_bytes.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), len(rest))
    return status, rest[:length]
