"""Faults on the IMDS endpoint: errors and immediately expired role credentials."""
import datetime
import json
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from identity_support import running_pail


def add_rule(server, rule):
    req = urllib.request.Request(server.endpoint + "/_pail/faults", data=json.dumps(rule).encode(), method="POST")
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.status == 201


def imds_get(server, path, token=None, method="GET", headers=None):
    h = dict(headers or {})
    if token:
        h["X-aws-ec2-metadata-token"] = token
    req = urllib.request.Request(server.imds + path, method=method, headers=h)
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode()


def role_credentials(server):
    token = imds_get(server, "/latest/api/token", method="PUT", headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
    role = imds_get(server, "/latest/meta-data/iam/security-credentials/", token)
    return json.loads(imds_get(server, f"/latest/meta-data/iam/security-credentials/{role}", token))


def test_imds_expire_credentials_fault_serves_expired_credentials_once_then_fresh_ones():
    with running_pail() as server:
        add_rule(server, {"match": {"service": "imds", "operations": ["GetRoleCredentials"]}, "when": "once",
                          "action": {"type": "expireCredentials"}})
        expired = role_credentials(server)
        when = datetime.datetime.strptime(expired["Expiration"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
        assert when <= datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=1)
        s3 = server.client(key=expired["AccessKeyId"], secret=expired["SecretAccessKey"], token=expired["Token"])
        with pytest.raises(ClientError) as e:
            s3.list_buckets()
        assert e.value.response["Error"]["Code"] == "ExpiredToken"
        fresh = role_credentials(server)
        assert fresh["AccessKeyId"] != expired["AccessKeyId"]
        s3 = server.client(key=fresh["AccessKeyId"], secret=fresh["SecretAccessKey"], token=fresh["Token"])
        assert s3.list_buckets()["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_imds_error_fault_answers_with_its_status():
    with running_pail() as server:
        add_rule(server, {"match": {"service": "imds", "operations": ["GetToken"]}, "when": {"first": 1},
                          "action": {"type": "error", "status": 503, "code": "ServiceUnavailable"}})
        with pytest.raises(urllib.error.HTTPError) as e:
            imds_get(server, "/latest/api/token", method="PUT", headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
        assert e.value.code == 503
        assert role_credentials(server)["Code"] == "Success"
