"""STS on the S3 endpoint with boto3: temporary credentials work, expire, and refuse tampering."""
import base64
import json
import time
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from identity_support import running_pail

CONFIG = {
    "users": [{"accessKey": "alice", "secretKey": "alice-secret", "displayName": "Alice"}],
    "roles": [{"name": "writer", "maxSessionSeconds": 7200}, {"name": "alice-role", "user": "alice"}],
}


@pytest.fixture(scope="module")
def pail():
    with running_pail(config=CONFIG, imds=False) as server:
        yield server


def roundtrip(pail, creds, bucket, **config):
    s3 = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"], **config)
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"temporary")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"temporary"
    return s3


def test_get_session_token_credentials_work_for_s3(pail):
    creds = pail.client("sts").get_session_token(DurationSeconds=900)["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    roundtrip(pail, creds, "gst-bucket")
    # The session acts as root: root sees the bucket.
    assert "gst-bucket" in [b["Name"] for b in pail.client().list_buckets()["Buckets"]]


def test_assume_role_credentials_work_for_s3_sigv4_and_sigv2(pail):
    r = pail.client("sts").assume_role(RoleArn="arn:aws:iam::000000000000:role/writer", RoleSessionName="e2e",
                                       DurationSeconds=7200)
    assert r["AssumedRoleUser"]["Arn"].endswith("assumed-role/writer/e2e")
    creds = r["Credentials"]
    roundtrip(pail, creds, "ar-bucket")
    v2 = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"],
                     signature_version="s3")
    v2.put_object(Bucket="ar-bucket", Key="v2", Body=b"v2 with token")
    assert v2.get_object(Bucket="ar-bucket", Key="v2")["Body"].read() == b"v2 with token"
    for version in ("s3v4", "s3"):
        signer = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"],
                             signature_version=version)
        url = signer.generate_presigned_url("get_object", Params={"Bucket": "ar-bucket", "Key": "k"}, ExpiresIn=300)
        assert urllib.request.urlopen(url).read() == b"temporary"


def test_caller_identity_of_an_assumed_role(pail):
    creds = pail.client("sts").assume_role(RoleArn="arn:aws:iam::000000000000:role/writer",
                                           RoleSessionName="who")["Credentials"]
    sts = pail.client("sts", key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"])
    ident = sts.get_caller_identity()
    assert ident["Arn"] == "arn:aws:sts::000000000000:assumed-role/writer/who"
    assert pail.client("sts").get_caller_identity()["Arn"] == "arn:aws:iam::000000000000:root"


def test_role_acting_as_a_user_owns_that_users_buckets(pail):
    alice = pail.client(key="alice", secret="alice-secret")
    alice.create_bucket(Bucket="alice-bucket")
    creds = pail.client("sts").assume_role(RoleArn="arn:aws:iam::000000000000:role/alice-role",
                                           RoleSessionName="ss")["Credentials"]
    s3 = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"])
    s3.put_object(Bucket="alice-bucket", Key="x", Body=b"1")
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["alice-bucket"]


def test_altered_token_is_invalid_token(pail):
    creds = pail.client("sts").get_session_token()["Credentials"]
    token = creds["SessionToken"]
    i = len(token) // 3
    forged = token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]
    s3 = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=forged)
    with pytest.raises(ClientError) as e:
        s3.list_buckets()
    assert e.value.response["Error"]["Code"] == "InvalidToken"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_temporary_key_without_token_is_refused(pail):
    creds = pail.client("sts").get_session_token()["Credentials"]
    s3 = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"])
    with pytest.raises(ClientError) as e:
        s3.list_buckets()
    assert e.value.response["Error"]["Code"] == "InvalidAccessKeyId"


def test_unknown_role_and_bad_duration_use_sts_errors(pail):
    sts = pail.client("sts")
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/nope", RoleSessionName="ss")
    assert e.value.response["Error"]["Code"] == "AccessDenied"
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/alice-role", RoleSessionName="ss", DurationSeconds=7200)
    assert e.value.response["Error"]["Code"] == "ValidationError"
    bad = pail.client("sts", secret="wrong")
    with pytest.raises(ClientError) as e:
        bad.get_caller_identity()
    assert e.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def jwt(claims):
    enc = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
    return enc({"alg": "RS256", "typ": "JWT"}) + "." + enc(claims) + ".c2lnbmF0dXJl"


def test_assume_role_with_web_identity_permissive(pail):
    token = jwt({"iss": "https://idp.example", "sub": "user-1", "aud": "pail", "exp": int(time.time()) + 600})
    r = pail.client("sts").assume_role_with_web_identity(
        RoleArn="arn:aws:iam::000000000000:role/writer", RoleSessionName="web", WebIdentityToken=token)
    assert r["SubjectFromWebIdentityToken"] == "user-1"
    roundtrip(pail, r["Credentials"], "web-bucket")
    with pytest.raises(ClientError) as e:
        pail.client("sts").assume_role_with_web_identity(
            RoleArn="arn:aws:iam::000000000000:role/writer", RoleSessionName="web", WebIdentityToken="not-a-jwt")
    assert e.value.response["Error"]["Code"] == "InvalidIdentityToken"


def test_web_identity_with_configured_issuer_rejects_others():
    config = {"roles": [{"name": "web"}], "sts": {"webIdentity": {"issuer": "https://good", "permissive": False}}}
    with running_pail(config=config, imds=False) as pail:
        sts = pail.client("sts")
        with pytest.raises(ClientError) as e:
            sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::000000000000:role/web", RoleSessionName="ww",
                                              WebIdentityToken=jwt({"iss": "https://evil", "sub": "x"}))
        assert e.value.response["Error"]["Code"] == "IDPRejectedClaim"
        sts.assume_role_with_web_identity(RoleArn="arn:aws:iam::000000000000:role/web", RoleSessionName="ww",
                                          WebIdentityToken=jwt({"iss": "https://good", "sub": "x"}))


def test_credentials_expire_and_survive_restart(tmp_path):
    config = {"roles": [{"name": "short"}], "sts": {"credentialSecondsOverride": 4}}
    data = tmp_path / "data"
    with running_pail(config=config, imds=False, data_dir=data) as pail:
        creds = pail.client("sts").assume_role(RoleArn="arn:aws:iam::000000000000:role/short",
                                               RoleSessionName="ss")["Credentials"]
        session = pail.client("sts").get_session_token(DurationSeconds=900)["Credentials"]
    with running_pail(config=config, imds=False, data_dir=data) as pail:
        # A restarted server still accepts the tokens (the key lives in the data directory).
        roundtrip(pail, creds, "restart-bucket")
        time.sleep(4.5)
        for c in (creds, session):
            s3 = pail.client(key=c["AccessKeyId"], secret=c["SecretAccessKey"], token=c["SessionToken"])
            with pytest.raises(ClientError) as e:
                s3.get_object(Bucket="restart-bucket", Key="k")
            assert e.value.response["Error"]["Code"] == "ExpiredToken"
            assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
