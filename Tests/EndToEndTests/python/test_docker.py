"""docker/Dockerfile, read rather than built (no Docker engine here): its toolchain is the one the
project is tested with, it EXPOSEs exactly the ports its ENTRYPOINT makes listen on all interfaces,
and the ENTRYPOINT's arguments start a server that answers the HEALTHCHECK."""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pail_e2e import PACKAGE_ROOT, raw_request

DOCKERFILE = PACKAGE_ROOT / "docker" / "Dockerfile"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
# The listeners `pail serve` opens, and their defaults when the flag is absent (README's options table).
LISTENER_FLAGS = {"--address": "127.0.0.1:9000", "--tls-address": "off", "--imds-address": "127.0.0.1:1338"}


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per Dockerfile instruction, continuation lines joined, comments dropped."""
    out, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        word, _, rest = full.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def entrypoint() -> list[str]:
    found = [args for word, args in instructions() if word == "ENTRYPOINT"]
    assert len(found) == 1, "one ENTRYPOINT expected"
    argv = json.loads(found[0])  # exec form: no shell between Docker and pail
    assert argv[0] == "pail", argv
    return argv[1:]


def flag_values(args: list[str]) -> dict[str, str]:
    values = dict(LISTENER_FLAGS)
    for i, a in enumerate(args):
        name, eq, value = a.partition("=")
        if name in LISTENER_FLAGS:
            values[name] = value if eq else args[i + 1]
    return values


def listening_ports(args: list[str]) -> set[int]:
    """Ports reachable from outside the container: listeners not off and not bound to loopback."""
    ports = set()
    for value in flag_values(args).values():
        if value == "off":
            continue
        host, _, port = value.rpartition(":")
        if host not in LOOPBACK:
            ports.add(int(port))
    return ports


def exposed_ports() -> set[int]:
    ports = set()
    for word, args in instructions():
        if word == "EXPOSE":
            ports |= {int(p.split("/")[0]) for p in args.split()}
    return ports


def test_exposed_ports_are_exactly_those_the_entrypoint_listens_on():
    listening = listening_ports(entrypoint())
    assert 9000 in listening
    assert exposed_ports() == listening


def test_listening_port_rules_see_loopback_and_off_listeners_as_closed():
    # The rule itself: a loopback IMDS or absent TLS must not count as EXPOSE-able.
    assert listening_ports(["--address", "0.0.0.0:9000"]) == {9000}
    assert listening_ports(["--address=0.0.0.0:9000", "--tls-address", ":9443"]) == {9000, 9443}
    assert listening_ports(["--address", "0.0.0.0:9000", "--imds-address", "0.0.0.0:1338"]) == {9000, 1338}
    assert listening_ports([]) == set()


def test_build_stage_toolchain_matches_local_swift_major_minor():
    images = [args.split()[0] for word, args in instructions() if word == "FROM"]
    swift_images = [i for i in images if i.startswith("swift:")]
    assert swift_images, f"no swift: build image in {images}"
    m = re.match(r"swift:(\d+)\.(\d+)", swift_images[0])
    assert m, swift_images[0]
    swift = shutil.which("swift") or "/opt/swift/usr/bin/swift"
    if not Path(swift).exists():
        pytest.skip("no local swift toolchain to compare with")
    version = subprocess.run([swift, "--version"], capture_output=True, text=True, timeout=60).stdout
    local = re.search(r"Swift version (\d+)\.(\d+)", version)
    assert local, version
    assert (m.group(1), m.group(2)) == (local.group(1), local.group(2)), \
        f"Dockerfile builds with {swift_images[0]}, tests run with {local.group(0)}"


def test_dockerignore_keeps_build_products_and_history_out_of_the_context():
    lines = {l.strip() for l in (PACKAGE_ROOT / ".dockerignore").read_text().splitlines()}
    assert {".build/", ".git", "data/*"} <= lines or {".build", ".git", "data/*"} <= lines, lines


def test_build_stage_copies_files_that_are_committed():
    """A clean checkout is the build context: a COPY of a file git ignores (Package.resolved was,
    once) fails there, whatever this working tree holds."""
    tracked = None
    if (PACKAGE_ROOT / ".git").exists() and shutil.which("git"):
        ls = subprocess.run(["git", "-C", str(PACKAGE_ROOT), "ls-files"], capture_output=True, text=True)
        if ls.returncode == 0:
            tracked = ls.stdout.splitlines()
    for word, args in instructions():
        if word == "COPY" and not args.startswith("--from"):
            for src in args.split()[:-1]:
                assert (PACKAGE_ROOT / src).exists(), f"COPY {src}: not in the repository"
                if tracked is not None:
                    assert any(t == src or t.startswith(src.rstrip("/") + "/") for t in tracked), \
                        f"COPY {src}: not committed"


def test_entrypoint_arguments_start_a_server_that_answers_the_healthcheck(start_server, tmp_path):
    """The ENTRYPOINT's arguments, with /data and the listen address made local, must parse and serve,
    and the HEALTHCHECK's path must answer 200 without credentials."""
    args = entrypoint()
    local, skip = [], False
    for i, a in enumerate(args):
        if skip:
            skip = False
            continue
        if a in LISTENER_FLAGS:  # the harness listens on 127.0.0.1:0 itself; IMDS stays off
            skip = True
            continue
        local.append(str(tmp_path / "data") if a == "/data" else a)
    srv = start_server("docker", serve_args=(*local, "--imds-address", "off"))
    checks = [args for word, args in instructions() if word == "HEALTHCHECK"]
    assert len(checks) == 1
    url = re.search(r"http://[^/\s]+(/\S*)", checks[0])
    assert url, checks[0]
    port = re.search(r"http://[^/:\s]+:(\d+)", checks[0])
    assert port and int(port.group(1)) in listening_ports(args)
    status, _, _ = raw_request(srv, "GET", url.group(1))
    assert status == 200
