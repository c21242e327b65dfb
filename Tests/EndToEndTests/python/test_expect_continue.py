"""`Expect: 100-continue` on a request without content still gets its 100 (Continue): botocore
otherwise parses the next Expect request's answer on that connection against the earlier final
status line and stalls until its read timeout (boto/botocore#3755). A zero-byte PutObject followed
by any PutObject on one pooled connection is all it takes."""
import time

import boto3
from botocore.config import Config

from pail_e2e import EMPTY_SHA256, REGION, raw_request, sign_headers


def test_zero_byte_put_then_put_on_one_connection_does_not_stall(server, bucket):
    cfg = Config(region_name=REGION, signature_version="s3v4", s3={"addressing_style": "path"},
                 retries={"total_max_attempts": 1}, read_timeout=5, max_pool_connections=1)
    s3 = boto3.session.Session().client("s3", endpoint_url=server.endpoint, region_name=REGION, config=cfg,
                                        aws_access_key_id=server.access_key, aws_secret_access_key=server.secret_key)
    # No other request in between: a request without Expect would reset botocore's state.
    for i, body in enumerate((b"", b"0123456789", b"", b"x" * 70_000, b"")):
        started = time.monotonic()
        s3.put_object(Bucket=bucket, Key=f"k{i}", Body=body)
        assert time.monotonic() - started < 4, f"PUT of {len(body)} bytes stalled"
    assert s3.get_object(Bucket=bucket, Key="k3")["Body"].read() == b"x" * 70_000


def test_empty_request_with_expect_gets_100_then_the_final_status(server, bucket):
    headers, _, _ = sign_headers(server, "PUT", f"/{bucket}/e", {"Expect": "100-continue"}, payload_hash=EMPTY_SHA256)
    headers["Content-Length"] = "0"
    # http.client skips the interim 100 as RFC 9110 §15.2 asks of clients; the final answer stands.
    status, _, _ = raw_request(server, "PUT", f"/{bucket}/e", headers=headers)
    assert status == 200
