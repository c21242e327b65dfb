"""IMDSv2 rules with curl, and boto3 finding credentials through its default chain."""
import json
import re
import textwrap

import pytest

from identity_support import clean_env, curl, run_python, running_pail


@pytest.fixture(scope="module")
def pail():
    with running_pail() as server:
        yield server


def token(pail, ttl="60"):
    status, headers, body = curl("-X", "PUT", pail.imds + "/latest/api/token",
                                 "-H", f"X-aws-ec2-metadata-token-ttl-seconds: {ttl}")
    return status, headers, body.decode()


def test_token_ttl_is_echoed(pail):
    status, headers, body = token(pail, "21600")
    assert status == 200 and body
    assert headers["x-aws-ec2-metadata-token-ttl-seconds"] == "21600"


@pytest.mark.parametrize("ttl", ["0", "21601", "abc", "-5"])
def test_token_ttl_out_of_range_is_400(pail, ttl):
    assert token(pail, ttl)[0] == 400


def test_token_without_ttl_is_400(pail):
    assert curl("-X", "PUT", pail.imds + "/latest/api/token")[0] == 400


def test_token_request_with_x_forwarded_for_is_refused(pail):
    status, _, _ = curl("-X", "PUT", pail.imds + "/latest/api/token", "-H", "X-aws-ec2-metadata-token-ttl-seconds: 60",
                        "-H", "X-Forwarded-For: 10.0.0.1")
    assert status == 403


def test_metadata_without_token_is_401(pail):
    assert curl(pail.imds + "/latest/meta-data/iam/security-credentials/")[0] == 401
    assert curl(pail.imds + "/latest/meta-data/instance-id", "-H", "X-aws-ec2-metadata-token: forged")[0] == 401


def test_role_list_has_no_trailing_newline(pail):
    t = token(pail)[2]
    for path in ("/latest/meta-data/iam/security-credentials/", "/latest/meta-data/iam/security-credentials"):
        status, _, body = curl(pail.imds + path, "-H", f"X-aws-ec2-metadata-token: {t}")
        assert status == 200 and body == b"pail"


def test_role_credentials_json(pail):
    t = token(pail)[2]
    status, _, body = curl(pail.imds + "/latest/meta-data/iam/security-credentials/pail", "-H", f"X-aws-ec2-metadata-token: {t}")
    assert status == 200
    doc = json.loads(body)
    assert doc["Code"] == "Success" and doc["Type"] == "AWS-HMAC"
    assert doc["AccessKeyId"].startswith("ASIA") and doc["SecretAccessKey"] and doc["Token"]
    for field in ("LastUpdated", "Expiration"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", doc[field])
    assert curl(pail.imds + "/latest/meta-data/iam/security-credentials/other", "-H", f"X-aws-ec2-metadata-token: {t}")[0] == 404


def test_other_metadata_paths(pail):
    t = token(pail)[2]
    h = ["-H", f"X-aws-ec2-metadata-token: {t}"]
    assert curl(pail.imds + "/latest/meta-data/instance-id", *h)[2].startswith(b"i-")
    assert curl(pail.imds + "/latest/meta-data/placement/availability-zone/", *h)[2] == b"us-east-1a"
    assert curl(pail.imds + "/latest/meta-data/placement/region", *h)[2] == b"us-east-1"
    info = json.loads(curl(pail.imds + "/latest/meta-data/iam/info", *h)[2])
    assert info["Code"] == "Success" and "instance-profile/pail" in info["InstanceProfileArn"]


def test_imds_v1_flag_allows_tokenless_reads():
    with running_pail(extra_args=["--imds-v1"]) as server:
        assert curl(server.imds + "/latest/meta-data/iam/security-credentials/")[2] == b"pail"


BOTO_SCRIPT = """
import boto3
s = boto3.session.Session()
creds = s.get_credentials()
assert creds.method == "iam-role", creds.method
s3 = s.client("s3")
s3.create_bucket(Bucket="imds-bucket")
s3.put_object(Bucket="imds-bucket", Key="k", Body=b"from imds")
assert s3.get_object(Bucket="imds-bucket", Key="k")["Body"].read() == b"from imds"
print("OK", creds.access_key)
"""


def test_boto3_default_chain_uses_imds(pail):
    env = clean_env(AWS_EC2_METADATA_SERVICE_ENDPOINT=pail.imds, AWS_ENDPOINT_URL=pail.endpoint,
                    AWS_DEFAULT_REGION="us-east-1")
    env.pop("AWS_EC2_METADATA_DISABLED")
    out = run_python(BOTO_SCRIPT, env)
    assert out.startswith("OK ASIA")


# botocore refreshes IMDS credentials 15 min (advisory) / 10 min (mandatory) before Expiration, and
# pushes out the local expiry of credentials already inside that window (protocol.md §1). With a 30 s
# lifetime the same rules are applied at the same proportions: the windows are scaled down in the
# client (8 s / 4 s), the extension disabled; the server rotates when a third (10 s) remains.
ROTATION_SCRIPT = """
import time, boto3
from botocore import credentials, utils
credentials.RefreshableCredentials._advisory_refresh_timeout = 8
credentials.RefreshableCredentials._mandatory_refresh_timeout = 4
utils.InstanceMetadataFetcher._evaluate_expiration = lambda self, c: None
s = boto3.session.Session()
s3 = s.client("s3")
s3.create_bucket(Bucket="rotation")
keys = []
end = time.time() + 36
i = 0
while time.time() < end:
    s3.put_object(Bucket="rotation", Key=f"k{i}", Body=b"x")
    assert s3.get_object(Bucket="rotation", Key=f"k{i}")["Body"].read() == b"x"
    k = s3._request_signer._credentials.get_frozen_credentials().access_key
    if not keys or keys[-1] != k:
        keys.append(k)
    i += 1
    time.sleep(1)
print(len(keys), i)
"""


def test_long_running_client_survives_rotation():
    with running_pail(config={"imds": {"credentialSeconds": 30}}) as server:
        env = clean_env(AWS_EC2_METADATA_SERVICE_ENDPOINT=server.imds, AWS_ENDPOINT_URL=server.endpoint,
                        AWS_DEFAULT_REGION="us-east-1")
        env.pop("AWS_EC2_METADATA_DISABLED")
        rotations, calls = map(int, run_python(ROTATION_SCRIPT, env).split())
        assert rotations >= 2, rotations
        assert calls > 20
