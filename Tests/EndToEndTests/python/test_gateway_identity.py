"""Pail's identities in front of a real Ceph RGW: users, STS sessions and IMDS role credentials are
checked by Pail and work on RGW's data through the gateway; the same requests sent to RGW directly,
without Pail's signing, are refused (the clients never hold the cluster's keys).

The gateway here is configured through the `upstream` section of the `--config` file (next to the
users and roles), rather than the `--upstream` flags the other gateway scenarios use.
"""
import json
import textwrap
import urllib.request

import pytest
from botocore.exceptions import ClientError

import gateway_support
from identity_support import clean_env, curl, run_python, running_pail
from pail_e2e import error_code, http_status, make_client, unique_bucket


@pytest.fixture(scope="module")
def prefix():
    return gateway_support.new_prefix()


@pytest.fixture(scope="module")
def pail(rgw, prefix):
    config = {
        "users": [{"accessKey": "alice", "secretKey": "alice-secret", "displayName": "Alice"}],
        "roles": [{"name": "writer", "maxSessionSeconds": 7200}, {"name": "alice-role", "user": "alice"}],
        "upstream": {"url": rgw.endpoint, "accessKey": gateway_support.GATEWAY_USER[0],
                     "secretKey": gateway_support.GATEWAY_USER[1], "bucketPrefix": prefix},
    }
    with running_pail(config=config) as server:
        yield server


@pytest.fixture(scope="module")
def rgw_direct(rgw):
    return gateway_support.direct(rgw)


def direct_with(rgw, key, secret, token=None):
    """A boto3 client that sends Pail-issued credentials straight to RGW."""
    import boto3
    from botocore.config import Config
    return boto3.session.Session().client(
        "s3", endpoint_url=rgw.endpoint, region_name="us-east-1", aws_access_key_id=key,
        aws_secret_access_key=secret, aws_session_token=token,
        config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}))


def assert_refused_by_rgw(client, bucket):
    with pytest.raises(ClientError) as e:
        client.list_objects_v2(Bucket=bucket)
    assert http_status(e.value) == 403
    assert error_code(e.value) in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied")


def test_sts_assume_role_credentials_read_and_write_rgw_data(pail, rgw, rgw_direct, prefix):
    creds = pail.client("sts").assume_role(RoleArn="arn:aws:iam::000000000000:role/writer",
                                           RoleSessionName="gw", DurationSeconds=3600)["Credentials"]
    s3 = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"])
    bucket = unique_bucket("sts")
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"written with an STS session")
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"written with an STS session"
    # The object lives in RGW, under the gateway's prefix.
    assert rgw_direct.client().get_object(Bucket=prefix + bucket, Key="k")["Body"].read() == b"written with an STS session"
    # The same credentials sent to RGW directly are not RGW's.
    assert_refused_by_rgw(direct_with(rgw, creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]),
                          prefix + bucket)
    # SigV2 and presigned URLs with the session: Pail checks them, then signs SigV4 for RGW.
    v2 = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"],
                     signature_version="s3")
    v2.put_object(Bucket=bucket, Key="v2", Body=b"sigv2")
    assert v2.get_object(Bucket=bucket, Key="v2")["Body"].read() == b"sigv2"
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}, ExpiresIn=300)
    assert urllib.request.urlopen(url).read() == b"written with an STS session"


def test_session_token_of_a_user_and_the_users_own_keys(pail, rgw, prefix):
    alice = pail.client(key="alice", secret="alice-secret")
    bucket = unique_bucket("alice")
    alice.create_bucket(Bucket=bucket)
    alice.put_object(Bucket=bucket, Key="k", Body=b"alice")
    creds = pail.client("sts", key="alice", secret="alice-secret").get_session_token(DurationSeconds=900)["Credentials"]
    temp = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"])
    assert temp.get_object(Bucket=bucket, Key="k")["Body"].read() == b"alice"
    assert_refused_by_rgw(direct_with(rgw, "alice", "alice-secret"), prefix + bucket)


def test_tampered_session_token_is_refused_by_pail(pail):
    creds = pail.client("sts").get_session_token(DurationSeconds=900)["Credentials"]
    forged = pail.client(key=creds["AccessKeyId"], secret=creds["SecretAccessKey"], token=creds["SessionToken"] + "x")
    with pytest.raises(ClientError) as e:
        forged.list_buckets()
    assert http_status(e.value) in (400, 403)


def test_rgw_keys_do_not_work_on_pail(pail):
    s3 = make_client(pail.endpoint, *gateway_support.GATEWAY_USER)
    with pytest.raises(ClientError) as e:
        s3.list_buckets()
    assert error_code(e.value) == "InvalidAccessKeyId"


BOTO_SCRIPT = textwrap.dedent("""
    import json
    import boto3
    from botocore.config import Config
    s = boto3.session.Session()
    creds = s.get_credentials().get_frozen_credentials()
    assert s.get_credentials().method == "iam-role"
    s3 = s.client("s3", config=Config(s3={"addressing_style": "path"}))
    s3.create_bucket(Bucket="BUCKET")
    s3.put_object(Bucket="BUCKET", Key="k", Body=b"from imds")
    assert s3.get_object(Bucket="BUCKET", Key="k")["Body"].read() == b"from imds"
    print(json.dumps({"ak": creds.access_key, "sk": creds.secret_key, "token": creds.token}))
""")


def test_imds_credentials_read_and_write_rgw_data(pail, rgw, rgw_direct, prefix):
    bucket = unique_bucket("imds")
    env = clean_env(AWS_EC2_METADATA_SERVICE_ENDPOINT=pail.imds, AWS_ENDPOINT_URL=pail.endpoint,
                    AWS_DEFAULT_REGION="us-east-1")
    env.pop("AWS_EC2_METADATA_DISABLED")
    out = run_python(BOTO_SCRIPT.replace("BUCKET", bucket), env)
    creds = json.loads(out.strip().splitlines()[-1])
    assert creds["ak"].startswith("ASIA")
    assert rgw_direct.client().get_object(Bucket=prefix + bucket, Key="k")["Body"].read() == b"from imds"
    assert_refused_by_rgw(direct_with(rgw, creds["ak"], creds["sk"], creds["token"]), prefix + bucket)


def test_imds_token_and_role_are_pails_own(pail):
    status, _, t = curl("-X", "PUT", pail.imds + "/latest/api/token", "-H", "X-aws-ec2-metadata-token-ttl-seconds: 60")
    assert status == 200
    status, _, body = curl(pail.imds + "/latest/meta-data/iam/security-credentials/", "-H",
                           f"X-aws-ec2-metadata-token: {t.decode()}")
    assert status == 200 and body == b"pail"
