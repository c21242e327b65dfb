"""The client end-to-end scenarios, run again through Pail in gateway mode in front of a real Ceph RGW:
pail's own S3 client commands (test_cli_client.py: ls, cp, rm, mb, rb, cat, presign, stat) and the
AWS CLI's data-plane calls (test_cli_data_plane.py). See test_gateway_core.py for how the local-mode
tests are reused; where RGW 16.2 itself answers differently from AWS, the local-mode test is dropped
and a test below names the difference with a request sent to RGW directly.
"""
import json

import pytest
from botocore.exceptions import ClientError

import gateway_support
import test_cli_client
from pail_e2e import error_code, http_status, run_cli, unique_bucket

from test_cli_client import test_bucket_and_object_commands, test_cp_shows_progress_on_a_terminal  # noqa: F401
from test_cli_data_plane import *  # noqa: F401,F403
from test_cli_data_plane import api, fails


@pytest.fixture(scope="module")
def server(gateway):
    return gateway


@pytest.fixture
def server_env(gateway):
    """What `pail serve` prints as its export line, for the gateway: the CLI commands talk to Pail."""
    env = test_cli_client.clean_env()
    env.update(AWS_ENDPOINT_URL=gateway.endpoint, AWS_ACCESS_KEY_ID=gateway.access_key,
               AWS_SECRET_ACCESS_KEY=gateway.secret_key, AWS_REGION=gateway.region)
    return env


@pytest.fixture(scope="module")
def rgw_direct(rgw):
    """RGW itself, with the gateway's upstream credentials (what run_cli needs: endpoint, keys, region)."""
    return gateway_support.direct(rgw)


# Where RGW 16.2 differs from AWS (each shown by a test below).
del test_cli_list_buckets_paging  # noqa: F821 - max-buckets and prefix ignored
del test_cli_get_object_attributes_of_a_version  # noqa: F821 - no GetObjectAttributes
del test_cli_conditional_delete  # noqa: F821 - If-Match on DeleteObject ignored
del test_cli_delete_object_tagging_of_the_current_version  # noqa: F821 - tags kept
del test_cli_bucket_tagging_and_lifecycle  # noqa: F821 - empty <Message> trips the AWS CLI


def names(listing):
    return [b["Name"] for b in listing["Buckets"]]


def test_rgw_ignores_list_buckets_paging_and_the_gateway_shows_only_its_own_buckets(server, rgw_direct):
    created = sorted(unique_bucket("clipg") for _ in range(3))
    for n in created:
        api(server, "create-bucket", "--bucket", n)
    prefix = server.upstream_prefix
    # RGW directly: neither max-buckets nor prefix is applied, and no ContinuationToken comes back
    # (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html pages them).
    direct = json.loads(run_cli(rgw_direct, "s3api", "list-buckets", "--max-buckets", "1", "--prefix",
                                prefix + "clipg", "--no-paginate").stdout)
    assert {prefix + n for n in created} <= set(names(direct))
    assert "ContinuationToken" not in direct
    assert any(not n.startswith(prefix + "clipg") for n in names(direct))
    # Through the gateway: the same unpaged answer, cut to this gateway's buckets and shown without
    # the bucket prefix.
    through = api(server, "list-buckets", "--max-buckets", "1", "--prefix", "clipg", "--no-paginate")
    assert set(created) <= set(names(through))
    assert "ContinuationToken" not in through
    assert not any(n.startswith(prefix) for n in names(through))
    assert set(names(through)) == {n[len(prefix):] for n in names(direct) if n.startswith(prefix)}


def test_rgw_has_no_get_object_attributes_and_the_gateway_relays_its_error(server, s3, bucket, rgw_direct):
    s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    upstream_bucket = server.upstream_prefix + bucket
    direct = run_cli(rgw_direct, "s3api", "get-object-attributes", "--bucket", upstream_bucket, "--key", "k",
                     "--object-attributes", "ObjectSize", check=False)
    assert direct.returncode != 0 and "(500)" in direct.stderr, direct.stderr
    through = fails(server, "get-object-attributes", "--bucket", bucket, "--key", "k", "--object-attributes", "ObjectSize")
    assert "(500)" in through, through


def test_rgw_ignores_if_match_on_delete_object_and_the_gateway_relays_it(server, s3, bucket, rgw_direct, tmp_path):
    body = tmp_path / "b"
    body.write_bytes(b"deleted although the ETag does not match")
    upstream_bucket = server.upstream_prefix + bucket
    for target, b in ((rgw_direct, upstream_bucket), (server, bucket)):
        run_cli(target, "s3api", "put-object", "--bucket", b, "--key", "k", "--body", str(body))
        # AWS answers 412 PreconditionFailed and keeps the object; RGW 16.2 deletes it.
        run_cli(target, "s3api", "delete-object", "--bucket", b, "--key", "k", "--if-match", '"wrong"')
        assert "404" in run_cli(target, "s3api", "head-object", "--bucket", b, "--key", "k", check=False).stderr


def test_rgw_keeps_the_current_versions_tags_on_delete_object_tagging_without_a_version(server, s3, bucket, rgw_direct,
                                                                                       tmp_path):
    body = tmp_path / "b"
    body.write_bytes(b"tagged")
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    upstream_bucket = server.upstream_prefix + bucket
    for target, b, key in ((rgw_direct, upstream_bucket, "direct"), (server, bucket, "through")):
        version = json.loads(run_cli(target, "s3api", "put-object", "--bucket", b, "--key", key, "--body", str(body),
                                     "--tagging", "a=1").stdout)["VersionId"]
        # AWS removes the current version's tags; RGW 16.2 answers 204 and keeps them ...
        run_cli(target, "s3api", "delete-object-tagging", "--bucket", b, "--key", key)
        tags = json.loads(run_cli(target, "s3api", "get-object-tagging", "--bucket", b, "--key", key).stdout)
        assert tags["TagSet"] == [{"Key": "a", "Value": "1"}]
        # ... and removes them when the version is named.
        run_cli(target, "s3api", "delete-object-tagging", "--bucket", b, "--key", key, f"--version-id={version}")
        tags = json.loads(run_cli(target, "s3api", "get-object-tagging", "--bucket", b, "--key", key).stdout)
        assert tags["TagSet"] == []


def test_rgw_error_documents_have_an_empty_message_that_trips_the_aws_cli(server, s3, bucket, rgw_direct):
    lifecycle = {"Rules": [{"ID": "r", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "Expiration": {"Days": 7}}]}
    api(server, "put-bucket-tagging", "--bucket", bucket, "--tagging", "TagSet=[{Key=team,Value=mail}]")
    assert api(server, "get-bucket-tagging", "--bucket", bucket)["TagSet"] == [{"Key": "team", "Value": "mail"}]
    api(server, "put-bucket-lifecycle-configuration", "--bucket", bucket, "--lifecycle-configuration", json.dumps(lifecycle))
    assert api(server, "get-bucket-lifecycle-configuration", "--bucket", bucket)["Rules"][0]["ID"] == "r"
    api(server, "delete-bucket-tagging", "--bucket", bucket)
    api(server, "delete-bucket-lifecycle", "--bucket", bucket)
    upstream_bucket = server.upstream_prefix + bucket
    for target, b in ((rgw_direct, upstream_bucket), (server, bucket)):
        for op, code in (("get_bucket_tagging", "NoSuchTagSet"), ("get_bucket_lifecycle_configuration",
                                                                   "NoSuchLifecycleConfiguration")):
            # The right status and code, but <Message></Message> (AWS writes a sentence there) ...
            with pytest.raises(ClientError) as e:
                getattr(target.client(), op)(Bucket=b)
            assert (http_status(e.value), error_code(e.value)) == (404, code)
            assert e.value.response["Error"].get("Message") in (None, "")
            # ... on which AWS CLI 1.x's error-message hook fails, so the code never reaches stderr.
            cli = run_cli(target, "s3api", op.replace("_", "-"), "--bucket", b, check=False)
            assert cli.returncode != 0 and code not in cli.stderr, cli.stderr
