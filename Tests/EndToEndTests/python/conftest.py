"""Fixtures for Pail's end-to-end scenarios.

A scenario module gets one `pail serve` process (`server`, module scope, own temp data dir); a test
that kills or restarts the server asks for `own_server` (function scope) instead. Set
PAIL_E2E_ENDPOINT=http://127.0.0.1:PORT to run the scenarios against an already running S3 server
(e.g. `python3 -m moto.server -p PORT`) to sanity-check the test code; tests that need to control the
process then skip.
"""
from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pail_e2e  # noqa: E402
from pail_e2e import PailServer, unique_bucket  # noqa: E402

pail_e2e.scrub_own_environment()


# ---------------------------------------------------------------------------------------------
# Gateway mode (test_gateway_*.py): one Ceph RGW per pytest session, shared by every gateway
# scenario of the session, and a gateway Pail per module (gateway_support.py).
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def rgw(tmp_path_factory):
    import gateway_support
    yield from gateway_support.rgw_session(tmp_path_factory)


@pytest.fixture(scope="module")
def gateway(tmp_path_factory, request, rgw):
    """`pail serve --upstream` in front of the session's RGW, with a bucket prefix of its own."""
    import gateway_support
    srv = gateway_support.start_gateway(tmp_path_factory.mktemp("gateway"), rgw)
    request.node._pail_servers = getattr(request.node, "_pail_servers", []) + [srv]
    yield srv
    code = srv.stop()
    assert code in (None, 0), f"pail exited {code} on SIGTERM; log:\n{srv.log_tail()}"


def _start(tmp: Path, **kw) -> PailServer:
    return PailServer(tmp / "data", tmp, **kw).start()


@pytest.fixture(scope="module")
def server(tmp_path_factory, request):
    srv = _start(tmp_path_factory.mktemp("pail"))
    request.node._pail_servers = getattr(request.node, "_pail_servers", []) + [srv]
    yield srv
    code = srv.stop()
    # A clean SIGTERM shutdown is part of the contract; a module's server that fails it fails loudly.
    assert code in (None, 0), f"pail exited {code} on SIGTERM; log:\n{srv.log_tail()}"


@pytest.fixture
def own_server(tmp_path, request):
    """A fresh server for this test alone (restart / kill / signal tests)."""
    if pail_e2e.external_endpoint():
        pytest.skip("needs a pail process of its own (PAIL_E2E_ENDPOINT is set)")
    srv = _start(tmp_path)
    request.node._pail_servers = [srv]
    yield srv
    if srv.proc is not None and srv.proc.poll() is None:
        srv.stop(signal.SIGKILL)


@pytest.fixture
def start_server(tmp_path, request):
    """Factory for extra servers with other options (region, credentials)."""
    if pail_e2e.external_endpoint():
        pytest.skip("needs a pail process of its own (PAIL_E2E_ENDPOINT is set)")
    started: list[PailServer] = []

    def start(name: str = "extra", **kw) -> PailServer:
        d = tmp_path / name
        d.mkdir()
        srv = _start(d, **kw)
        started.append(srv)
        request.node._pail_servers = getattr(request.node, "_pail_servers", []) + [srv]
        return srv

    yield start
    for srv in started:
        if srv.proc is not None and srv.proc.poll() is None:
            srv.stop(signal.SIGKILL)


@pytest.fixture
def s3(server):
    """Path-style boto3 client, one attempt per call."""
    return server.client()


@pytest.fixture
def bucket(s3):
    """A fresh, empty bucket for this test."""
    name = unique_bucket()
    s3.create_bucket(Bucket=name)
    return name


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        servers = list(getattr(item, "_pail_servers", []))
        parent = item.parent
        while parent is not None:
            servers += getattr(parent, "_pail_servers", [])
            parent = parent.parent
        for i, srv in enumerate(servers):
            if not srv.external:
                report.sections.append((f"pail log {i} ({srv.log_path})", srv.log_tail(80)))


@pytest.fixture
def gateway_factory(tmp_path, request, rgw):
    """Like `start_server`, but every server is a gateway in front of the session's RGW (a fresh
    bucket prefix each unless `prefix=` is given; `prefix=None` for none)."""
    import gateway_support
    started: list[PailServer] = []

    def start(name: str = "extra", prefix: str | None = "", **kw) -> PailServer:
        d = tmp_path / name
        d.mkdir()
        srv = gateway_support.start_gateway(d, rgw, prefix=prefix, **kw)
        started.append(srv)
        request.node._pail_servers = getattr(request.node, "_pail_servers", []) + [srv]
        return srv

    yield start
    for srv in started:
        if srv.proc is not None and srv.proc.poll() is None:
            srv.stop(signal.SIGKILL)
