"""Helpers for the gateway scenarios (test_gateway_*.py): a real Ceph RGW and `pail serve --upstream`.

The RGW is the single-node cluster of tools/ceph_rgw.py (Debian's ceph-mon, ceph-osd and radosgw on
loopback, memstore), started once per pytest session by the `rgw` fixture in conftest.py and shared by
every gateway scenario of that session. Each gateway Pail gets a bucket prefix of its own, so
scenarios never see each other's buckets in the shared cluster.

`swift test` installs the Ceph packages with apt when it can (Tests/EndToEndTests/ScenarioTools.swift),
as .ci/run does. Where it cannot (no root, no apt) the gateway scenarios skip, except under CI
(CI=true), where a missing cluster is a failure.
"""
from __future__ import annotations

import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

import pail_e2e
from pail_e2e import PailServer, make_client

sys.path.insert(0, str(pail_e2e.PACKAGE_ROOT / "tools"))
import ceph_rgw  # noqa: E402

# The credentials Pail signs with upstream, and a second RGW user that is nobody's gateway.
GATEWAY_USER = ("PAILGATEWAYKEY", "pail-gateway-secret")
OTHER_USER = ("RGWOTHERUSER", "rgw-other-secret")


@dataclass
class RGWEndpoint:
    """The cluster as a client sees it directly (the shape raw_request and friends expect)."""
    endpoint: str
    access_key: str
    secret_key: str
    region: str = pail_e2e.REGION
    external: bool = True

    @property
    def host_port(self) -> str:
        return self.endpoint.split("://", 1)[1].rstrip("/")

    @property
    def host(self) -> str:
        return self.host_port.rsplit(":", 1)[0]

    @property
    def port(self) -> int:
        return int(self.host_port.rsplit(":", 1)[1])

    def client(self, **kw):
        return make_client(self.endpoint, self.access_key, self.secret_key, region=self.region, **kw)

    def cli_env(self) -> dict:
        """The AWS CLI's environment for run_cli, as PailServer.cli_env gives it."""
        return pail_e2e.clean_env({"AWS_ACCESS_KEY_ID": self.access_key, "AWS_SECRET_ACCESS_KEY": self.secret_key,
                                   "AWS_DEFAULT_REGION": self.region})

    def as_user(self, user: tuple[str, str]) -> "RGWEndpoint":
        return RGWEndpoint(self.endpoint, user[0], user[1], self.region)


def rgw_session(tmp_path_factory):
    """Generator body of the session-scoped `rgw` fixture."""
    if pail_e2e.external_endpoint():
        pytest.skip("gateway scenarios start their own pail (PAIL_E2E_ENDPOINT is set)")
    if not ceph_rgw.have_packages():
        message = f"Ceph RGW is not installed (apt-get install -y --no-install-recommends {ceph_rgw.PACKAGES})"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    directory = tmp_path_factory.mktemp("rgw")
    cluster = ceph_rgw.start(directory, [GATEWAY_USER, OTHER_USER], detach=False)
    try:
        yield cluster
    finally:
        ceph_rgw.stop(directory)


def direct(cluster, user: tuple[str, str] = GATEWAY_USER) -> RGWEndpoint:
    """RGW itself, as `user` (the gateway's own upstream user by default)."""
    return RGWEndpoint(cluster.endpoint, *user)


def new_prefix() -> str:
    return f"gw{uuid.uuid4().hex[:6]}-"


def upstream_args(cluster, prefix: str | None, *, addressing: str | None = None) -> tuple:
    args = ("--upstream", cluster.endpoint, "--upstream-access-key", GATEWAY_USER[0],
            "--upstream-secret-key", GATEWAY_USER[1])
    if prefix:
        args += ("--upstream-bucket-prefix", prefix)
    if addressing:
        args += ("--upstream-addressing", addressing)
    return args


def start_gateway(tmp: Path, cluster, *, prefix: str | None = "", extra_args: tuple = (), **kw) -> PailServer:
    """`pail serve --upstream` in front of `cluster`, with a fresh bucket prefix unless `prefix` is
    given (None: no prefix at all)."""
    if prefix == "":
        prefix = new_prefix()
    srv = PailServer(tmp / "data", tmp, extra_args=upstream_args(cluster, prefix) + tuple(extra_args), **kw).start()
    srv.upstream_prefix = prefix or ""
    return srv
