#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/Corpus/<target>/ (committed; rerun after changing a seed).

Seeds are the inputs of the unit and end-to-end tests and the published vectors in data/vectors:
request heads from the HTTP tests, aws-chunked bodies as AWSChunkedTests builds them, the XML bodies
of the XML, tagging, lifecycle, versioning and multipart tests, the signed requests of the SigV4
vectors, SigV2 requests signed at the fuzz harness's fixed clock, and the fault plans and rules of the
PailFaults tests. Signatures are computed here with hashlib/hmac so that seeds authenticate and the
fuzzer starts from requests that get past the signature check.
"""
import base64
import hashlib
import hmac
import pathlib
import shutil
import struct

ROOT = pathlib.Path(__file__).resolve().parent
REPO = ROOT.parent
CORPUS = ROOT / "Corpus"

AK, SK = "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SUITE_AK, SUITE_SK = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
AMZ_DATE, SCOPE = "20130524T000000Z", "20130524/us-east-1/s3/aws4_request"
HTTP_DATE = "Fri, 24 May 2013 00:00:00 GMT"
EMPTY = hashlib.sha256(b"").hexdigest()
SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"


def write(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def signing_key(secret, date, region, service):
    k = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        k = hmac.new(k, part.encode(), hashlib.sha256).digest()
    return k


def hmac_hex(key, text):
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


KEY = signing_key(SK, "20130524", "us-east-1", "s3")

# ---------------------------------------------------------------------------------------------- HTTP
http = {
    "get": "GET /b/k?list-type=2&prefix=a%2F HTTP/1.1\r\nHost: h\r\n\r\n",
    "get-http10": "GET /a?b HTTP/1.0\nHost: h\r\nX:  v w \t\n\n",
    "keepalive-pipelined": "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    "http10-keepalive": "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\nGET / HTTP/1.0\r\n\r\n",
    "leading-empty-lines": "\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
    "put-length": "PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET / HTTP/1.1\r\nHost: h\r\n\r\n",
    "put-expect": "PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello",
    "cl-list": "PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2, 2\r\n\r\nok",
    "cl-repeated": "PUT /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok",
    "chunked-trailers": "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "5;ext=1\r\nhello\r\n3 ; a=\"b\"\r\nabc\r\n0\r\nX-Trailer: yes\r\nChecksum: abc\r\n\r\n"
                        "GET /next HTTP/1.1\r\nHost: h\r\n\r\n",
    "chunked-bad-size": "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
    "chunked-aws": "PUT /b/k HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Encoding: aws-chunked\r\n\r\n"
                   "10\r\n3\r\nabc\r\n0\r\n\r\n\r\n0\r\n\r\n",
    "cl-and-te": "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
    "cl-conflict": "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
    "cl-negative": "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n",
    "te-gzip": "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
    "te-not-last": "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
    "obs-fold": "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n",
    "space-before-colon": "GET / HTTP/1.1\r\nHost : h\r\n\r\n",
    "bare-cr": "GET / HTTP/1.1\r\nHost: h\rx\r\n\r\n",
    "version-2": "GET / HTTP/2.0\r\nHost: h\r\n\r\n",
    "utf8-target": "GET /caf\u00e9?q=\u00e9 HTTP/1.1\nX: \u00e9\n\n",
    "many-fields": "GET / HTTP/1.1\r\nHost: h\r\n" + "".join(f"X-{i}: v\r\n" for i in range(25)) + "\r\n",
    "connection-list": "GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\nConnection: foo ,close\r\n\r\nGET / HTTP/1.1\r\n\r\n",
}
for i, (name, wire) in enumerate(http.items()):
    for size in (0, 3):
        write("FuzzHTTPHead", f"{name}-{size}", bytes([size]) + wire.encode())

# ------------------------------------------------------------------------------------- aws-chunked
def encode_unsigned(data, chunk, trailers):
    out = b""
    for i in range(0, len(data), chunk):
        part = data[i:i + chunk]
        out += b"%x\r\n" % len(part) + part + b"\r\n"
    out += b"0\r\n" + b"".join(f"{n}:{v}\r\n".encode() for n, v in trailers) + b"\r\n"
    return out


def encode_signed(data, chunk, trailers):
    prev, out = SEED, b""

    def header(part):
        nonlocal prev
        sts = "\n".join(["AWS4-HMAC-SHA256-PAYLOAD", AMZ_DATE, SCOPE, prev, EMPTY, hashlib.sha256(part).hexdigest()])
        prev = hmac_hex(KEY, sts)
        return b"%x;chunk-signature=%s\r\n" % (len(part), prev.encode())

    for i in range(0, len(data), chunk):
        part = data[i:i + chunk]
        out += header(part) + part + b"\r\n"
    out += header(b"")
    if trailers:
        canonical = "".join(f"{n}:{v}\n" for n, v in trailers)
        out += "".join(f"{n}:{v}\r\n" for n, v in trailers).encode()
        sts = "\n".join(["AWS4-HMAC-SHA256-TRAILER", AMZ_DATE, SCOPE, prev, hashlib.sha256(canonical.encode()).hexdigest()])
        out += f"x-amz-trailer-signature:{hmac_hex(KEY, sts)}\r\n".encode()
    return out + b"\r\n"


crc = [("x-amz-checksum-crc32", "DUoRhQ==")]
data = b"hello world, " * 5
raw = {
    "unsigned": (0, encode_unsigned(data, 16, [])),
    "unsigned-trailer": (2, encode_unsigned(b"hello world", 5, crc)),
    "unsigned-ext": (2, b"5;foo=bar\r\nhello\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"),
    "unsigned-empty": (0, b"0\r\n\r\n"),
    "signed": (1, encode_signed(data, 16, [])),
    "signed-trailer": (3, encode_signed(b"hello world", 4, crc + [("x-amz-meta-a", "b")])),
    "signed-empty": (1, encode_signed(b"", 8, [])),
    "signed-one-byte-chunks": (1, encode_signed(b"abc", 1, [])),
}
for name, (flags, body) in raw.items():
    for read, out in ((100, 5), (1, 0), (7, 2)):
        write("FuzzAWSChunked", f"{name}-{read}-{out}", bytes([flags, read - 1, out]) + body)
for signed in (0, 1):
    for pick in range(4):
        write("FuzzAWSChunked", f"roundtrip-{signed}-{pick}",
              bytes([0x80 | signed, 10, 3, 15, pick, 0, 40, 0x20]) + b"the quick brown fox jumps over the lazy dog")

# --------------------------------------------------------------------------------------------- XML
NS = ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'
xml = {
    "complete": f'<CompleteMultipartUpload{NS}><Part><PartNumber>1</PartNumber><ETag>"a54357aff0632cce46d942af68356b38"</ETag></Part>'
                '<Part><PartNumber>2</PartNumber><ETag>"0c78aef83f66abc1fa1e8477f296d394"</ETag><ChecksumCRC32>DUoRhQ==</ChecksumCRC32></Part></CompleteMultipartUpload>',
    "complete-bad-order": "<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>x</ETag></Part><Part><PartNumber>1</PartNumber><ETag>y</ETag></Part></CompleteMultipartUpload>",
    "delete": f'<?xml version="1.0" encoding="UTF-8"?>\n<Delete{NS}><Object><Key>a&amp;b</Key></Object>'
              '<Object><Key>k</Key><VersionId>null</VersionId></Object><Object><Key>e</Key><ETag>"x"</ETag></Object><Quiet>true</Quiet></Delete>',
    "delete-cdata": "<Delete><Object><Key><![CDATA[a<b]]></Key></Object><!-- c --></Delete>",
    "tagging": f'<Tagging{NS}><TagSet><Tag><Key>k</Key><Value>v</Value></Tag><Tag><Key>a b</Key><Value/></Tag></TagSet></Tagging>',
    "tagging-entities": "<Tagging><TagSet><Tag><Key>&lt;&#x41;&#13;</Key><Value>\u00e9\U0001F600</Value></Tag></TagSet></Tagging>",
    "versioning": f"<VersioningConfiguration{NS}><Status>Enabled</Status></VersioningConfiguration>",
    "versioning-mfa": "<VersioningConfiguration><Status> Suspended </Status><MfaDelete>Disabled</MfaDelete></VersioningConfiguration>",
    "create-bucket": f"<CreateBucketConfiguration{NS}><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>",
    "lifecycle": "<LifecycleConfiguration><Rule><ID>r1</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status>"
                 "<Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition>"
                 "<Expiration><Date>2030-01-01T00:00:00.000Z</Date></Expiration>"
                 "<NoncurrentVersionTransition><NoncurrentDays>5</NoncurrentDays><StorageClass>STANDARD_IA</StorageClass></NoncurrentVersionTransition>"
                 "<NoncurrentVersionExpiration><NoncurrentDays>10</NoncurrentDays><NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration>"
                 "<AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload></Rule></LifecycleConfiguration>",
    "lifecycle-and": "<LifecycleConfiguration><Rule><Filter><And><Prefix>a</Prefix><Tag><Key>a</Key><Value>1</Value></Tag>"
                     "<ObjectSizeGreaterThan>0</ObjectSizeGreaterThan><ObjectSizeLessThan>5</ObjectSizeLessThan></And></Filter>"
                     "<Status>Disabled</Status><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration></Rule>"
                     "<Rule><ID></ID><Prefix> a/ </Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration></Rule></LifecycleConfiguration>",
    "lifecycle-tag-filter": "<LifecycleConfiguration><Rule><ID>t</ID><Filter><Tag><Key>k</Key><Value>&lt;v&gt;</Value></Tag></Filter>"
                            "<Status>Enabled</Status><Expiration><Date>2024-01-01</Date></Expiration></Rule></LifecycleConfiguration>",
    "doctype": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><Delete><Object><Key>&lol;</Key></Object></Delete>',
    "prefixed": '<s3:Delete xmlns:s3="http://s3.amazonaws.com/doc/2006-03-01/"><s3:Object><s3:Key>k</s3:Key></s3:Object></s3:Delete>',
    "pi-comment": "<?xml version='1.0'?><?pi x?><Tagging><!--c--><TagSet/></Tagging>",
}
for name, body in xml.items():
    write("FuzzXML", name, body)

# -------------------------------------------------------------------------------------------- SigV4
def crlf(text):
    return text.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


for sreq in sorted((REPO / "data" / "vectors").glob("*/*/*.sreq")):
    head, _, body = sreq.read_bytes().partition(b"\n\n")
    if b"x-amz-content-sha256" not in head.lower():
        # S3 requires the payload hash header; unsigned here, it leaves the signature as published.
        head += b"\nx-amz-content-sha256:" + hashlib.sha256(body).hexdigest().encode()
    write("FuzzSigV4", sreq.stem, crlf(head + b"\n\n"))


def sign_v4(method, target, headers, signed, payload):
    path, _, query = target.partition("?")
    from urllib.parse import unquote_to_bytes
    unreserved = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    enc = lambda raw, slash: "".join(chr(b) if b in unreserved or (b == 0x2F and not slash) else "%%%02X" % b for b in raw)
    pairs = sorted((enc(unquote_to_bytes(n), True), enc(unquote_to_bytes(v), True))
                   for n, _, v in (p.partition("=") for p in query.split("&") if p))
    block = "".join(n + ":" + ",".join(" ".join(v.split()) for k, v in headers if k.lower() == n) + "\n" for n in signed)
    creq = "\n".join([method, enc(unquote_to_bytes(path), False), "&".join(a + "=" + b for a, b in pairs), block, ";".join(signed), payload])
    sts = "\n".join(["AWS4-HMAC-SHA256", AMZ_DATE, SCOPE, hashlib.sha256(creq.encode()).hexdigest()])
    return hmac_hex(KEY, sts)


def v4_request(name, method, target, extra, signed, payload=EMPTY, presign=False):
    headers = [("Host", "examplebucket.s3.amazonaws.com")] + extra
    if presign:
        q = ("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=" + AK + "%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
             "&X-Amz-Date=" + AMZ_DATE + "&X-Amz-Expires=86400&X-Amz-SignedHeaders=" + "%3B".join(signed))
        target += ("&" if "?" in target else "?") + q
        sig = sign_v4(method, target, headers, signed, "UNSIGNED-PAYLOAD")
        target += "&X-Amz-Signature=" + sig
    else:
        headers += [("x-amz-date", AMZ_DATE), ("x-amz-content-sha256", payload)]
        signed = sorted(set(signed) | {"host", "x-amz-date", "x-amz-content-sha256"})
        sig = sign_v4(method, target, headers, signed, payload)
        headers.append(("Authorization", f"AWS4-HMAC-SHA256 Credential={AK}/{SCOPE},SignedHeaders={';'.join(signed)},Signature={sig}"))
    wire = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers) + "\r\n"
    write("FuzzSigV4", name, wire)


v4_request("presigned-get", "GET", "/test.txt", [], ["host"], presign=True)
v4_request("presigned-put-token", "PUT", "/a%20b/c~d?uploadId=x%2By", [("x-amz-meta-k", "v")], ["host", "x-amz-meta-k"], presign=True)
v4_request("unsigned-payload", "PUT", "/k%2Fj?tagging", [("Content-Type", "text/plain")], ["content-type"], payload="UNSIGNED-PAYLOAD")
v4_request("streaming-trailer", "PUT", "/k", [("Content-Encoding", "aws-chunked"), ("x-amz-trailer", "x-amz-checksum-crc32"),
                                             ("x-amz-decoded-content-length", "11")],
           ["content-encoding", "x-amz-decoded-content-length", "x-amz-trailer"], payload="STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
v4_request("streaming-unsigned-trailer", "PUT", "/k", [("x-amz-trailer", "x-amz-checksum-crc32")], ["x-amz-trailer"],
           payload="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
v4_request("list-v2", "GET", "/?list-type=2&prefix=a%2Fb&delimiter=%2F&encoding-type=url&start-after=", [], [])
v4_request("delete-objects", "POST", "/?delete", [("Content-MD5", "1B2M2Y8AsgTpgAmY7PhCfg=="), ("Range", "bytes=0-9")],
           ["content-md5", "range"])

# -------------------------------------------------------------------------------------------- SigV2
SUB = {"acl", "delete", "lifecycle", "location", "partNumber", "policy", "tagging", "uploadId", "uploads",
       "versionId", "versioning", "versions", "response-content-type"}


def sign_v2(method, bucket, target, headers, expires=None):
    from urllib.parse import unquote
    path, _, query = target.partition("?")
    get = lambda n: next((v.strip() for k, v in headers if k.lower() == n), "")
    amz = {}
    for k, v in headers:
        if k.lower().startswith("x-amz-"):
            amz.setdefault(k.lower(), []).append(v.strip())
    for part in query.split("&") if query else []:
        # botocore moves x-amz-* headers into a SigV2 presigned query; they are signed as amz headers.
        n, _, v = part.partition("=")
        if n.lower().startswith("x-amz-"):
            amz.setdefault(n.lower(), []).append(unquote(v))
    resource = (f"/{bucket}" if bucket else "") + (path or "/")
    picked = []
    for part in query.split("&") if query else []:
        n, eq, v = part.partition("=")
        if n in SUB:
            picked.append(n + ("=" + unquote(v) if eq else ""))
    if picked:
        resource += "?" + "&".join(sorted(picked, key=lambda p: p.partition("=")[0]))
    date = expires if expires is not None else ("" if "x-amz-date" in amz else get("date"))
    sts = "\n".join([method, get("content-md5"), get("content-type"), date]) + "\n" + \
          "".join(f"{n}:{','.join(amz[n])}\n" for n in sorted(amz)) + resource
    return base64.b64encode(hmac.new(SK.encode(), sts.encode(), hashlib.sha1).digest()).decode()


def v2_request(name, method, host, bucket, target, extra, query_auth=False):
    headers = [("Host", host)] + extra
    if query_auth:
        from urllib.parse import quote
        expires = "1369360800"
        sig = sign_v2(method, bucket, target, headers, expires)
        target += ("&" if "?" in target else "?") + f"AWSAccessKeyId={AK}&Expires={expires}&Signature={quote(sig, safe='')}"
    else:
        if not any(k.lower() in ("date", "x-amz-date") for k, _ in extra):
            headers.append(("Date", HTTP_DATE))
        headers.append(("Authorization", f"AWS {AK}:{sign_v2(method, bucket, target, headers)}"))
    write("FuzzSigV2", name, f"{method} {target} HTTP/1.1\r\n" + "".join(f"{n}: {v}\r\n" for n, v in headers) + "\r\n")


v2_request("get-object-vhost", "GET", "johnsmith.s3.amazonaws.com", "johnsmith", "/photos/puppy.jpg", [])
v2_request("put-object-path", "PUT", "s3.amazonaws.com", None, "/johnsmith/photos/puppy.jpg",
           [("Content-Type", "image/jpeg"), ("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="), ("x-amz-meta-a", " b "), ("X-Amz-Meta-A", "c")])
v2_request("list-acl", "GET", "s3.amazonaws.com", None, "/johnsmith/?acl&prefix=photos&versionId=a%2Fb", [])
v2_request("amz-date", "DELETE", "s3.amazonaws.com", None, "/johnsmith/photos/puppy.jpg", [("x-amz-date", HTTP_DATE)])
v2_request("uploads", "POST", "johnsmith.s3.amazonaws.com", "johnsmith", "/k?uploads", [("x-amz-security-token", "tok")])
v2_request("query-auth", "GET", "johnsmith.s3.amazonaws.com", "johnsmith", "/photos/puppy.jpg?response-content-type=text%2Fplain", [],
           query_auth=True)
v2_request("query-auth-token", "GET", "s3.amazonaws.com", None, "/johnsmith/k?x-amz-security-token=t", [], query_auth=True)

# ------------------------------------------------------------------------------------- fault rules
faults = {
    "rule": '{"id":"slow-puts","description":"d","match":{"operations":["PutObject"],"bucket":"photos","keyGlob":"*.jpg",'
            '"keyPrefix":"a/","method":"PUT","accessKey":"AKIDEXAMPLE","header":{"name":"Content-Type","value":"image/*"}},'
            '"when":{"first":2},"action":{"type":"error","code":"SlowDown"}}',
    "array": '[{"action":{"type":"latency","ms":5,"phase":"beforeBody"}},{"when":"once","action":{"type":"reset","afterBytes":3}},'
             '{"when":{"every":2},"action":{"type":"corrupt","offset":3,"count":2}}]',
    "plan": '{"seed":7,"rules":[{"match":{"service":"sts"},"when":{"window":{"fromSeconds":0,"toSeconds":30}},'
            '"action":{"type":"expireCredentials"}},{"when":{"probability":0.25},"action":{"type":"truncate","afterBytes":5}}]}',
    "window-dates": '{"when":{"window":{"start":"2023-11-14T22:13:20Z","end":"2026-01-01T00:05:00.5Z"}},"action":{"type":"stall","ms":10}}',
    "misc": '[{"when":{"after":1},"action":{"type":"lostWrite","keepOld":true}},{"action":{"type":"staleRead"}},'
            '{"action":{"type":"clockSkew","seconds":-300}},{"action":{"type":"bandwidth","bytesPerSecond":65536}},'
            '{"action":{"type":"error","code":"AccessDenied","status":401,"message":"m"}}]',
    "header-list": "latency=100, error=SlowDown,,reset=1024, corrupt=10:4, stall, lostWrite=keepOld, clockSkew=-300",
    "header-forms": "error=503, error=403:MyCode, latency=500:beforeBody, bandwidth=65536, truncate=100, staleRead, expireCredentials",
    "header-json": '{"type":"error","code":"InternalError"}',
}
for name, body in faults.items():
    write("FuzzFaultRules", name, body)
shutil.copy(REPO / "data" / "faults" / "example-plan.json", CORPUS / "FuzzFaultRules" / "example-plan.json")
# Policy documents: the statements of the policy tests (wrapped in a document where a test wraps
# them), whole documents of the parse tests, and one that uses every condition family.
import re
policy_sources = [REPO / "Tests" / "PailS3Tests" / n for n in ("PolicyEvaluateTests.swift", "PolicyParseTests.swift")]
policies = []
for src in policy_sources:
    text = src.read_text()
    literals = re.findall(r'#"(\{.*?\})"#', text) + [
        block for block in re.findall(r'(?<!#)"""\n(.*?)\n\s*"""', text, re.S)]
    for lit in literals:
        if "\\(" in lit or "\\#(" in lit:
            continue  # interpolated: not a document on its own
        lit = "\n".join(line.strip() for line in lit.splitlines())
        doc = lit if lit.lstrip().startswith('{"Version"') else '{"Version":"2012-10-17","Statement":[' + lit + "]}"
        if doc not in policies:
            policies.append(doc)
policies.append(
    '{"Version":"2012-10-17","Id":"all-conditions","Statement":['
    '{"Sid":"ip","Effect":"Deny","Principal":"*","Action":["s3:GetObject","s3:Put*"],"Resource":"arn:aws:s3:::b/*",'
    '"Condition":{"NotIpAddress":{"aws:SourceIp":["192.0.2.0/24","2001:db8::/32"]},"Bool":{"aws:SecureTransport":"false"}}},'
    '{"Sid":"home","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::000000000000:user/alice","AKIDEXAMPLE"]},'
    '"Action":"s3:ListBucket","Resource":"arn:aws:s3:::b","Condition":{"StringLike":{"s3:prefix":["home/${aws:username}/*","${*}"]},'
    '"NumericLessThanEquals":{"s3:max-keys":"1000"},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},'
    '"StringEqualsIgnoreCase":{"aws:UserAgent":"x"},"ArnLike":{"aws:SourceArn":"arn:aws:*"},"Null":{"s3:x-amz-acl":"true"},'
    '"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]},"StringNotEqualsIfExists":{"s3:x-amz-server-side-encryption":"AES256"}}},'
    '{"Effect":"Deny","NotPrincipal":{"AWS":"000000000000"},"NotAction":"s3:Get*","NotResource":["arn:aws:s3:::b/pub/*"]}]}')
for i, doc in enumerate(policies):
    write("FuzzPolicy", f"policy-{i:02d}", doc)
print("corpora:", {d.name: len(list(d.iterdir())) for d in sorted(CORPUS.iterdir())})
