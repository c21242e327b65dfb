#!/usr/bin/env python3
"""A single-node Ceph RGW on loopback, from Debian's packages, for Pail's gateway tests and benchmarks.

    tools/ceph-rgw.sh start DIR [--user AK:SK ...] [--bluestore]   start mon, OSD and radosgw
    tools/ceph-rgw.sh env DIR                                      print the endpoint and keys
    tools/ceph-rgw.sh user DIR AK:SK                               add a user
    tools/ceph-rgw.sh stop DIR                                     stop the daemons by pid
    tools/ceph-rgw.sh serve DIR [--user AK:SK ...]                 start, print the endpoint, and stop
                                                                   when stdin closes or the parent exits

Packages: `apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw ceph-common`.

Everything lives under DIR (configuration, monitor and OSD data, logs, sockets, `state.json` with the
pids, ports and users). No systemd, no mgr and no cephx: one monitor, one OSD on memstore (data in the
OSD's memory; `--bluestore` keeps it in a sparse file instead) and radosgw's beast frontend, all on
127.0.0.1 with ports found free at start. The daemons are stopped one at a time, radosgw first, then
the OSD, then the monitor, because stopping radosgw together with its OSD can leave radosgw hung.

Ceph's own documentation describes each step: "Manual Deployment" (monmaptool, ceph-mon --mkfs,
ceph osd new, ceph-osd --mkfs; https://docs.ceph.com/en/pacific/install/manual-deployment/),
the messenger settings (https://docs.ceph.com/en/pacific/rados/configuration/msgr2/), and
`radosgw-admin user create` (https://docs.ceph.com/en/pacific/radosgw/admin/).

Importable: the end-to-end fixtures and bench/run.py call `start()` and `stop()` directly.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

DEFAULT_USER = ("rgwadmin", "rgwadminsecret")
STOP_ORDER = ("radosgw", "osd", "mon")
PACKAGES = "ceph-mon ceph-osd radosgw ceph-common"


@dataclass
class RGW:
    """A running (or stopped) cluster: where it lives and how to reach it."""
    dir: str
    endpoint: str
    mon_port: int
    rgw_port: int
    port_min: int
    pids: dict = field(default_factory=dict)
    users: list = field(default_factory=list)

    @property
    def conf(self) -> str:
        return str(Path(self.dir) / "ceph.conf")

    @property
    def access_key(self) -> str:
        return self.users[0][0]

    @property
    def secret_key(self) -> str:
        return self.users[0][1]

    def save(self) -> None:
        (Path(self.dir) / "state.json").write_text(json.dumps(asdict(self), indent=1))

    @staticmethod
    def load(directory: str | Path) -> "RGW":
        return RGW(**json.loads((Path(directory) / "state.json").read_text()))

    def env(self) -> dict:
        return {"CEPH_CONF": self.conf}

    def add_user(self, access_key: str, secret_key: str, uid: str | None = None) -> None:
        """`radosgw-admin user create` with the given keys (uid defaults to the access key)."""
        uid = uid or access_key.lower()
        _run(["radosgw-admin", "user", "create", f"--uid={uid}", f"--display-name={uid}",
              f"--access-key={access_key}", f"--secret-key={secret_key}"], self.env(), timeout=60)
        self.users.append([access_key, secret_key])
        self.save()


def have_packages() -> bool:
    return all(shutil.which(t) for t in ("ceph-mon", "ceph-osd", "radosgw", "radosgw-admin", "monmaptool",
                                         "ceph-authtool", "ceph"))


# -------------------------------------------------------------------------------------------------
# Ports
# -------------------------------------------------------------------------------------------------
def _port_free(port: int) -> bool:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def _free_port() -> int:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _free_range(width: int = 100) -> int:
    """A run of `width` free ports for the OSD's messengers (ceph-mon does not fail on a taken port:
    it retries every 5 s, so every port is checked first)."""
    for _ in range(200):
        base = random.randrange(20000, 32000)
        if all(_port_free(p) for p in range(base, base + width)):
            return base
    raise RuntimeError("no free run of ports for the OSD")


# -------------------------------------------------------------------------------------------------
# Configuration
# -------------------------------------------------------------------------------------------------
def _conf(d: Path, fsid: str, mon_port: int, port_min: int, rgw_port: int, bluestore: bool,
          memstore_bytes: int) -> str:
    return f"""[global]
fsid = {fsid}
mon host = v2:127.0.0.1:{mon_port}
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind msgr2 = true
ms bind ipv6 = false
ms bind port min = {port_min}
ms bind port max = {port_min + 99}
auth cluster required = none
auth service required = none
auth client required = none
# radosgw's monitor client defaults to 'secure' mode, which fails (-13) when auth is none.
ms mon client mode = crc
# One map change per second by default makes radosgw's start take about 13 s.
paxos propose interval = 0.05
keyring = {d}/keyring
run dir = {d}/run
admin socket = {d}/run/$name.asok
log file = {d}/log/$name.log
mon cluster log file = {d}/log/cluster.log
crash dir = {d}/crash
tmp dir = {d}/tmp
mon data = {d}/$name
osd data = {d}/$name
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail warn = 1
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
osd objectstore = {"bluestore" if bluestore else "memstore"}
memstore device bytes = {memstore_bytes}
bluestore block path = {d}/$name.block
bluestore block size = {20 << 30}
bluestore block create = true
# The OSD's cache aims at this much memory (default 4 GiB; a laptop or CI runner has other work).
osd memory target = {1 << 30}
# Keys up to S3's 1024 bytes: RGW's rados object name is the bucket marker, "_", then the key.
osd max object name len = 2048
osd max object namespace len = 64

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:{rgw_port} tcp_nodelay=1
rgw data = {d}/rgw
"""


# -------------------------------------------------------------------------------------------------
# Processes
# -------------------------------------------------------------------------------------------------
def _run(cmd: list[str], env: dict, timeout: float = 30) -> str:
    full = dict(os.environ)
    full.update(env)
    p = subprocess.run(cmd, env=full, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {p.returncode}:\n{p.stdout}\n{p.stderr}")
    return p.stdout


def _die_with_parent() -> None:
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _spawn(cmd: list[str], env: dict, log: Path, detach: bool) -> int:
    full = dict(os.environ)
    full.update(env)
    with open(log, "ab") as out:
        p = subprocess.Popen(cmd, env=full, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=detach, preexec_fn=None if detach else _die_with_parent)
    return p.pid


def _alive(pid: int) -> bool:
    """Alive and not a zombie: an orphaned daemon lingers as a zombie for a while after it exits."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def _wait(what: str, check, timeout: float, pid: int | None = None, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if pid is not None and not _alive(pid):
            tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
            raise RuntimeError(f"{what}: the daemon exited\n{tail}")
        try:
            if check():
                return
        except Exception as e:  # noqa: BLE001 - any failure means "not yet"
            last = e
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not happen within {timeout}s ({last})")


def _stop_pid(pid: int, timeout: float = 10.0) -> None:
    if not _alive(pid):
        _reap(pid)
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            _reap(pid)
            if not _alive(pid):
                _reap(pid)
                return
            time.sleep(0.05)


# -------------------------------------------------------------------------------------------------
# Start and stop
# -------------------------------------------------------------------------------------------------
def start(directory: str | Path, users: list[tuple[str, str]] | None = None, *, bluestore: bool = False,
          detach: bool = True, timeout: float = 60.0, memstore_bytes: int = 4 << 30) -> RGW:
    """Starts mon, OSD and radosgw under `directory` (emptied first) and creates `users` (access key,
    secret key; the first one defaults to DEFAULT_USER). With `detach=False` the daemons die with the
    calling process (PR_SET_PDEATHSIG), as test fixtures want. Memstore keeps the data in the OSD's
    memory, up to `memstore_bytes` (deleted data is freed only by RGW's garbage collector, 2 h later)."""
    if not have_packages():
        raise RuntimeError(f"Ceph is not installed: apt-get install -y --no-install-recommends {PACKAGES}")
    d = Path(directory).resolve()
    if d.exists():
        if (d / "state.json").exists():
            stop(d)
        shutil.rmtree(d)
    for sub in ("run", "log", "crash", "tmp", "rgw"):
        (d / sub).mkdir(parents=True)
    fsid = str(uuid.uuid4())
    mon_port, rgw_port = _free_port(), _free_port()
    port_min = _free_range()
    while mon_port in range(port_min, port_min + 100) or rgw_port in range(port_min, port_min + 100) or mon_port == rgw_port:
        mon_port, rgw_port = _free_port(), _free_port()
    (d / "ceph.conf").write_text(_conf(d, fsid, mon_port, port_min, rgw_port, bluestore, memstore_bytes))
    env = {"CEPH_CONF": str(d / "ceph.conf")}
    rgw = RGW(dir=str(d), endpoint=f"http://127.0.0.1:{rgw_port}", mon_port=mon_port, rgw_port=rgw_port,
              port_min=port_min)
    rgw.save()
    try:
        _start_daemons(rgw, d, fsid, env, detach, timeout)
        for ak, sk in users or [DEFAULT_USER]:
            rgw.add_user(ak, sk)
    except BaseException:
        stop(d)
        raise
    return rgw


def _start_daemons(rgw: RGW, d: Path, fsid: str, env: dict, detach: bool, timeout: float) -> None:
    # 1. monitor map and keyring (cephx is off, but the tools still want a keyring file).
    _run(["monmaptool", "--create", "--fsid", fsid, "--addv", "a", f"[v2:127.0.0.1:{rgw.mon_port}]",
          str(d / "monmap")], env)
    _run(["ceph-authtool", "--create-keyring", str(d / "keyring"), "--gen-key", "-n", "mon.",
          "--cap", "mon", "allow *"], env)
    _run(["ceph-authtool", str(d / "keyring"), "--gen-key", "-n", "client.admin",
          "--cap", "mon", "allow *", "--cap", "osd", "allow *", "--cap", "mgr", "allow *"], env)
    # 2. monitor
    _run(["ceph-mon", "--mkfs", "-i", "a", "--monmap", str(d / "monmap"), "--keyring", str(d / "keyring")], env)
    rgw.pids["mon"] = _spawn(["ceph-mon", "-i", "a", "-f"], env, d / "log" / "mon.stdout", detach)
    rgw.save()
    _wait("ceph mon stat", lambda: _run(["ceph", "--connect-timeout", "5", "mon", "stat"], env, timeout=10) != "",
          timeout, rgw.pids["mon"], d / "log" / "mon.a.log")
    # 3. one OSD
    osd_uuid = str(uuid.uuid4())
    osd_id = _run(["ceph", "osd", "new", osd_uuid], env).strip()
    if osd_id != "0":
        raise RuntimeError(f"ceph osd new gave id {osd_id!r}, expected 0")
    (d / "osd.0").mkdir(exist_ok=True)
    _run(["ceph-osd", "-i", "0", "--mkfs", "--osd-uuid", osd_uuid], env, timeout=60)
    rgw.pids["osd"] = _spawn(["ceph-osd", "-i", "0", "-f"], env, d / "log" / "osd.stdout", detach)
    rgw.save()

    def osd_up() -> bool:
        dump = json.loads(_run(["ceph", "osd", "dump", "-f", "json"], env, timeout=10))
        return bool(dump["osds"]) and dump["osds"][0]["up"] == 1

    _wait("osd.0 up", osd_up, timeout, rgw.pids["osd"], d / "log" / "osd.0.log")
    # 4. radosgw
    rgw.pids["radosgw"] = _spawn(["radosgw", "-n", "client.rgw.a", "-f"], env, d / "log" / "radosgw.stdout", detach)
    rgw.save()

    def answers() -> bool:
        try:
            urllib.request.urlopen(rgw.endpoint + "/", timeout=2).read()
        except urllib.error.HTTPError:
            pass  # any HTTP answer (403 for an anonymous listing, say) means it is serving
        return True

    _wait("radosgw answering", answers, timeout, rgw.pids["radosgw"], d / "log" / "client.rgw.a.log")


def stop(directory: str | Path) -> None:
    """Stops the daemons by pid, one at a time: radosgw, then the OSD, then the monitor (TERM, then
    KILL after a wait)."""
    d = Path(directory)
    try:
        rgw = RGW.load(d)
    except (OSError, ValueError):
        return
    for name in STOP_ORDER:
        pid = rgw.pids.get(name)
        if pid:
            _stop_pid(pid)
    rgw.pids = {}
    rgw.save()


def running(directory: str | Path) -> bool:
    try:
        rgw = RGW.load(directory)
    except (OSError, ValueError):
        return False
    return bool(rgw.pids) and all(_alive(p) for p in rgw.pids.values())


# -------------------------------------------------------------------------------------------------
# Command line
# -------------------------------------------------------------------------------------------------
def _print_env(rgw: RGW) -> None:
    print(f"RGW_ENDPOINT={rgw.endpoint}")
    print(f"CEPH_CONF={rgw.conf}")
    for ak, sk in rgw.users:
        print(f"RGW_USER={ak}:{sk}")
    print(f"export AWS_ENDPOINT_URL={rgw.endpoint} AWS_ACCESS_KEY_ID={rgw.access_key} "
          f"AWS_SECRET_ACCESS_KEY={rgw.secret_key}")


def _serve(directory: str, users) -> int:
    """A cluster tied to the calling process (test harnesses in other languages): the daemons die with
    this process, which stops them in order when its parent goes away, stdin closes or it is signalled."""
    import select
    import threading
    parent = os.getppid()
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: done.set())
    rgw = start(directory, users, detach=False)
    try:
        _print_env(rgw)
        print("READY", flush=True)
        while not done.is_set() and os.getppid() == parent:
            readable, _, _ = select.select([sys.stdin], [], [], 0.5)
            if readable and not sys.stdin.buffer.read1(4096):
                break
    finally:
        stop(directory)
    return 0


def _user(text: str) -> tuple[str, str]:
    ak, sep, sk = text.partition(":")
    if not sep or not ak or not sk:
        raise argparse.ArgumentTypeError("a user is ACCESS_KEY:SECRET_KEY")
    return ak, sk


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("start", help="start mon, OSD and radosgw under DIR")
    s.add_argument("dir")
    s.add_argument("--user", action="append", type=_user, help="ACCESS_KEY:SECRET_KEY (repeatable)")
    s.add_argument("--bluestore", action="store_true", help="bluestore on a sparse file instead of memstore")
    for name, text in (("stop", "stop the daemons by pid"), ("env", "print the endpoint and keys")):
        sub.add_parser(name, help=text).add_argument("dir")
    v = sub.add_parser("serve", help="start, print the endpoint, stop when stdin closes or the parent exits")
    v.add_argument("dir")
    v.add_argument("--user", action="append", type=_user, help="ACCESS_KEY:SECRET_KEY (repeatable)")
    u = sub.add_parser("user", help="add a user")
    u.add_argument("dir")
    u.add_argument("key", type=_user)
    args = p.parse_args(argv)
    if args.command == "start":
        began = time.monotonic()
        rgw = start(args.dir, args.user, bluestore=args.bluestore, detach=True)
        print(f"# started in {time.monotonic() - began:.1f}s; stop with: tools/ceph-rgw.sh stop {args.dir}",
              file=sys.stderr)
        _print_env(rgw)
    elif args.command == "serve":
        return _serve(args.dir, args.user)
    elif args.command == "stop":
        stop(args.dir)
    elif args.command == "env":
        rgw = RGW.load(args.dir)
        if not running(args.dir):
            print("# not running", file=sys.stderr)
            _print_env(rgw)
            return 1
        _print_env(rgw)
    elif args.command == "user":
        RGW.load(args.dir).add_user(*args.key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
