#!/usr/bin/env python3
"""Checks the SigV4 vectors in this folder with nothing but hashlib and hmac.

Each case is a folder `<suite>/<name>/` holding `<name>.req` (the request as sent, LF line ends, body
after the empty line), `<name>.authz` (the published Authorization header), and the canonical request
`<name>.creq` and string to sign `<name>.sts`. `<name>.sreq` is the request with its Authorization
line. The published signature is the oracle: a canonical request whose string to sign signs to that
signature is the one AWS computed (SHA-256 and HMAC leave no other way to reach it).

The canonical request follows S3's rules, which is what Pail verifies: the path is percent-decoded once
and re-encoded (no dot-segment or `//` normalisation, no double encoding), query names and values the
same with `/` as %2F, sorted by name then value; header values trimmed with inner whitespace runs
collapsed, repeated headers joined with `,`.

    python3 verify.py          # check every case; exit 1 on any mismatch
    python3 verify.py --write  # (re)write .creq/.sts/.sreq from .req and .authz, refusing any case whose
                               # computed signature differs from the published one
"""
import hashlib
import hmac
import pathlib
import re
import sys
import urllib.parse

HERE = pathlib.Path(__file__).resolve().parent
SECRETS = {
    "AKIDEXAMPLE": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    "AKIAIOSFODNN7EXAMPLE": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
}
UNRESERVED = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


def encode(raw: bytes, slash: bool) -> str:
    return "".join(chr(b) if b in UNRESERVED or (b == 0x2F and not slash) else "%%%02X" % b for b in raw)


def parse_req(text: bytes):
    head, _, body = text.partition(b"\n\n")
    lines = head.decode("utf-8").split("\n")
    method, target, _version = lines[0].split(" ")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name, value))
    return method, target, headers, body


def canonical_request(method, target, headers, signed, payload_hash):
    path, _, query = target.partition("?")
    uri = encode(urllib.parse.unquote_to_bytes(path), slash=False) if path else "/"
    pairs = []
    for part in query.split("&") if query else []:
        if not part:
            continue
        name, _, value = part.partition("=")
        pairs.append((encode(urllib.parse.unquote_to_bytes(name), True), encode(urllib.parse.unquote_to_bytes(value), True)))
    pairs.sort(key=lambda p: (p[0].encode(), p[1].encode()))
    canonical_query = "&".join(n + "=" + v for n, v in pairs)
    block = ""
    for name in signed:
        values = [" ".join(v.split()) for n, v in headers if n.lower() == name]
        block += name + ":" + ",".join(values) + "\n"
    return "\n".join([method, uri, canonical_query, block, ";".join(signed), payload_hash])


def check(case: pathlib.Path, write: bool) -> list:
    name = case.name
    req = (case / f"{name}.req").read_bytes()
    authz = (case / f"{name}.authz").read_text().strip()
    m = re.fullmatch(r"AWS4-HMAC-SHA256 Credential=([^/]+)/(\d{8})/([^/]+)/([^/]+)/aws4_request, "
                     r"SignedHeaders=([^,]+), Signature=([0-9a-f]{64})", authz)
    if not m:
        return [f"{case}: malformed .authz"]
    access_key, date, region, service, signed, signature = m.groups()
    method, target, headers, body = parse_req(req)
    amz_date = next(v.strip() for n, v in headers if n.lower() == "x-amz-date")
    # S3 signs x-amz-content-sha256 as the payload hash; the suite's services hash the body.
    payload = next((v.strip() for n, v in headers if n.lower() == "x-amz-content-sha256"), None) \
        or hashlib.sha256(body).hexdigest()
    creq = canonical_request(method, target, headers, signed.split(";"), payload)
    scope = f"{date}/{region}/{service}/aws4_request"
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(creq.encode()).hexdigest()])
    key = ("AWS4" + SECRETS[access_key]).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    computed = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    if computed != signature:
        return [f"{case}: the published signature {signature} is not reproduced ({computed})"]
    problems = []
    chunks = case / f"{name}.chunks"
    if chunks.exists():
        # sigv4-streaming.html "Example: PUT Object": the object is bytes of `a`; each chunk's string to
        # sign chains the previous signature, starting from the seed (the Authorization signature).
        previous = signature
        for line in chunks.read_text().split("\n"):
            if not line:
                continue
            size, expected = line.split(" ")
            chunk_sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", amz_date, scope, previous,
                                   hashlib.sha256(b"").hexdigest(), hashlib.sha256(b"a" * int(size)).hexdigest()])
            previous = hmac.new(key, chunk_sts.encode(), hashlib.sha256).hexdigest()
            if previous != expected:
                problems.append(f"{chunks}: chunk of {size} bytes signs to {previous}, not {expected}")
    head, _, rest = req.partition(b"\n\n")
    lines = head.split(b"\n")
    sreq = b"\n".join(lines[:2] + [b"Authorization:" + authz.encode()] + lines[2:]) + b"\n\n" + rest
    files = {f"{name}.creq": creq.encode(), f"{name}.sts": sts.encode(), f"{name}.sreq": sreq}
    for file, content in files.items():
        path = case / file
        if write:
            path.write_bytes(content)
        elif not path.exists() or path.read_bytes() != content:
            problems.append(f"{path}: differs from what the published signature confirms")
    return problems


def main() -> int:
    write = "--write" in sys.argv[1:]
    cases = sorted(p.parent for p in HERE.glob("*/*/*.authz"))
    problems = [p for case in cases for p in check(case, write)]
    for p in problems:
        print(p)
    print(f"{len(cases) - len({p.split(':')[0] for p in problems})}/{len(cases)} cases consistent")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
