"""Who may do what: a table of requests by several users, role sessions and anonymous curl, each with
the outcome AWS documents and the rule it follows.

One server (module scope) runs with a `--config` of users and roles, an HTTPS listener (for
aws:SecureTransport) and the access log. Each scenario prepares its own bucket(s) once, the first
time one of its cases runs; the cases of a scenario run in the order listed (some change state, and
say so). Sources cited:

- IAM UG / eval:   IAM User Guide, "Policy evaluation logic" (and "…within a single account")
- IAM UG / cond:   IAM User Guide, "IAM JSON policy elements: Condition operators"
- IAM UG / keys:   IAM User Guide, "AWS global condition context keys"
- IAM UG / vars:   IAM User Guide, "IAM policy elements: Variables and tags"
- IAM UG / elems:  IAM User Guide, "IAM JSON policy element reference" (Principal, NotPrincipal,
                   NotAction, NotResource)
- IAM UG / session: IAM User Guide, "Session policies"
- S3 UG / acl:     S3 User Guide, "Access control list (ACL) overview" (permissions, canned ACLs)
- S3 UG / acl-map: S3 User Guide, "Mapping of ACL permissions and access policy permissions"
- S3 UG / own:     S3 User Guide, "Controlling ownership of objects and disabling ACLs"
- S3 UG / bpa:     S3 User Guide, "Blocking public access to your Amazon S3 storage"
- S3 API / bpa:    S3 API reference, PublicAccessBlockConfiguration
- S3 SAR / keys:   Service Authorization Reference, "Condition keys for Amazon S3"
- S3 API / errors: S3 API reference, "Error responses" (MalformedPolicy, MalformedACLError, …)
- S3 UG / lockout: S3 User Guide, bucket policies: the owner's root can always manage the policy
"""
from __future__ import annotations

import json
import re
import subprocess
import urllib3
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from pail_e2e import PailServer, clean_env

pytestmark = pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")

ACCOUNT = "000000000000"
ROOT_KEY, ROOT_SECRET = "tableroot", "tableroot-secret"


def policy(*statements, version="2012-10-17"):
    return {"Version": version, "Statement": list(statements)}


def allow(actions, resources, **extra):
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


CONFIG = {
    "users": [
        {"accessKey": "alice", "secretKey": "alice-secret", "displayName": "Alice", "email": "alice@example.com"},
        {"accessKey": "bob", "secretKey": "bob-secret", "displayName": "Bob", "email": "bob@example.com"},
        {"accessKey": "carol", "secretKey": "carol-secret", "displayName": "carol"},
        {"accessKey": "dana", "secretKey": "dana-secret", "displayName": "dana", "policies": [
            policy(allow("s3:GetObject", "arn:aws:s3:::t-dana/*"),
                   {"Sid": "NoDeletes", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"})]},
        {"accessKey": "eve", "secretKey": "eve-secret", "displayName": "eve", "policies": [
            json.dumps(policy({"Sid": "NotEve", "Effect": "Deny", "NotAction": "s3:CreateBucket", "Resource": "arn:aws:s3:::t-eve*"}))]},
    ],
    "roles": [
        {"name": "reader", "user": "alice",
         "policies": [policy(allow(["s3:GetObject", "s3:ListBucket"], "*"))]},
        {"name": "writer", "user": "alice", "maxSessionSeconds": 7200,
         "policies": [policy(allow(["s3:GetObject", "s3:PutObject", "s3:ListBucket"], "*"))]},
        {"name": "free", "user": "alice"},
    ],
}


# ------------------------------------------------------------------------------------------------
# The server, actors and one request at a time.
# ------------------------------------------------------------------------------------------------
class World:
    def __init__(self, server: PailServer, https: str):
        self.server, self.https = server, https
        self.endpoint = server.endpoint
        self.clients: dict[str, object] = {}
        self.prepared: set[str] = set()

    def client(self, name: str):
        if name not in self.clients:
            self.clients[name] = self._make(name)
        return self.clients[name]

    def s3(self, key, secret, token=None, endpoint=None, sigv2=False):
        cfg = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                     signature_version="s3" if sigv2 else "s3v4")
        return boto3.session.Session().client(
            "s3", endpoint_url=endpoint or self.endpoint, region_name="us-east-1", aws_access_key_id=key,
            aws_secret_access_key=secret, aws_session_token=token, config=cfg, verify=False)

    def sts(self, key=ROOT_KEY, secret=ROOT_SECRET):
        return boto3.session.Session().client("sts", endpoint_url=self.endpoint, region_name="us-east-1",
                                              aws_access_key_id=key, aws_secret_access_key=secret)

    def assume(self, role, session, policy_doc=None):
        kw = {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/{role}", "RoleSessionName": session}
        if policy_doc is not None:
            kw["Policy"] = json.dumps(policy_doc)
        return self.sts().assume_role(**kw)["Credentials"]

    def _make(self, name):
        users = {"root": (ROOT_KEY, ROOT_SECRET), "alice": ("alice", "alice-secret"), "bob": ("bob", "bob-secret"),
                 "carol": ("carol", "carol-secret"), "dana": ("dana", "dana-secret"), "eve": ("eve", "eve-secret")}
        if name in users:
            return self.s3(*users[name])
        if name == "alice-tls":
            return self.s3("alice", "alice-secret", endpoint=self.https)
        if name == "bob-v2":
            return self.s3("bob", "bob-secret", sigv2=True)
        if name == "bob-sts":
            c = self.sts("bob", "bob-secret").get_session_token()["Credentials"]
            return self.s3(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])
        sessions = {
            "reader": ("reader", "rs", None),
            "writer": ("writer", "ws", None),
            "writer-getonly": ("writer", "wg", policy(allow("s3:GetObject", "*"))),
            "writer-put": ("writer", "wp", policy(allow(["s3:PutObject", "s3:GetObject"], "arn:aws:s3:::t-sess/*"))),
            "writer-named": ("writer", "named", policy(allow("s3:GetObject", "*"))),
            "writer-other": ("writer", "other", policy(allow("s3:GetObject", "*"))),
            "free": ("free", "fs", None),
            "free-getonly": ("free", "fg", policy(allow("s3:GetObject", "*"))),
        }
        role, session, doc = sessions[name]
        c = self.assume(role, session, doc)
        return self.s3(c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"])

    # -- anonymous ------------------------------------------------------------------------------
    def curl(self, method, path, data=None, headers=()):
        args = ["curl", "-s", "-k", "-X", method, "-o", "-", "-w", "\n%{http_code}", "--max-time", "10"]
        for h in headers:
            args += ["-H", h]
        if data is not None:
            args += ["--data-binary", data]
        out = subprocess.run(args + [self.endpoint + path], capture_output=True, env=clean_env(), check=True).stdout
        body, _, status = out.rpartition(b"\n")
        return int(status), body


def code_of(e: ClientError) -> str:
    return e.response["Error"]["Code"]


def anon(world, op, bucket, key, kw):
    """Anonymous requests with curl: "ok" for 2xx, else the S3 error code."""
    path = f"/{bucket}" + (f"/{key}" if key else "")
    method, query, data = {
        "get": ("GET", kw.get("query", ""), None),
        "head": ("HEAD", "", None),
        "put": ("PUT", "", b"anonymous bytes"),
        "delete": ("DELETE", "", None),
        "list": ("GET", "?list-type=2" + (f"&prefix={kw['prefix']}" if "prefix" in kw else ""), None),
        "get_acl": ("GET", "?acl", None),
        "get_policy": ("GET", "?policy", None),
        "list_buckets": ("GET", "", None),
    }[op]
    if op == "list_buckets":
        path = "/"
    headers = [f"x-amz-acl: {kw['acl']}"] if "acl" in kw else []
    if method == "HEAD":
        out = subprocess.run(["curl", "-s", "-I", "-o", "/dev/null", "-w", "%{http_code}", world.endpoint + path],
                             capture_output=True, env=clean_env(), check=True).stdout
        status = int(out)
        return "ok" if status < 300 else str(status)
    status, body = world.curl(method, path + query, data, headers)
    if status < 300:
        return "ok"
    m = re.search(rb"<Code>([^<]+)</Code>", body)
    return m.group(1).decode() if m else str(status)


def call(world: World, actor: str, op: str, bucket: str, key: str | None, kw: dict):
    if actor == "anon":
        return anon(world, op, bucket, key, kw)
    c = world.client(actor)
    extra = {k: v for k, v in kw.items() if k not in ("prefix",)}
    try:
        if op == "get":
            r = c.get_object(Bucket=bucket, Key=key, **extra)
            r["Body"].read()
        elif op == "head":
            c.head_object(Bucket=bucket, Key=key, **extra)
        elif op == "put":
            c.put_object(Bucket=bucket, Key=key, Body=b"table bytes", **extra)
        elif op == "delete":
            c.delete_object(Bucket=bucket, Key=key, **extra)
        elif op == "list":
            c.list_objects_v2(Bucket=bucket, **({"Prefix": kw["prefix"]} if "prefix" in kw else {}))
        elif op == "list_buckets":
            c.list_buckets()
        elif op == "create_bucket":
            c.create_bucket(Bucket=bucket, **extra)
        elif op == "get_acl":
            (c.get_object_acl(Bucket=bucket, Key=key, **extra) if key else c.get_bucket_acl(Bucket=bucket))
        elif op == "put_acl":
            (c.put_object_acl(Bucket=bucket, Key=key, **extra) if key else c.put_bucket_acl(Bucket=bucket, **extra))
        elif op == "get_policy":
            c.get_bucket_policy(Bucket=bucket)
        elif op == "put_policy":
            c.put_bucket_policy(Bucket=bucket, Policy=extra["Policy"] if isinstance(extra["Policy"], str) else json.dumps(extra["Policy"]))
        elif op == "delete_policy":
            c.delete_bucket_policy(Bucket=bucket)
        elif op == "put_tagging":
            c.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "k", "Value": "v"}]})
        elif op == "put_ownership":
            c.put_bucket_ownership_controls(Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": extra["Ownership"]}]})
        elif op == "delete_bucket":
            c.delete_bucket(Bucket=bucket)
        elif op == "copy":
            c.copy_object(Bucket=bucket, Key=key, CopySource=extra["CopySource"])
        elif op == "delete_objects":
            r = c.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in extra["Keys"]]})
            errors = {e["Key"]: e["Code"] for e in r.get("Errors", [])}
            return ",".join(f"{k}:{errors.get(k, 'ok')}" for k in extra["Keys"])
        elif op == "get_version":
            vid = world.versions[extra["Version"]]
            c.get_object(Bucket=bucket, Key=key, VersionId=vid)["Body"].read()
        else:
            raise AssertionError(f"unknown op {op}")
        return "ok"
    except ClientError as e:
        code = code_of(e)
        if code == "MalformedPolicy":
            return code + ":" + e.response["Error"]["Message"]
        # HEAD answers have no body: botocore reports the status.
        return {"403": "AccessDenied", "404": "NotFound"}.get(code, code)


# ------------------------------------------------------------------------------------------------
# Scenarios: the state each group of cases runs against.
# ------------------------------------------------------------------------------------------------
def fresh(world, bucket, owner="alice", **kw):
    world.client(owner).create_bucket(Bucket=bucket, **kw)


def put(world, bucket, key, owner="alice", **kw):
    return world.client(owner).put_object(Bucket=bucket, Key=key, Body=b"x:" + key.encode(), **kw)


def user_arn(name):
    return f"arn:aws:iam::{ACCOUNT}:user/{name}"


def s_private(w):
    fresh(w, "t-private")
    put(w, "t-private", "k")


def s_grants(w):
    fresh(w, "t-grants")
    a = w.client("alice")
    a.put_bucket_acl(Bucket="t-grants", GrantRead=f"id={w.ids['bob']}", GrantWrite=f"id={w.ids['carol']}",
                     GrantReadACP='emailAddress="bob@example.com"', GrantFullControl=f"id={w.ids['alice']}")
    put(w, "t-grants", "k", GrantRead=f"id={w.ids['bob']}", GrantFullControl=f"id={w.ids['alice']}")
    put(w, "t-grants", "k2")


def s_full(w):
    fresh(w, "t-full")
    w.client("alice").put_bucket_acl(Bucket="t-full", GrantFullControl=f"id={w.ids['bob']}")


def s_public(w):
    fresh(w, "t-public", ACL="public-read")
    put(w, "t-public", "pub", ACL="public-read")
    put(w, "t-public", "priv")


def s_prw(w):
    fresh(w, "t-prw", ACL="public-read-write")


def s_authread(w):
    fresh(w, "t-authread", ACL="authenticated-read")
    put(w, "t-authread", "k", ACL="authenticated-read")


def s_preferred(w):
    fresh(w, "t-preferred")
    a = w.client("alice")
    a.put_bucket_ownership_controls(Bucket="t-preferred", OwnershipControls={"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    a.put_bucket_acl(Bucket="t-preferred", GrantWrite=f"id={w.ids['bob']}", GrantFullControl=f"id={w.ids['alice']}")


def s_enforced(w):
    fresh(w, "t-enforced", ObjectOwnership="BucketOwnerEnforced")


def s_pab_block(w):
    fresh(w, "t-pab-block", ACL="public-read")
    put(w, "t-pab-block", "pub", ACL="public-read")
    w.client("alice").put_public_access_block(Bucket="t-pab-block", PublicAccessBlockConfiguration={"BlockPublicAcls": True})


def s_pab_ignore(w):
    fresh(w, "t-pab-ignore", ACL="public-read")
    put(w, "t-pab-ignore", "pub", ACL="public-read")
    put(w, "t-pab-ignore", "granted", GrantRead=f"id={w.ids['bob']}", GrantFullControl=f"id={w.ids['alice']}")
    w.client("alice").put_public_access_block(Bucket="t-pab-ignore", PublicAccessBlockConfiguration={"IgnorePublicAcls": True})


def s_pab_policy(w):
    fresh(w, "t-pab-policy")
    w.client("alice").put_public_access_block(Bucket="t-pab-policy", PublicAccessBlockConfiguration={"BlockPublicPolicy": True})


PUBLIC_GET = lambda b: policy({"Sid": "PublicGet", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",  # noqa: E731
                               "Resource": f"arn:aws:s3:::{b}/*"})


def s_pab_restrict(w):
    a = w.client("alice")
    for b in ("t-pubpolicy", "t-pab-restrict"):
        fresh(w, b)
        put(w, b, "k")
        put(w, b, "acl-pub", ACL="public-read")
        a.put_bucket_policy(Bucket=b, Policy=json.dumps(PUBLIC_GET(b)))
    a.put_public_access_block(Bucket="t-pab-restrict", PublicAccessBlockConfiguration={"RestrictPublicBuckets": True})


def s_policy(w):
    fresh(w, "t-policy")
    for k in ("shared/a", "shared/secret1", "other", "keep/x", "public/p"):
        put(w, "t-policy", k)
    doc = policy(
        {"Sid": "BobShared", "Effect": "Allow", "Principal": {"AWS": user_arn("Bob")}, "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::t-policy/shared/*"},
        {"Sid": "NoSecrets", "Effect": "Deny", "Principal": {"AWS": "bob"}, "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::t-policy/shared/secret*"},
        {"Sid": "CarolInbox", "Effect": "Allow", "Principal": {"AWS": ["carol"]}, "Action": "s3:PutObject",
         "Resource": "arn:aws:s3:::t-policy/inbox/*"},
        {"Sid": "ListPublic", "Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket",
         "Resource": "arn:aws:s3:::t-policy", "Condition": {"StringLike": {"s3:prefix": "public/*"}}},
        {"Sid": "BobDeletes", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:DeleteObject",
         "NotResource": "arn:aws:s3:::t-policy/keep/*"},
        {"Sid": "OnlyAliceTags", "Effect": "Deny", "NotPrincipal": {"AWS": [user_arn("Alice"), f"arn:aws:iam::{ACCOUNT}:root"]},
         "Action": "s3:PutBucketTagging", "Resource": "arn:aws:s3:::t-policy"},
        {"Sid": "CarolAnythingButDelete", "Effect": "Allow", "Principal": {"AWS": "carol"}, "NotAction": "s3:DeleteObject",
         "Resource": "arn:aws:s3:::t-policy/carol/*"},
        {"Sid": "CanonicalBob", "Effect": "Allow", "Principal": {"CanonicalUser": w.ids["bob"]}, "Action": "s3:GetBucketAcl",
         "Resource": "arn:aws:s3:::t-policy"},
    )
    w.client("alice").put_bucket_policy(Bucket="t-policy", Policy=json.dumps(doc))


def s_lock(w):
    fresh(w, "t-lock")
    put(w, "t-lock", "k")
    doc = policy({"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": ["s3:DeleteObject", "s3:GetBucketPolicy"],
                  "Resource": ["arn:aws:s3:::t-lock/*", "arn:aws:s3:::t-lock"]})
    w.client("alice").put_bucket_policy(Bucket="t-lock", Policy=json.dumps(doc))


def s_cond(w):
    fresh(w, "t-cond")
    for k in ("ip/k", "far/k", "tls/k", "nolocal/k", "old/k", "new/k", "null/k", "home/Bob/x", "home/carol/x", "arn/k",
              "v4only/k"):
        put(w, "t-cond", k)
    put(w, "t-cond", "tagged/blue", Tagging="team=blue")
    put(w, "t-cond", "tagged/red", Tagging="team=red")
    b = "arn:aws:s3:::t-cond"
    doc = policy(
        {"Sid": "Localhost", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{b}/ip/*",
         "Condition": {"IpAddress": {"aws:SourceIp": ["127.0.0.0/8", "::1/128"]}}},
        {"Sid": "TenNet", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{b}/far/*",
         "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
        {"Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{b}/tls/*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "BlueTeam", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:GetObject", "Resource": f"{b}/tagged/*",
         "Condition": {"StringEquals": {"s3:ExistingObjectTag/team": "blue"}}},
        {"Sid": "BobPrefix", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:ListBucket", "Resource": b,
         "Condition": {"StringEquals": {"s3:prefix": "bob/"}}},
        {"Sid": "OwnerFullControl", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:PutObject",
         "Resource": f"{b}/upload/*", "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}},
        {"Sid": "NotFromElsewhere", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{b}/nolocal/*",
         "Condition": {"NotIpAddress": {"aws:SourceIp": ["127.0.0.0/8", "::1/128"]}}},
        {"Sid": "Before2000", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:GetObject", "Resource": f"{b}/old/*",
         "Condition": {"DateLessThan": {"aws:CurrentTime": "2000-01-01T00:00:00Z"}}},
        {"Sid": "After2000", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:GetObject", "Resource": f"{b}/new/*",
         "Condition": {"DateGreaterThan": {"aws:CurrentTime": "2000-01-01T00:00:00Z"}}},
        {"Sid": "NoUserName", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{b}/null/*",
         "Condition": {"Null": {"aws:username": "true"}}},
        {"Sid": "Home", "Effect": "Allow", "Principal": {"AWS": ["bob", "carol"]}, "Action": "s3:GetObject",
         "Resource": f"{b}/home/${{aws:username}}/*"},
        {"Sid": "CarolByArn", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"{b}/arn/*",
         "Condition": {"ArnEquals": {"aws:PrincipalArn": user_arn("carol")}}},
        {"Sid": "BobV4", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:GetObject", "Resource": f"{b}/v4only/*",
         "Condition": {"StringEquals": {"s3:signatureversion": "AWS4-HMAC-SHA256"}}},
    )
    w.client("alice").put_bucket_policy(Bucket="t-cond", Policy=json.dumps(doc))


def s_identity(w):
    fresh(w, "t-dana")
    put(w, "t-dana", "k")
    fresh(w, "t-eve", owner="eve")


def s_sessions(w):
    a = w.client("alice")
    for b in ("t-sess", "t-sess2", "t-sess3"):
        fresh(w, b)
        put(w, b, "k")
    a.put_bucket_policy(Bucket="t-sess2", Policy=json.dumps(policy(
        {"Sid": "NamedSession", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:sts::{ACCOUNT}:assumed-role/writer/named"},
         "Action": "s3:PutObject", "Resource": "arn:aws:s3:::t-sess2/*"})))
    a.put_bucket_policy(Bucket="t-sess3", Policy=json.dumps(policy(
        {"Sid": "ReaderRoleWrites", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/reader"},
         "Action": "s3:PutObject", "Resource": "arn:aws:s3:::t-sess3/*"})))


def s_copy(w):
    fresh(w, "t-copy-dst", owner="bob")
    s_grants_once(w)
    s_private_once(w)


def s_grants_once(w):
    if "grants" not in w.prepared:
        s_grants(w)
        w.prepared.add("grants")


def s_private_once(w):
    if "private" not in w.prepared:
        s_private(w)
        w.prepared.add("private")


def s_multidelete(w):
    fresh(w, "t-multidel")
    for k in ("tmp/a", "keep/b"):
        put(w, "t-multidel", k)
    w.client("alice").put_bucket_policy(Bucket="t-multidel", Policy=json.dumps(policy(
        {"Sid": "BobTmp", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:DeleteObject",
         "Resource": "arn:aws:s3:::t-multidel/tmp/*"})))


def s_versions(w):
    fresh(w, "t-ver")
    a = w.client("alice")
    a.put_bucket_versioning(Bucket="t-ver", VersioningConfiguration={"Status": "Enabled"})
    w.versions["v1"] = put(w, "t-ver", "k", ACL="public-read")["VersionId"]
    w.versions["v2"] = put(w, "t-ver", "k")["VersionId"]


def s_none(w):
    pass


SCENARIOS = {
    "private": s_private, "grants": s_grants, "full": s_full, "public": s_public, "prw": s_prw,
    "authread": s_authread, "preferred": s_preferred, "enforced": s_enforced, "pab-block": s_pab_block,
    "pab-ignore": s_pab_ignore, "pab-policy": s_pab_policy, "pab-restrict": s_pab_restrict, "policy": s_policy,
    "lock": s_lock, "cond": s_cond, "identity": s_identity, "sessions": s_sessions, "copy": s_copy,
    "multidelete": s_multidelete, "versions": s_versions, "none": s_none,
}


# ------------------------------------------------------------------------------------------------
# The table.
# ------------------------------------------------------------------------------------------------
R_IMPLICIT = "IAM UG / eval: a request no policy or ACL allows is implicitly denied"
R_ROOT = "IAM UG / eval: the root user of the account has full access"
R_OWNER = "S3 UG / acl: the bucket owner has FULL_CONTROL of its bucket (default ACL)"
R_ANON = "S3 UG / acl: anonymous requests are allowed only through grants to AllUsers or a policy for Principal *"
R_ACL_READ_B = "S3 UG / acl-map: READ on a bucket allows s3:ListBucket"
R_ACL_READ_O = "S3 UG / acl-map: READ on an object allows s3:GetObject"
R_ACL_WRITE = "S3 UG / acl-map: WRITE on a bucket allows s3:PutObject and s3:DeleteObject"
R_ACL_READ_ACP = "S3 UG / acl-map: READ_ACP allows s3:GetBucketAcl / s3:GetObjectAcl"
R_ACL_WRITE_ACP = "S3 UG / acl-map: WRITE_ACP allows s3:PutBucketAcl / s3:PutObjectAcl"
R_ACL_FULL = "S3 UG / acl: FULL_CONTROL gives READ, WRITE, READ_ACP and WRITE_ACP"
R_ACL_NOT_POLICY = "S3 UG / acl-map: no ACL permission maps to s3:PutBucketPolicy or s3:DeleteBucket (owner only)"
R_CANNED_PR = "S3 UG / acl (Canned ACL): public-read gives the AllUsers group READ"
R_CANNED_PRW = "S3 UG / acl (Canned ACL): public-read-write gives the AllUsers group READ and WRITE"
R_CANNED_AUTH = "S3 UG / acl (Canned ACL): authenticated-read gives the AuthenticatedUsers group READ"
R_CANNED_BOFC = "S3 UG / acl (Canned ACL): bucket-owner-full-control gives the bucket owner FULL_CONTROL of the object"
R_CANNED_BOR = "S3 UG / acl (Canned ACL): bucket-owner-read gives the bucket owner READ of the object"
R_WRITER_OWNS = "S3 UG / own: with ObjectWriter the account that uploads an object owns it and its ACL"
R_PREFERRED = "S3 UG / own: BucketOwnerPreferred: an object uploaded with bucket-owner-full-control is the bucket owner's"
R_ENFORCED = "S3 UG / own: BucketOwnerEnforced disables ACLs; a request setting an ACL other than bucket-owner-full-control fails (AccessControlListNotSupported)"
R_ENFORCED_GRANTS = "S3 UG / own: with ACLs disabled, ACL grants no longer give access; the bucket owner owns every object"
R_BLOCK_ACLS = "S3 API / bpa: BlockPublicAcls: PUT Object, PUT Bucket ACL and PUT Object ACL calls fail if the ACL is public"
R_BLOCK_ACLS_KEEP = "S3 API / bpa: BlockPublicAcls: enabling this setting doesn't affect existing policies or ACLs"
R_IGNORE = "S3 API / bpa: IgnorePublicAcls: S3 ignores all public ACLs on this bucket and objects in this bucket"
R_IGNORE_PRIVATE = "S3 API / bpa: IgnorePublicAcls ignores public ACLs only: grants to named accounts still apply"
R_BLOCK_POLICY = "S3 API / bpa: BlockPublicPolicy: PUT Bucket policy fails if the policy allows public access"
R_RESTRICT = "S3 API / bpa: RestrictPublicBuckets: with a public policy, only the bucket owner's account has access"
R_POLICY_ALLOW = "IAM UG / eval: within an account, an allow in a resource-based policy (bucket policy) suffices"
R_POLICY_DENY = "IAM UG / eval: an explicit deny in any policy overrides any allow"
R_POLICY_PRINCIPAL = "IAM UG / elems: Principal names IAM users by ARN (and, in Pail, access key) or canonical user id"
R_NOTPRINCIPAL = "IAM UG / elems: NotPrincipal with Deny denies everyone except the principals listed"
R_NOTACTION = "IAM UG / elems: NotAction matches every action except those listed"
R_NOTRESOURCE = "IAM UG / elems: NotResource matches every resource except those listed"
R_LOCKOUT = "S3 UG / lockout: the bucket owner's account can always perform GetBucketPolicy/PutBucketPolicy/DeleteBucketPolicy"
R_IDENTITY = "IAM UG / eval: within an account, an allow in an identity-based policy suffices"
R_IDENTITY_DENY = "IAM UG / eval: an explicit deny in an identity-based policy applies even to the user's own buckets"
R_SESSION = "IAM UG / session: a session's permissions are the intersection of the role's policies and the session policy"
R_SESSION_DIRECT = "IAM UG / session: a resource-based policy naming the session's ARN is not limited by the session policy"
R_SESSION_ROLE_ARN = "IAM UG / eval: a resource-based policy naming the role ARN allows its sessions (no session policy here)"
R_GETSESSIONTOKEN = "IAM UG / 'Comparing the AWS STS API operations': GetSessionToken credentials have the user's permissions"
R_COND_IP = "IAM UG / cond: IpAddress / NotIpAddress match aws:SourceIp against CIDR ranges"
R_COND_TLS = "IAM UG / keys: aws:SecureTransport is true only for requests over TLS"
R_COND_TAG = "S3 SAR / keys: s3:ExistingObjectTag/<key> is the tag value of the object the request acts on"
R_COND_PREFIX = "S3 SAR / keys: s3:prefix is the ListBucket prefix parameter"
R_COND_ACL = "S3 SAR / keys: s3:x-amz-acl is the canned ACL the request asks for"
R_COND_DATE = "IAM UG / cond: DateLessThan / DateGreaterThan compare aws:CurrentTime"
R_COND_NULL = "IAM UG / cond: Null true matches when the key is absent (anonymous requests have no aws:username)"
R_COND_VAR = "IAM UG / vars: ${aws:username} in Resource is replaced by the requester's user name"
R_COND_ARN = "IAM UG / cond: ArnEquals compares aws:PrincipalArn"
R_COND_SIGV = "S3 SAR / keys: s3:signatureversion is AWS for SigV2 and AWS4-HMAC-SHA256 for SigV4"
R_MULTIDELETE = "S3 API / DeleteObjects: each key is authorized separately; refused keys are reported as AccessDenied errors"
R_COPY = "S3 API / CopyObject: requires s3:GetObject on the source and s3:PutObject on the destination"
R_VERSION_ACL = "S3 UG / acl: each object version has its own ACL (GetObjectVersion checks that version's grants)"
R_MALFORMED_POLICY = "S3 API / errors: MalformedPolicy, with nothing stored"
R_MALFORMED_ACL = "S3 API / errors: MalformedACLError — the XML you provided was not well-formed or did not validate"
R_GRANT_ID = "S3 API / PutBucketAcl: a grantee id that names no account is InvalidArgument (Invalid id)"
R_GRANT_EMAIL = "S3 API / errors: UnresolvableGrantByEmailAddress — the e-mail address matches no account"
R_GRANT_URI = "S3 API / PutBucketAcl: a group URI S3 does not define is InvalidArgument (Invalid group uri)"
R_GRANT_BOTH = "S3 API / PutObject: specifying both a canned ACL and grant headers is InvalidRequest"
R_CANNED_BAD = "S3 API / PutBucketAcl: x-amz-acl takes only the canned ACL names (else InvalidArgument)"
R_ACL_OWNER = "S3 UG / acl: an ACL names the resource's owner; a PutBucketAcl body cannot change it (AccessDenied)"
R_LIST_BUCKETS = "IAM UG / eval: s3:ListAllMyBuckets is not granted to anonymous requests"


@dataclass
class Case:
    name: str
    rule: str
    scenario: str
    actor: str
    op: str
    bucket: str
    key: str | None
    expect: str
    kw: dict = field(default_factory=dict)


def C(name, rule, scenario, actor, op, bucket, key, expect, **kw):
    return Case(name, rule, scenario, actor, op, bucket, key, expect, kw)


PUBLIC_POLICY_DOC = lambda b: json.dumps(PUBLIC_GET(b))  # noqa: E731


def bad_policy(body):
    return json.dumps(policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                              "Resource": "arn:aws:s3:::t-bad/*", **body}))


CASES = [
    # private bucket: the owner only
    C("owner reads own object", R_OWNER, "private", "alice", "get", "t-private", "k", "ok"),
    C("other user cannot read", R_IMPLICIT, "private", "bob", "get", "t-private", "k", "AccessDenied"),
    C("other user cannot list", R_IMPLICIT, "private", "bob", "list", "t-private", None, "AccessDenied"),
    C("other user cannot write", R_IMPLICIT, "private", "bob", "put", "t-private", "b", "AccessDenied"),
    C("other user cannot head", R_IMPLICIT, "private", "carol", "head", "t-private", "k", "AccessDenied"),
    C("other user cannot read the ACL", R_IMPLICIT, "private", "bob", "get_acl", "t-private", None, "AccessDenied"),
    C("other user cannot delete the bucket", R_IMPLICIT, "private", "bob", "delete_bucket", "t-private", None, "AccessDenied"),
    C("anonymous cannot read", R_ANON, "private", "anon", "get", "t-private", "k", "AccessDenied"),
    C("anonymous cannot list", R_ANON, "private", "anon", "list", "t-private", None, "AccessDenied"),
    C("anonymous cannot write", R_ANON, "private", "anon", "put", "t-private", "anon", "AccessDenied"),
    C("anonymous cannot list buckets", R_LIST_BUCKETS, "private", "anon", "list_buckets", "", None, "AccessDenied"),
    C("root reads any bucket", R_ROOT, "private", "root", "get", "t-private", "k", "ok"),
    C("root lists any bucket", R_ROOT, "private", "root", "list", "t-private", None, "ok"),
    C("identity policy on another bucket does not reach this one", R_IMPLICIT, "private", "dana", "get", "t-private", "k", "AccessDenied"),
    C("GetSessionToken credentials act as the user", R_GETSESSIONTOKEN, "private", "bob-sts", "get", "t-private", "k", "AccessDenied"),
    # named grants
    C("READ grant on bucket lets bob list", R_ACL_READ_B, "grants", "bob", "list", "t-grants", None, "ok"),
    C("READ grant on object lets bob read it", R_ACL_READ_O, "grants", "bob", "get", "t-grants", "k", "ok"),
    C("bucket READ does not reach objects", R_ACL_READ_O, "grants", "bob", "get", "t-grants", "k2", "AccessDenied"),
    C("bob has no WRITE", R_ACL_WRITE, "grants", "bob", "put", "t-grants", "bob-new", "AccessDenied"),
    C("WRITE grant lets carol upload", R_ACL_WRITE, "grants", "carol", "put", "t-grants", "carol-new", "ok"),
    C("WRITE grant lets carol delete", R_ACL_WRITE, "grants", "carol", "delete", "t-grants", "nothing-here", "ok"),
    C("no WRITE, no delete", R_ACL_WRITE, "grants", "bob", "delete", "t-grants", "k2", "AccessDenied"),
    C("READ_ACP by e-mail grant lets bob read the bucket ACL", R_ACL_READ_ACP, "grants", "bob", "get_acl", "t-grants", None, "ok"),
    C("WRITE does not give READ_ACP", R_ACL_READ_ACP, "grants", "carol", "get_acl", "t-grants", None, "AccessDenied"),
    C("READ_ACP does not give WRITE_ACP", R_ACL_WRITE_ACP, "grants", "bob", "put_acl", "t-grants", None, "AccessDenied",
      ACL="private"),
    C("object READ does not give object READ_ACP", R_ACL_READ_ACP, "grants", "bob", "get_acl", "t-grants", "k", "AccessDenied"),
    C("WRITE does not give READ of objects", R_ACL_READ_O, "grants", "carol", "get", "t-grants", "k2", "AccessDenied"),
    C("anonymous gets nothing from named grants", R_ANON, "grants", "anon", "list", "t-grants", None, "AccessDenied"),
    C("moving to BucketOwnerEnforced with grants in the ACL fails", R_ENFORCED, "grants", "alice", "put_ownership", "t-grants",
      None, "InvalidBucketAclWithObjectOwnership", Ownership="BucketOwnerEnforced"),
    # FULL_CONTROL
    C("FULL_CONTROL lists", R_ACL_FULL, "full", "bob", "list", "t-full", None, "ok"),
    C("FULL_CONTROL writes", R_ACL_FULL, "full", "bob", "put", "t-full", "from-bob", "ok"),
    C("FULL_CONTROL reads the ACL", R_ACL_FULL, "full", "bob", "get_acl", "t-full", None, "ok"),
    C("FULL_CONTROL is not the policy", R_ACL_NOT_POLICY, "full", "bob", "put_policy", "t-full", None, "AccessDenied",
      Policy=PUBLIC_POLICY_DOC("t-full")),
    C("FULL_CONTROL cannot delete the bucket", R_ACL_NOT_POLICY, "full", "bob", "delete_bucket", "t-full", None, "AccessDenied"),
    C("FULL_CONTROL cannot tag the bucket", R_ACL_NOT_POLICY, "full", "bob", "put_tagging", "t-full", None, "AccessDenied"),
    C("carol has nothing on t-full", R_IMPLICIT, "full", "carol", "list", "t-full", None, "AccessDenied"),
    # public-read
    C("anonymous lists a public-read bucket", R_CANNED_PR, "public", "anon", "list", "t-public", None, "ok"),
    C("anonymous reads a public-read object", R_CANNED_PR, "public", "anon", "get", "t-public", "pub", "ok"),
    C("anonymous HEADs a public-read object", R_CANNED_PR, "public", "anon", "head", "t-public", "pub", "ok"),
    C("public-read bucket does not make objects public", R_CANNED_PR, "public", "anon", "get", "t-public", "priv", "AccessDenied"),
    C("public-read is not writable", R_CANNED_PR, "public", "anon", "put", "t-public", "anon", "AccessDenied"),
    C("public-read does not expose the ACL", R_CANNED_PR, "public", "anon", "get_acl", "t-public", None, "AccessDenied"),
    C("AllUsers includes other users", R_CANNED_PR, "public", "bob", "get", "t-public", "pub", "ok"),
    C("public-read is not delete", R_CANNED_PR, "public", "anon", "delete", "t-public", "pub", "AccessDenied"),
    # public-read-write and object ownership (ObjectWriter)
    C("anonymous writes a public-read-write bucket", R_CANNED_PRW, "prw", "anon", "put", "t-prw", "anon-obj", "ok"),
    C("bob writes a public-read-write bucket", R_CANNED_PRW, "prw", "bob", "put", "t-prw", "bob-obj", "ok"),
    C("bucket owner cannot read an object bob owns", R_WRITER_OWNS, "prw", "alice", "get", "t-prw", "bob-obj", "AccessDenied"),
    C("bucket owner cannot read an anonymous upload", R_WRITER_OWNS, "prw", "alice", "get", "t-prw", "anon-obj", "AccessDenied"),
    C("the writer reads its object's ACL", R_WRITER_OWNS, "prw", "bob", "get_acl", "t-prw", "bob-obj", "ok"),
    C("bob uploads with bucket-owner-full-control", R_CANNED_BOFC, "prw", "bob", "put", "t-prw", "bob-bofc", "ok",
      ACL="bucket-owner-full-control"),
    C("bucket owner reads a bucket-owner-full-control upload", R_CANNED_BOFC, "prw", "alice", "get", "t-prw", "bob-bofc", "ok"),
    C("bob uploads with bucket-owner-read", R_CANNED_BOR, "prw", "bob", "put", "t-prw", "bob-bor", "ok", ACL="bucket-owner-read"),
    C("bucket owner reads a bucket-owner-read upload", R_CANNED_BOR, "prw", "alice", "get", "t-prw", "bob-bor", "ok"),
    C("bucket-owner-read is not WRITE_ACP", R_CANNED_BOR, "prw", "alice", "put_acl", "t-prw", "bob-bor", "AccessDenied",
      ACL="public-read"),
    C("bucket owner may delete any object (bucket WRITE)", R_ACL_WRITE, "prw", "alice", "delete", "t-prw", "bob-obj", "ok"),
    # authenticated-read
    C("authenticated-read refuses anonymous lists", R_CANNED_AUTH, "authread", "anon", "list", "t-authread", None, "AccessDenied"),
    C("authenticated-read lets any user list", R_CANNED_AUTH, "authread", "bob", "list", "t-authread", None, "ok"),
    C("authenticated-read refuses anonymous reads", R_CANNED_AUTH, "authread", "anon", "get", "t-authread", "k", "AccessDenied"),
    C("authenticated-read lets any user read", R_CANNED_AUTH, "authread", "carol", "get", "t-authread", "k", "ok"),
    # BucketOwnerPreferred
    C("preferred: upload with bucket-owner-full-control", R_PREFERRED, "preferred", "bob", "put", "t-preferred", "x", "ok",
      ACL="bucket-owner-full-control"),
    C("preferred: bucket owner owns it and reads it", R_PREFERRED, "preferred", "alice", "get", "t-preferred", "x", "ok"),
    C("preferred: bucket owner reads its ACL", R_PREFERRED, "preferred", "alice", "get_acl", "t-preferred", "x", "ok"),
    C("preferred: upload without the canned ACL", R_PREFERRED, "preferred", "bob", "put", "t-preferred", "y", "ok"),
    C("preferred: the writer keeps an object uploaded without it", R_WRITER_OWNS, "preferred", "alice", "get", "t-preferred", "y",
      "AccessDenied"),
    # BucketOwnerEnforced
    C("enforced: public-read upload refused", R_ENFORCED, "enforced", "alice", "put", "t-enforced", "p", "AccessControlListNotSupported",
      ACL="public-read"),
    C("enforced: grant headers refused", R_ENFORCED, "enforced", "alice", "put", "t-enforced", "g", "AccessControlListNotSupported",
      GrantRead='uri="http://acs.amazonaws.com/groups/global/AllUsers"'),
    C("enforced: bucket-owner-full-control accepted", R_ENFORCED, "enforced", "alice", "put", "t-enforced", "b", "ok",
      ACL="bucket-owner-full-control"),
    C("enforced: PutBucketAcl public-read refused", R_ENFORCED, "enforced", "alice", "put_acl", "t-enforced", None,
      "AccessControlListNotSupported", ACL="public-read"),
    C("enforced: PutBucketAcl private accepted", R_ENFORCED, "enforced", "alice", "put_acl", "t-enforced", None, "ok", ACL="private"),
    C("enforced: GetBucketAcl still answers", R_ENFORCED, "enforced", "alice", "get_acl", "t-enforced", None, "ok"),
    C("enforced: PutObjectAcl public-read refused", R_ENFORCED, "enforced", "alice", "put_acl", "t-enforced", "b",
      "AccessControlListNotSupported", ACL="public-read"),
    C("enforced: no one else gets in", R_ENFORCED_GRANTS, "enforced", "bob", "put", "t-enforced", "x", "AccessDenied"),
    # BlockPublicAcls
    C("BlockPublicAcls keeps existing public objects readable", R_BLOCK_ACLS_KEEP, "pab-block", "anon", "get", "t-pab-block", "pub", "ok"),
    C("BlockPublicAcls keeps the existing public bucket ACL", R_BLOCK_ACLS_KEEP, "pab-block", "anon", "list", "t-pab-block", None, "ok"),
    C("BlockPublicAcls refuses a public-read upload", R_BLOCK_ACLS, "pab-block", "alice", "put", "t-pab-block", "new", "AccessDenied",
      ACL="public-read"),
    C("BlockPublicAcls refuses a public PutBucketAcl", R_BLOCK_ACLS, "pab-block", "alice", "put_acl", "t-pab-block", None, "AccessDenied",
      ACL="public-read-write"),
    C("BlockPublicAcls refuses a public PutObjectAcl", R_BLOCK_ACLS, "pab-block", "alice", "put_acl", "t-pab-block", "pub", "AccessDenied",
      ACL="authenticated-read"),
    C("BlockPublicAcls refuses an AllUsers grant header", R_BLOCK_ACLS, "pab-block", "alice", "put", "t-pab-block", "g", "AccessDenied",
      GrantRead='uri="http://acs.amazonaws.com/groups/global/AllUsers"'),
    C("BlockPublicAcls allows private uploads", R_BLOCK_ACLS, "pab-block", "alice", "put", "t-pab-block", "private", "ok"),
    C("the refused public upload stored nothing", R_BLOCK_ACLS, "pab-block", "alice", "head", "t-pab-block", "new", "NotFound"),
    # IgnorePublicAcls
    C("IgnorePublicAcls: anonymous read of a public-read object refused", R_IGNORE, "pab-ignore", "anon", "get", "t-pab-ignore", "pub",
      "AccessDenied"),
    C("IgnorePublicAcls: anonymous list of a public-read bucket refused", R_IGNORE, "pab-ignore", "anon", "list", "t-pab-ignore", None,
      "AccessDenied"),
    C("IgnorePublicAcls: AllUsers grant no longer reaches bob", R_IGNORE, "pab-ignore", "bob", "get", "t-pab-ignore", "pub", "AccessDenied"),
    C("IgnorePublicAcls: a named grant still works", R_IGNORE_PRIVATE, "pab-ignore", "bob", "get", "t-pab-ignore", "granted", "ok"),
    C("IgnorePublicAcls: the owner still reads", R_OWNER, "pab-ignore", "alice", "get", "t-pab-ignore", "pub", "ok"),
    C("IgnorePublicAcls does not stop setting public ACLs", R_IGNORE, "pab-ignore", "alice", "put", "t-pab-ignore", "pub2", "ok",
      ACL="public-read"),
    # BlockPublicPolicy
    C("BlockPublicPolicy refuses a public policy", R_BLOCK_POLICY, "pab-policy", "alice", "put_policy", "t-pab-policy", None,
      "AccessDenied", Policy=PUBLIC_POLICY_DOC("t-pab-policy")),
    C("the refused policy stored nothing", R_BLOCK_POLICY, "pab-policy", "alice", "get_policy", "t-pab-policy", None, "NoSuchBucketPolicy"),
    C("BlockPublicPolicy accepts a policy naming users", R_BLOCK_POLICY, "pab-policy", "alice", "put_policy", "t-pab-policy", None, "ok",
      Policy=json.dumps(policy({"Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:GetObject",
                                "Resource": "arn:aws:s3:::t-pab-policy/*"}))),
    C("BlockPublicPolicy accepts a public policy confined to a /8", R_BLOCK_POLICY, "pab-policy", "alice", "put_policy", "t-pab-policy",
      None, "ok", Policy=json.dumps(policy({"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                                           "Resource": "arn:aws:s3:::t-pab-policy/*",
                                           "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}))),
    # Public policy and RestrictPublicBuckets
    C("a public policy lets anonymous read", R_POLICY_ALLOW, "pab-restrict", "anon", "get", "t-pubpolicy", "k", "ok"),
    C("RestrictPublicBuckets: anonymous read through the public policy refused", R_RESTRICT, "pab-restrict", "anon", "get",
      "t-pab-restrict", "k", "AccessDenied"),
    C("RestrictPublicBuckets: anonymous read through a public ACL refused too", R_RESTRICT, "pab-restrict", "anon", "get",
      "t-pab-restrict", "acl-pub", "AccessDenied"),
    C("RestrictPublicBuckets: the account's users keep access", R_RESTRICT, "pab-restrict", "bob", "get", "t-pab-restrict", "k", "ok"),
    C("public policy does not grant writes", R_IMPLICIT, "pab-restrict", "anon", "put", "t-pubpolicy", "x", "AccessDenied"),
    # Bucket policy between users
    C("policy grants bob reads under shared/", R_POLICY_ALLOW, "policy", "bob", "get", "t-policy", "shared/a", "ok"),
    C("explicit deny beats the allow", R_POLICY_DENY, "policy", "bob", "get", "t-policy", "shared/secret1", "AccessDenied"),
    C("policy does not reach other keys", R_IMPLICIT, "policy", "bob", "get", "t-policy", "other", "AccessDenied"),
    C("the deny names bob only", R_POLICY_DENY, "policy", "alice", "get", "t-policy", "shared/secret1", "ok"),
    C("principal by access key", R_POLICY_PRINCIPAL, "policy", "carol", "put", "t-policy", "inbox/x", "ok"),
    C("carol's grant is for inbox/ only", R_IMPLICIT, "policy", "carol", "put", "t-policy", "outbox/x", "AccessDenied"),
    C("anyone lists with prefix public/", R_COND_PREFIX, "policy", "anon", "list", "t-policy", None, "ok", prefix="public/"),
    C("not with another prefix", R_COND_PREFIX, "policy", "anon", "list", "t-policy", None, "AccessDenied", prefix="shared/"),
    C("not without a prefix", R_COND_PREFIX, "policy", "anon", "list", "t-policy", None, "AccessDenied"),
    C("NotResource: bob deletes outside keep/", R_NOTRESOURCE, "policy", "bob", "delete", "t-policy", "tmp/x", "ok"),
    C("NotResource: not inside keep/", R_NOTRESOURCE, "policy", "bob", "delete", "t-policy", "keep/x", "AccessDenied"),
    C("NotPrincipal deny spares alice", R_NOTPRINCIPAL, "policy", "alice", "put_tagging", "t-policy", None, "ok"),
    C("NotPrincipal deny spares root", R_NOTPRINCIPAL, "policy", "root", "put_tagging", "t-policy", None, "ok"),
    C("NotAction: carol may write under carol/", R_NOTACTION, "policy", "carol", "put", "t-policy", "carol/x", "ok"),
    C("NotAction: but not delete there", R_NOTACTION, "policy", "carol", "delete", "t-policy", "carol/x", "AccessDenied"),
    C("principal by canonical user id", R_POLICY_PRINCIPAL, "policy", "bob", "get_acl", "t-policy", None, "ok"),
    # Explicit deny binds the owner and root; the owner can still manage the policy
    C("deny binds the bucket owner", R_POLICY_DENY, "lock", "alice", "delete", "t-lock", "k", "AccessDenied"),
    C("deny binds root", R_POLICY_DENY, "lock", "root", "delete", "t-lock", "k", "AccessDenied"),
    C("the owner still reads the policy", R_LOCKOUT, "lock", "alice", "get_policy", "t-lock", None, "ok"),
    C("the owner deletes the policy", R_LOCKOUT, "lock", "alice", "delete_policy", "t-lock", None, "ok"),
    C("then deletes the object", R_OWNER, "lock", "alice", "delete", "t-lock", "k", "ok"),
    # Conditions
    C("aws:SourceIp 127.0.0.0/8 matches localhost", R_COND_IP, "cond", "anon", "get", "t-cond", "ip/k", "ok"),
    C("aws:SourceIp 10.0.0.0/8 does not", R_COND_IP, "cond", "anon", "get", "t-cond", "far/k", "AccessDenied"),
    C("NotIpAddress deny does not hit localhost", R_COND_IP, "cond", "alice", "get", "t-cond", "nolocal/k", "ok"),
    C("aws:SecureTransport false: plain HTTP denied", R_COND_TLS, "cond", "alice", "get", "t-cond", "tls/k", "AccessDenied"),
    C("aws:SecureTransport true: HTTPS allowed", R_COND_TLS, "cond", "alice-tls", "get", "t-cond", "tls/k", "ok"),
    C("over HTTPS the owner reads other keys too", R_OWNER, "cond", "alice-tls", "get", "t-cond", "ip/k", "ok"),
    C("s3:ExistingObjectTag/team = blue", R_COND_TAG, "cond", "bob", "get", "t-cond", "tagged/blue", "ok"),
    C("s3:ExistingObjectTag/team = red is not", R_COND_TAG, "cond", "bob", "get", "t-cond", "tagged/red", "AccessDenied"),
    C("s3:prefix bob/ lists", R_COND_PREFIX, "cond", "bob", "list", "t-cond", None, "ok", prefix="bob/"),
    C("s3:prefix alice/ does not", R_COND_PREFIX, "cond", "bob", "list", "t-cond", None, "AccessDenied", prefix="alice/"),
    C("s3:x-amz-acl bucket-owner-full-control required: present", R_COND_ACL, "cond", "bob", "put", "t-cond", "upload/a", "ok",
      ACL="bucket-owner-full-control"),
    C("s3:x-amz-acl required: absent", R_COND_ACL, "cond", "bob", "put", "t-cond", "upload/b", "AccessDenied"),
    C("DateLessThan 2000 is past", R_COND_DATE, "cond", "bob", "get", "t-cond", "old/k", "AccessDenied"),
    C("DateGreaterThan 2000 holds", R_COND_DATE, "cond", "bob", "get", "t-cond", "new/k", "ok"),
    C("Null aws:username true: anonymous", R_COND_NULL, "cond", "anon", "get", "t-cond", "null/k", "ok"),
    C("Null aws:username true: not a user", R_COND_NULL, "cond", "bob", "get", "t-cond", "null/k", "AccessDenied"),
    C("${aws:username} in Resource: own home", R_COND_VAR, "cond", "bob", "get", "t-cond", "home/Bob/x", "ok"),
    C("${aws:username} in Resource: not another's", R_COND_VAR, "cond", "bob", "get", "t-cond", "home/carol/x", "AccessDenied"),
    C("${aws:username} for carol", R_COND_VAR, "cond", "carol", "get", "t-cond", "home/carol/x", "ok"),
    C("ArnEquals aws:PrincipalArn carol", R_COND_ARN, "cond", "carol", "get", "t-cond", "arn/k", "ok"),
    C("ArnEquals aws:PrincipalArn not bob", R_COND_ARN, "cond", "bob", "get", "t-cond", "arn/k", "AccessDenied"),
    C("s3:signatureversion SigV4", R_COND_SIGV, "cond", "bob", "get", "t-cond", "v4only/k", "ok"),
    C("s3:signatureversion SigV2 is not", R_COND_SIGV, "cond", "bob-v2", "get", "t-cond", "v4only/k", "AccessDenied"),
    # Identity policies of users
    C("identity policy lets dana read alice's bucket", R_IDENTITY, "identity", "dana", "get", "t-dana", "k", "ok"),
    C("but not write", R_IMPLICIT, "identity", "dana", "put", "t-dana", "d", "AccessDenied"),
    C("nor list", R_IMPLICIT, "identity", "dana", "list", "t-dana", None, "AccessDenied"),
    C("dana creates her own bucket", R_OWNER, "identity", "dana", "create_bucket", "t-dana-own", None, "ok"),
    C("dana writes her own bucket", R_OWNER, "identity", "dana", "put", "t-dana-own", "mine", "ok"),
    C("dana's identity deny binds in her own bucket", R_IDENTITY_DENY, "identity", "dana", "delete", "t-dana-own", "mine", "AccessDenied"),
    C("eve's identity deny binds on her own bucket (read)", R_IDENTITY_DENY, "identity", "eve", "list", "t-eve", None, "AccessDenied"),
    C("eve's identity deny binds on her own bucket (write)", R_IDENTITY_DENY, "identity", "eve", "put", "t-eve", "x", "AccessDenied"),
    C("alice is not bound by eve's policy", R_IMPLICIT, "identity", "alice", "list", "t-eve", None, "AccessDenied"),
    C("root is not bound by identity policies of users", R_ROOT, "identity", "root", "list", "t-eve", None, "ok"),
    # Role sessions
    C("read-only role: GET allowed", R_SESSION, "sessions", "reader", "get", "t-sess", "k", "ok"),
    C("read-only role: LIST allowed", R_SESSION, "sessions", "reader", "list", "t-sess", None, "ok"),
    C("read-only role: PUT refused", R_SESSION, "sessions", "reader", "put", "t-sess", "r", "AccessDenied"),
    C("read-only role: DELETE refused", R_SESSION, "sessions", "reader", "delete", "t-sess", "k", "AccessDenied"),
    C("read-only role: not the owner's ACL rights", R_SESSION, "sessions", "reader", "get_acl", "t-sess", None, "AccessDenied"),
    C("writer role, no session policy: PUT allowed", R_SESSION, "sessions", "writer", "put", "t-sess", "w", "ok"),
    C("writer role, GetObject-only session policy: PUT refused", R_SESSION, "sessions", "writer-getonly", "put", "t-sess", "w2",
      "AccessDenied"),
    C("writer role, GetObject-only session policy: GET allowed", R_SESSION, "sessions", "writer-getonly", "get", "t-sess", "k", "ok"),
    C("writer role and session policy both allow PUT", R_SESSION, "sessions", "writer-put", "put", "t-sess", "w3", "ok"),
    C("session policy scoped to t-sess only", R_SESSION, "sessions", "writer-put", "put", "t-sess3", "w3", "AccessDenied"),
    C("role without policies acts as its user", R_SESSION, "sessions", "free", "put", "t-sess", "f", "ok"),
    C("role without policies keeps owner rights", R_OWNER, "sessions", "free", "get_acl", "t-sess", None, "ok"),
    C("role without policies, GetObject-only session policy: PUT refused", R_SESSION, "sessions", "free-getonly", "put", "t-sess",
      "f2", "AccessDenied"),
    C("role without policies, GetObject-only session policy: GET allowed", R_SESSION, "sessions", "free-getonly", "get", "t-sess",
      "k", "ok"),
    C("bucket policy naming the session ARN beats the session policy", R_SESSION_DIRECT, "sessions", "writer-named", "put",
      "t-sess2", "n", "ok"),
    C("another session of the same role is limited", R_SESSION, "sessions", "writer-other", "put", "t-sess2", "o", "AccessDenied"),
    C("bucket policy naming the role ARN allows the read-only role to write", R_SESSION_ROLE_ARN, "sessions", "reader", "put",
      "t-sess3", "r", "ok"),
    # Copy, DeleteObjects, versions
    C("copy from a granted source into bob's bucket", R_COPY, "copy", "bob", "copy", "t-copy-dst", "copied", "ok",
      CopySource={"Bucket": "t-grants", "Key": "k"}),
    C("copy from an ungranted source", R_COPY, "copy", "bob", "copy", "t-copy-dst", "copied2", "AccessDenied",
      CopySource={"Bucket": "t-private", "Key": "k"}),
    C("copy into a bucket bob may not write", R_COPY, "copy", "bob", "copy", "t-grants", "copied3", "AccessDenied",
      CopySource={"Bucket": "t-grants", "Key": "k"}),
    C("DeleteObjects: tmp/ allowed, keep/ refused", R_MULTIDELETE, "multidelete", "bob", "delete_objects", "t-multidel", None,
      "tmp/a:ok,keep/b:AccessDenied", Keys=["tmp/a", "keep/b"]),
    C("DeleteObjects by the owner: all deleted", R_OWNER, "multidelete", "alice", "delete_objects", "t-multidel", None,
      "keep/b:ok", Keys=["keep/b"]),
    C("anonymous reads the public-read version", R_VERSION_ACL, "versions", "anon", "get", "t-ver", "k", "ok",
      query="?versionId=__v1__"),
    C("anonymous cannot read the private current version", R_VERSION_ACL, "versions", "anon", "get", "t-ver", "k", "AccessDenied"),
    C("bob reads the public-read version by id", R_VERSION_ACL, "versions", "bob", "get_version", "t-ver", "k", "ok", Version="v1"),
    C("bob cannot read the private version by id", R_VERSION_ACL, "versions", "bob", "get_version", "t-ver", "k", "AccessDenied",
      Version="v2"),
    # Malformed policies: AWS's message, nothing stored
    C("policy: not JSON", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:This policy contains invalid Json", Policy='{"Version": "2012-10-17", "Statement": [}'),
    C("policy: no Statement", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Missing required field Statement", Policy='{"Version": "2012-10-17"}'),
    C("policy: empty Statement", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Could not parse the policy: Statement is empty!", Policy='{"Version": "2012-10-17", "Statement": []}'),
    C("policy: bad version", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:The policy must contain a valid version string",
      Policy='{"Version": "2099-01-01", "Statement": [{"Effect": "Allow"}]}'),
    C("policy: bad effect", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None, "MalformedPolicy:Invalid effect: Permit",
      Policy=bad_policy({"Effect": "Permit"})),
    C("policy: no principal", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Missing required field Principal",
      Policy=json.dumps(policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::t-bad/*"}))),
    C("policy: unknown user", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Invalid principal in policy", Policy=bad_policy({"Principal": {"AWS": user_arn("ghost")}})),
    C("policy: unknown action", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Policy has invalid action", Policy=bad_policy({"Action": "s3:GetEverything"})),
    C("policy: resource in another bucket", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Policy has invalid resource", Policy=bad_policy({"Resource": "arn:aws:s3:::t-private/*"})),
    C("policy: object action on the bucket ARN", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Action does not apply to any resource(s) in statement", Policy=bad_policy({"Resource": "arn:aws:s3:::t-bad"})),
    C("policy: unknown condition operator", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Invalid Condition type : StringEqualsIgnoringCase",
      Policy=bad_policy({"Condition": {"StringEqualsIgnoringCase": {"aws:username": "a"}}})),
    C("policy: unknown condition key", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Policy has an invalid condition key", Policy=bad_policy({"Condition": {"StringEquals": {"s3:x-acl": "a"}}})),
    C("policy: bad IP", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Invalid IP address in Conditions", Policy=bad_policy({"Condition": {"IpAddress": {"aws:SourceIp": "1.2.3/8"}}})),
    C("policy: leading space", R_MALFORMED_POLICY, "none", "alice", "put_policy", "t-bad", None,
      "MalformedPolicy:Policies must be valid JSON and the first byte must be '{'", Policy=" " + bad_policy({})),
    C("nothing was stored", R_MALFORMED_POLICY, "none", "alice", "get_policy", "t-bad", None, "NoSuchBucketPolicy"),
    # Malformed ACLs: AWS's error, nothing changed
    C("ACL body: not XML", R_MALFORMED_ACL, "none", "alice", "raw_acl", "t-badacl", None, "MalformedACLError", Body="not xml"),
    C("ACL body: wrong root", R_MALFORMED_ACL, "none", "alice", "raw_acl", "t-badacl", None, "MalformedACLError", Body="<Policy/>"),
    C("ACL body: no Owner", R_MALFORMED_ACL, "none", "alice", "raw_acl", "t-badacl", None, "MalformedACLError",
      Body="<AccessControlPolicy><AccessControlList/></AccessControlPolicy>"),
    C("ACL body: unknown permission", R_MALFORMED_ACL, "none", "alice", "raw_acl", "t-badacl", None, "MalformedACLError",
      Grant=("CanonicalUser", "<ID>{alice}</ID>", "EVERYTHING")),
    C("ACL body: grantee without xsi:type", R_MALFORMED_ACL, "none", "alice", "raw_acl", "t-badacl", None, "MalformedACLError",
      Grant=("", "<ID>{alice}</ID>", "READ")),
    C("ACL body: grantee id of no account", R_GRANT_ID, "none", "alice", "raw_acl", "t-badacl", None, "InvalidArgument",
      Grant=("CanonicalUser", "<ID>" + "0" * 64 + "</ID>", "READ")),
    C("ACL body: e-mail of no account", R_GRANT_EMAIL, "none", "alice", "raw_acl", "t-badacl", None, "UnresolvableGrantByEmailAddress",
      Grant=("AmazonCustomerByEmail", "<EmailAddress>nobody@example.com</EmailAddress>", "READ")),
    C("ACL body: unknown group", R_GRANT_URI, "none", "alice", "raw_acl", "t-badacl", None, "InvalidArgument",
      Grant=("Group", "<URI>http://acs.amazonaws.com/groups/global/Everyone</URI>", "READ")),
    C("ACL body: another owner", R_ACL_OWNER, "none", "alice", "raw_acl", "t-badacl", None, "AccessDenied",
      Owner="bob"),
    C("ACL header: unknown canonical id", R_GRANT_ID, "none", "alice", "put_acl", "t-badacl", None, "InvalidArgument",
      GrantRead="id=" + "1" * 64),
    C("ACL header: unknown e-mail", R_GRANT_EMAIL, "none", "alice", "put_acl", "t-badacl", None, "UnresolvableGrantByEmailAddress",
      GrantRead='emailAddress="ghost@example.com"'),
    C("ACL header: bad canned ACL", R_CANNED_BAD, "none", "alice", "raw_acl", "t-badacl", None, "InvalidArgument", Canned="world-read"),
    C("ACL header: canned and grants", R_GRANT_BOTH, "none", "alice", "put", "t-badacl", "both", "InvalidRequest", ACL="private",
      GrantRead="emailAddress=bob@example.com"),
    C("ACL header: bad grant on PutObject stores nothing", R_GRANT_ID, "none", "alice", "put", "t-badacl", "bad-grant",
      "InvalidArgument", GrantRead="id=nobody"),
    C("the refused PutObject stored nothing", R_GRANT_ID, "none", "alice", "head", "t-badacl", "bad-grant", "NotFound"),
    C("the bucket ACL is unchanged", R_MALFORMED_ACL, "none", "alice", "acl_is_private", "t-badacl", None, "ok"),
]


def test_the_table_has_at_least_100_cases_each_citing_a_rule():
    assert len(CASES) >= 100
    assert all(c.rule and (" / " in c.rule) for c in CASES)
    assert len({c.name for c in CASES}) == len(CASES), "case names must be unique"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("access")
    config = tmp / "identity.json"
    config.write_text(json.dumps(CONFIG))
    server = PailServer(tmp / "data", tmp, access_key=ROOT_KEY, secret_key=ROOT_SECRET,
                        extra_args=("--config", str(config), "--tls-address", "127.0.0.1:0", "--access-log",
                                    "--imds-address", "off", "--durability", "none"))
    server.start()
    banner = server.log_path.read_text()
    https = re.search(r"https:\s+(https://\S+)", banner).group(1)
    w = World(server, https)
    w.ids = {name: canonical_id(w, name) for name in ("alice", "bob", "carol")}
    w.versions = {}
    for b in ("t-bad", "t-badacl"):
        w.client("alice").create_bucket(Bucket=b)
    yield w
    server.stop()


def canonical_id(w, user):
    bucket = f"t-id-{user}"
    c = w.client(user)
    c.create_bucket(Bucket=bucket)
    return c.get_bucket_acl(Bucket=bucket)["Owner"]["ID"]


XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'


def acl_body(owner, grantee, permission):
    return (f"<AccessControlPolicy><Owner><ID>{owner}</ID></Owner><AccessControlList>"
            f"<Grant>{grantee}<Permission>{permission}</Permission></Grant></AccessControlList></AccessControlPolicy>")


def raw_acl(w: World, case: Case):
    """PutBucketAcl as alice with a hand-written body (or a canned ACL boto3 would refuse to send)."""
    from pail_e2e import signed_request
    kw, headers, body = case.kw, {}, b""
    if "Canned" in kw:
        headers["x-amz-acl"] = kw["Canned"]
    elif "Grant" in kw:
        kind, inner, permission = kw["Grant"]
        inner = inner.format(alice=w.ids["alice"])
        grantee = f'<Grantee {XSI} xsi:type="{kind}">{inner}</Grantee>' if kind else f"<Grantee>{inner}</Grantee>"
        body = acl_body(w.ids["alice"], grantee, permission).encode()
    elif "Owner" in kw:
        who = w.ids[kw["Owner"]]
        body = acl_body(who, f'<Grantee {XSI} xsi:type="CanonicalUser"><ID>{who}</ID></Grantee>', "FULL_CONTROL").encode()
    else:
        body = kw["Body"].encode()
    r = signed_request(w.server, "PUT", f"/{case.bucket}?acl", body, headers=headers,
                       access_key="alice", secret_key="alice-secret")
    return "ok" if r.status < 300 else r.error()["Code"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_access(world: World, case: Case):
    if case.scenario not in world.prepared:
        SCENARIOS[case.scenario](world)
        world.prepared.add(case.scenario)
    kw = dict(case.kw)
    if kw.get("query", "").startswith("?versionId=__"):
        kw["query"] = "?versionId=" + world.versions[kw["query"][len("?versionId=__"):-2]]
    if case.op == "raw_acl":
        got = raw_acl(world, case)
    elif case.op == "acl_is_private":
        grants = world.client(case.actor).get_bucket_acl(Bucket=case.bucket)["Grants"]
        got = "ok" if [g["Permission"] for g in grants] == ["FULL_CONTROL"] else f"changed: {grants}"
    else:
        got = call(world, case.actor, case.op, case.bucket, case.key, kw)
    assert got == case.expect, f"{case.name}: {case.rule}"


def test_access_log_names_the_deciding_rule(world: World):
    """The access log names the statement or rule that decided each request (issue: every refusal is
    AccessDenied with a request id, and the log says why)."""
    if "policy" not in world.prepared:
        SCENARIOS["policy"](world)
        world.prepared.add("policy")
    c = world.client("bob")
    c.get_object(Bucket="t-policy", Key="shared/a")["Body"].read()
    with pytest.raises(ClientError) as e:
        c.get_object(Bucket="t-policy", Key="shared/secret1")
    request_id = e.value.response["ResponseMetadata"]["RequestId"]
    assert e.value.response["Error"]["Code"] == "AccessDenied" and request_id
    log = world.server.log_path.read_text()
    assert 'authz="allow bucket-policy:BobShared by user Bob"' in log
    line = next(l for l in log.splitlines() if f"id={request_id}" in l)
    assert 'authz="deny bucket-policy:NoSecrets by user Bob"' in line


def test_new_buckets_by_default_start_as_minio_and_moto_users_expect(world: World):
    """Default mode: no ownership controls (objects belong to their writer), no public access block,
    a private ACL owned by the creator (README, "Access control")."""
    a = world.client("alice")
    a.create_bucket(Bucket="t-defaults")
    with pytest.raises(ClientError) as e:
        a.get_bucket_ownership_controls(Bucket="t-defaults")
    assert code_of(e.value) == "OwnershipControlsNotFoundError"
    with pytest.raises(ClientError) as e:
        a.get_public_access_block(Bucket="t-defaults")
    assert code_of(e.value) == "NoSuchPublicAccessBlockConfiguration"
    acl = a.get_bucket_acl(Bucket="t-defaults")
    assert acl["Owner"]["ID"] == world.ids["alice"] and acl["Owner"]["DisplayName"] == "Alice"
    assert [(g["Grantee"]["ID"], g["Permission"]) for g in acl["Grants"]] == [(world.ids["alice"], "FULL_CONTROL")]
    a.put_object(Bucket="t-defaults", Key="pub", Body=b"x", ACL="public-read")
    grants = a.get_object_acl(Bucket="t-defaults", Key="pub")["Grants"]
    assert {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"} in [g["Grantee"] for g in grants]
    # Round trips of the three settings.
    a.put_bucket_ownership_controls(Bucket="t-defaults", OwnershipControls={"Rules": [{"ObjectOwnership": "ObjectWriter"}]})
    assert a.get_bucket_ownership_controls(Bucket="t-defaults")["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "ObjectWriter"}]
    a.delete_bucket_ownership_controls(Bucket="t-defaults")
    a.put_public_access_block(Bucket="t-defaults", PublicAccessBlockConfiguration={"BlockPublicPolicy": True})
    assert a.get_public_access_block(Bucket="t-defaults")["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": False, "IgnorePublicAcls": False, "BlockPublicPolicy": True, "RestrictPublicBuckets": False}
    a.delete_public_access_block(Bucket="t-defaults")
    with pytest.raises(ClientError) as e:
        a.get_bucket_policy_status(Bucket="t-defaults")
    assert code_of(e.value) == "NoSuchBucketPolicy"
    a.put_bucket_policy(Bucket="t-defaults", Policy=PUBLIC_POLICY_DOC("t-defaults"))
    assert a.get_bucket_policy_status(Bucket="t-defaults")["PolicyStatus"]["IsPublic"] is True
    assert json.loads(a.get_bucket_policy(Bucket="t-defaults")["Policy"]) == PUBLIC_GET("t-defaults")
    a.delete_bucket_policy(Bucket="t-defaults")


def test_malformed_session_policy_is_refused_by_sts(world: World):
    """IAM UG / session: the Policy parameter is a policy document; STS refuses a malformed one
    (MalformedPolicyDocument) and issues nothing."""
    sts = world.sts()
    for doc, message in (("{not json", "This policy contains invalid Json"),
                         (json.dumps(policy({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"})),
                          "Policy document should not specify a principal.")):
        with pytest.raises(ClientError) as e:
            sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/writer", RoleSessionName="bad", Policy=doc)
        assert code_of(e.value) == "MalformedPolicyDocument" and e.value.response["Error"]["Message"] == message
    r = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/writer", RoleSessionName="packed",
                        Policy=json.dumps(policy(allow("s3:GetObject", "*"))))
    assert 0 < r["PackedPolicySize"] <= 100


def test_aws_defaults_give_new_buckets_acls_disabled_and_every_block(start_server, tmp_path):
    """`--aws-defaults`: new buckets get Object Ownership BucketOwnerEnforced and all four public
    access blocks, as AWS does since April 2023 (S3 UG / own, "Default settings for new buckets")."""
    srv = start_server("awsdefaults", extra_args=("--aws-defaults",))
    s3 = srv.client()
    s3.create_bucket(Bucket="fresh")
    assert s3.get_bucket_ownership_controls(Bucket="fresh")["OwnershipControls"]["Rules"] == [
        {"ObjectOwnership": "BucketOwnerEnforced"}]
    assert s3.get_public_access_block(Bucket="fresh")["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket="fresh", Key="k", Body=b"x", ACL="public-read")
    assert code_of(e.value) == "AccessControlListNotSupported"
    s3.put_object(Bucket="fresh", Key="k", Body=b"x", ACL="bucket-owner-full-control")
    with pytest.raises(ClientError) as e:
        s3.create_bucket(Bucket="public-one", ACL="public-read")
    assert code_of(e.value) == "InvalidBucketAclWithObjectOwnership"
    with pytest.raises(ClientError) as e:
        s3.head_bucket(Bucket="public-one")
    assert e.value.response["Error"]["Code"] == "404"
    with pytest.raises(ClientError) as e:
        s3.put_bucket_policy(Bucket="fresh", Policy=PUBLIC_POLICY_DOC("fresh"))
    assert code_of(e.value) == "AccessDenied"
    # Asking for ObjectWriter at creation still works, as on AWS.
    s3.create_bucket(Bucket="writer-owned", ObjectOwnership="ObjectWriter")
    assert s3.get_bucket_ownership_controls(Bucket="writer-owned")["OwnershipControls"]["Rules"] == [
        {"ObjectOwnership": "ObjectWriter"}]


def test_post_form_uploads_are_authorized_as_put_object(world: World):
    """POST Object is s3:PutObject on the form's key (S3 API, "POST Object": "you must have
    s3:PutObject permission"); the form's `acl` field is its x-amz-acl (S3 UG / acl, canned ACLs)."""
    import requests
    a, b = world.client("alice"), world.client("bob")
    a.create_bucket(Bucket="t-form")

    def send(client, key, fields=None, conditions=None):
        post = client.generate_presigned_post("t-form", key, Fields=fields, Conditions=conditions)
        return requests.post(post["url"], data=post["fields"], files={"file": ("f.txt", b"form bytes")}, timeout=10)

    r = send(b, "from-bob")
    assert r.status_code == 403 and b"<Code>AccessDenied</Code>" in r.content
    a.put_bucket_policy(Bucket="t-form", Policy=json.dumps(policy(
        {"Sid": "BobUploads", "Effect": "Allow", "Principal": {"AWS": "bob"}, "Action": "s3:PutObject",
         "Resource": "arn:aws:s3:::t-form/uploads/*"})))
    assert send(b, "elsewhere").status_code == 403
    assert send(b, "uploads/a").status_code == 204
    # The writer owns what it uploads (ObjectWriter): the bucket owner may not read it.
    with pytest.raises(ClientError) as e:
        a.get_object(Bucket="t-form", Key="uploads/a")
    assert code_of(e.value) == "AccessDenied"
    assert send(a, "public", fields={"acl": "public-read"}, conditions=[{"acl": "public-read"}]).status_code == 204
    assert anon(world, "get", "t-form", "public", {}) == "ok"
    assert send(a, "private").status_code == 204
    assert anon(world, "get", "t-form", "private", {}) == "AccessDenied"


def test_gateway_mode_decides_on_who_asks(start_server, tmp_path):
    """Gateway mode (docs/gateway.md): buckets live upstream, so authorization has no ACL or bucket
    policy to read; it still refuses anonymous requests (IAM UG / eval: implicit deny) and applies
    identity policies (a read-only role cannot write), and every identity acts as the upstream account."""
    upstream = start_server("upstream")
    config = tmp_path / "gw.json"
    config.write_text(json.dumps({"roles": [CONFIG["roles"][0] | {"user": None}], "users": []}))
    gw = start_server("gateway", access_key=ROOT_KEY, secret_key=ROOT_SECRET, extra_args=(
        "--upstream", upstream.endpoint, "--upstream-access-key", upstream.access_key,
        "--upstream-secret-key", upstream.secret_key, "--config", str(config)))
    root = gw.client()
    root.create_bucket(Bucket="gw-bucket")
    root.put_object(Bucket="gw-bucket", Key="k", Body=b"through the gateway")
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"{gw.endpoint}/gw-bucket/k"],
                         capture_output=True, text=True, env=clean_env()).stdout
    assert out == "403"
    sts = boto3.session.Session().client("sts", endpoint_url=gw.endpoint, region_name="us-east-1",
                                         aws_access_key_id=ROOT_KEY, aws_secret_access_key=ROOT_SECRET)
    c = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/reader", RoleSessionName="gw")["Credentials"]
    reader = boto3.session.Session().client("s3", endpoint_url=gw.endpoint, region_name="us-east-1",
                                            aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                                            aws_session_token=c["SessionToken"],
                                            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
    assert reader.get_object(Bucket="gw-bucket", Key="k")["Body"].read() == b"through the gateway"
    with pytest.raises(ClientError) as e:
        reader.put_object(Bucket="gw-bucket", Key="w", Body=b"x")
    assert code_of(e.value) == "AccessDenied"
