#!/usr/bin/env python3
"""Side-by-side benchmark: Pail (durable and --durability none), moto's server mode, nginx, and the disk.

Every goal is a ratio measured in the same run, because the machine is shared and absolute numbers
are noisy. Load is driven by wrk (small objects, presigned URLs reused), curl (large objects) and
boto3 (List/Delete). Prints a table and writes JSON.

    python3 bench/run.py                 # full run (about 5 minutes)
    python3 bench/run.py --quick         # CI smoke: tiny sizes and durations, no thresholds

Needs: python3 + boto3, moto[server], curl; wrk and nginx optional (apt-get install -y wrk nginx);
scenarios whose tool is missing are reported as skipped.
"""
import argparse
import html
import concurrent.futures as cf
import json
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import boto3
from botocore.config import Config

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY, SECRET, REGION = "minioadmin", "minioadmin", "us-east-1"
BUCKET = "bench"
KIB, MIB, GIB = 1024, 1024 * 1024, 1024 * 1024 * 1024


def log(*a):
    print("[bench]", *a, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout=30.0):
    end = time.time() + timeout
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


def raise_nofile():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, target), hard))


class Procs:
    def __init__(self):
        self.procs = []

    def add(self, p):
        self.procs.append(p)
        return p

    def stop_all(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()


PROCS = Procs()


def bench_policy(n):
    """A bucket policy of `n` statements that a GET by the bench's root credentials must read in full:
    Deny statements that match the action but not the key, Deny statements whose condition (source
    address outside loopback, plain HTTP for one prefix) does not hold, and Allow statements for
    others. None applies, so every request evaluates all of them."""
    b = f"arn:aws:s3:::{BUCKET}"
    kinds = [
        lambda i: {"Sid": f"DenyPrivate{i}", "Effect": "Deny", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"],
                   "Resource": f"{b}/private-{i}/*"},
        lambda i: {"Sid": f"LoopbackOnly{i}", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": f"{b}/*",
                   "Condition": {"NotIpAddress": {"aws:SourceIp": ["127.0.0.0/8", "::1/128"]}}},
        lambda i: {"Sid": f"TLSFor{i}", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": f"{b}/secure-{i}/*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        lambda i: {"Sid": f"ReadersOf{i}", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::000000000000:root"},
                   "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": [f"{b}/shared-{i}/*", b],
                   "Condition": {"StringLike": {"s3:prefix": [f"shared-{i}/*"]}}},
    ]
    return {"Version": "2012-10-17", "Statement": [kinds[i % len(kinds)](i) for i in range(n)]}


def start_pail(binary, data, durability="durable", port=0, extra_args=()):
    args = [binary, "serve", "--address", f"127.0.0.1:{port}", "--data", data,
            "--imds-address", "off", "--durability", durability, *extra_args]
    p = PROCS.add(subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True))
    endpoint = None
    end = time.time() + 30
    while time.time() < end:
        line = p.stdout.readline()
        if not line:
            break
        m = re.search(r"AWS_ENDPOINT_URL=(\S+)", line)
        if m:
            endpoint = m.group(1)
            break
    if not endpoint:
        raise RuntimeError("pail did not print its endpoint")
    # keep draining stdout so the server never blocks on a full pipe
    threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
    return p, endpoint


def start_moto():
    port = free_port()
    p = PROCS.add(subprocess.Popen([sys.executable, "-m", "moto.server", "-p", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    if not wait_port(port):
        raise RuntimeError("moto did not start")
    return p, f"http://127.0.0.1:{port}"


def start_nginx(tmp, root):
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not nginx:
        return None, None
    port = free_port()
    d = os.path.join(tmp, "nginx")
    os.makedirs(os.path.join(d, "tmp"), exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""
    conf = f"""{user}
daemon off; worker_processes 2; pid {d}/nginx.pid; error_log {d}/error.log;
events {{ worker_connections 8192; }}
http {{
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000000; keepalive_timeout 300;
  client_body_temp_path {d}/tmp; proxy_temp_path {d}/tmp; fastcgi_temp_path {d}/tmp;
  uwsgi_temp_path {d}/tmp; scgi_temp_path {d}/tmp;
  default_type application/octet-stream;
  server {{ listen 127.0.0.1:{port}; root {root}; }}
}}
"""
    with open(os.path.join(d, "nginx.conf"), "w") as f:
        f.write(conf)
    p = PROCS.add(subprocess.Popen([nginx, "-p", d, "-c", os.path.join(d, "nginx.conf"), "-e", f"{d}/error.log"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    if not wait_port(port):
        return None, None
    return p, f"http://127.0.0.1:{port}"


def client(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                        region_name=REGION,
                        config=Config(s3={"addressing_style": "path"}, signature_version="s3v4",
                                      max_pool_connections=64,
                                      retries={"max_attempts": 2}))


def presign(s3, method, key, expires=3600, bucket=BUCKET):
    cm = {"GET": "get_object", "HEAD": "head_object", "PUT": "put_object"}[method]
    return s3.generate_presigned_url(cm, Params={"Bucket": bucket, "Key": key}, ExpiresIn=expires)


# ---------------------------------------------------------------- server-side encryption

SSE_BUCKET = BUCKET + "-sse"


def openssl_gcm(block, decrypt=False, seconds=3):
    """MiB/s of `openssl speed -evp aes-256-gcm` at one block size (None without openssl): per second of
    user CPU time, openssl's default divisor."""
    exe = shutil.which("openssl")
    if not exe:
        return None
    args = [exe, "speed", "-evp", "aes-256-gcm", "-bytes", str(block), "-seconds", str(seconds)]
    out = subprocess.run(args + (["-decrypt"] if decrypt else []), capture_output=True, text=True).stdout
    m = re.search(r"^aes-256-gcm\s+([\d.]+)k", out, re.I | re.M)
    return float(m.group(1)) * 1000 / MIB if m else None


def pail_gcm(binary, seconds=3):
    """Pail's own chunk sealing and opening (`pail sse-speed`, per second of CPU time like openssl's):
    {chunk_size, seal_mib_s, open_mib_s}."""
    out = subprocess.run([binary, "sse-speed", "--seconds", str(seconds)], capture_output=True, text=True)
    try:
        return json.loads(out.stdout)
    except ValueError:
        log("pail sse-speed failed:", out.stderr[-400:])
        return None


# ---------------------------------------------------------------- wrk

WRK = shutil.which("wrk")
AB = shutil.which("ab")


def ab_head(url, conns, duration):
    """HEAD req/s via ApacheBench (-i): wrk's parser waits for a HEAD body (wrk issue #198)."""
    if not AB:
        return None
    out = subprocess.run([AB, "-q", "-k", "-i", "-c", str(conns), "-t", str(duration), "-n", "100000000", url],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    m = re.search(r"Requests per second:\s*([\d.]+)", out)
    if not m:
        log("ab output unparsed:", out[-400:])
        return None
    bad = re.search(r"Non-2xx responses:\s*(\d+)", out)
    ka = re.search(r"Keep-Alive requests:\s*(\d+)", out)
    done = re.search(r"Complete requests:\s*(\d+)", out)
    if bad:
        log("ab HEAD non-2xx:", bad.group(0))
        return None
    if ka and done and int(ka.group(1)) < 0.9 * int(done.group(1)):
        log(f"ab HEAD {url[:40]}: only {ka.group(1)}/{done.group(1)} requests reused a connection")
    return float(m.group(1))


def wrk(url, conns, duration, method="GET", body_file=None, tmp="/tmp"):
    """Requests/sec (non-2xx responses make the result None)."""
    if not WRK:
        return None
    lua = os.path.join(tmp, f"wrk-{method}.lua")
    with open(lua, "w") as f:
        f.write(f'wrk.method = "{method}"\n')
        if body_file:
            f.write(f'local f = io.open("{body_file}", "rb"); wrk.body = f:read("*a"); f:close()\n')
        f.write('wrk.headers["Connection"] = "keep-alive"\n')
    threads = min(2, conns)
    out = subprocess.run([WRK, f"-t{threads}", f"-c{conns}", f"-d{duration}s", "-s", lua, url],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    m = re.search(r"Requests/sec:\s*([\d.]+)", out)
    if not m:
        log("wrk output unparsed:", out[-400:])
        return None
    rps = float(m.group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if bad or (errs and int(errs.group(1)) > 0):
        log(f"wrk {method} {url[:60]}... had errors:", (bad.group(0) if bad else ""), (errs.group(0) if errs else ""))
        if bad and int(bad.group(1)) > 0.01 * float(re.search(r"(\d+) requests in", out).group(1)):
            return None
    return rps


# ---------------------------------------------------------------- curl large objects

def curl_get(url):
    out = subprocess.run(["curl", "-sS", "-f", "-o", "/dev/null", "-w", "%{speed_download} %{size_download}", url],
                         capture_output=True, text=True)
    if out.returncode != 0:
        log("curl GET failed", out.stderr)
        return None
    speed, size = out.stdout.split()
    return float(speed) / MIB


def curl_put(url, path):
    out = subprocess.run(["curl", "-sS", "-f", "-H", "Expect:", "-T", path, "-o", "/dev/null", "-w", "%{speed_upload}", url],
                         capture_output=True, text=True)
    if out.returncode != 0:
        log("curl PUT failed", out.stderr)
        return None
    return float(out.stdout) / MIB


# ---------------------------------------------------------------- disk baselines

def disk_seq_write(directory, size):
    path = os.path.join(directory, "disk-seq")
    buf = os.urandom(MIB)
    t = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    for _ in range(size // MIB):
        os.write(fd, buf)
    os.fsync(fd)
    os.close(fd)
    dt = time.perf_counter() - t
    os.unlink(path)
    return size / MIB / dt


def disk_serial_small(directory, seconds):
    """Serial write(4 KiB)+fsync+rename per second: the rate one durable small PUT at a time would get."""
    buf = os.urandom(4 * KIB)
    n = 0
    t = time.perf_counter()
    while time.perf_counter() - t < seconds:
        tmp, final = os.path.join(directory, f"t{n}"), os.path.join(directory, f"o{n % 16}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.write(fd, buf)
        os.fsync(fd)
        os.close(fd)
        os.rename(tmp, final)
        n += 1
    return n / (time.perf_counter() - t)


# ---------------------------------------------------------------- list / delete

def upload_keys(s3, prefix, n, bucket=None):
    def put(i):
        s3.put_object(Bucket=bucket or BUCKET, Key=f"{prefix}{i:06d}", Body=b"x")
    with cf.ThreadPoolExecutor(32) as ex:
        list(ex.map(put, range(n)))


class RawS3:
    """A thin SigV4 client (botocore's signer, http.client, a regex for the page token) for List and
    DeleteObjects: boto3's own XML parsing and request building take longer than Pail's answer, so a
    boto3 timing measures mostly boto3. Both servers are driven by the same client."""

    def __init__(self, endpoint):
        import http.client
        from urllib.parse import urlparse
        from botocore.credentials import Credentials
        u = urlparse(endpoint)
        self.endpoint = endpoint
        self.conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
        self.creds = Credentials(KEY, SECRET)

    def request(self, method, path, query="", body=b"", headers=None):
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        url = self.endpoint + path + (("?" + query) if query else "")
        req = AWSRequest(method=method, url=url, data=body, headers=dict(headers or {}))
        S3SigV4Auth(self.creds, "s3", REGION).add_auth(req)
        prepared = req.prepare()
        self.conn.request(method, prepared.url[len(self.endpoint):], body=body or None, headers=dict(prepared.headers))
        r = self.conn.getresponse()
        data = r.read()
        if r.status != 200:
            raise RuntimeError(f"{method} {path}?{query}: {r.status} {data[:300]!r}")
        return data

    def list_all(self, prefix, bucket=None):
        """Every page of ListObjectsV2 (1000 keys each); returns the number of keys seen."""
        from urllib.parse import quote
        bucket = bucket or BUCKET
        count, token = 0, None
        while True:
            q = f"list-type=2&max-keys=1000&prefix={quote(prefix, safe='')}"
            if token:
                q = f"continuation-token={quote(token, safe='')}&" + q
            data = self.request("GET", f"/{bucket}", q)
            count += data.count(b"<Key>")
            m = re.search(rb"<NextContinuationToken>([^<]*)</NextContinuationToken>", data)
            if not m or b"<IsTruncated>true</IsTruncated>" not in data:
                return count
            token = html.unescape(m.group(1).decode())

    @staticmethod
    def delete_body(keys):
        import base64
        import hashlib
        body = ("<Delete><Quiet>true</Quiet>" + "".join(f"<Object><Key>{k}</Key></Object>" for k in keys)
                + "</Delete>").encode()
        return body, base64.b64encode(hashlib.md5(body).digest()).decode()

    def delete(self, body, md5):
        data = self.request("POST", f"/{BUCKET}", "delete=", body, {"Content-MD5": md5,
                                                                    "Content-Type": "application/xml"})
        assert b"<Error>" not in data, data[:300]


def time_list(endpoint, prefix, n, repeats=3, bucket=None):
    raw = RawS3(endpoint)
    raw.list_all(prefix, bucket)  # warm the connection and caches alike on both servers
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        count = raw.list_all(prefix, bucket)
        times.append(time.perf_counter() - t)
        assert count == n, (count, n)
    return statistics.median(times)


def time_list_boto3(s3, prefix, n):
    """The same listing through boto3's paginator: what a Python test suite sees end to end."""
    t = time.perf_counter()
    count = sum(p.get("KeyCount", 0) for p in s3.get_paginator("list_objects_v2").paginate(
        Bucket=BUCKET, Prefix=prefix, PaginationConfig={"PageSize": 1000}))
    assert count == n, (count, n)
    return time.perf_counter() - t


def time_delete(s3, endpoint, prefix, n, repeats=3):
    raw = RawS3(endpoint)
    times = []
    for _ in range(repeats):
        upload_keys(s3, prefix, n)
        bodies = [RawS3.delete_body([f"{prefix}{i:06d}" for i in range(j, min(n, j + 1000))]) for j in range(0, n, 1000)]
        raw.request("HEAD", f"/{BUCKET}")  # open the connection outside the timing
        t = time.perf_counter()
        for body, md5 in bodies:
            raw.delete(body, md5)
        times.append(time.perf_counter() - t)
        assert not s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix).get("KeyCount"), "keys left after delete"
    return statistics.median(times)


# ---------------------------------------------------------------- cold start

def cold_start(binary, tmp, repeats):
    times = []
    req = b"GET /_pail/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    for i in range(repeats):
        port = free_port()
        data = os.path.join(tmp, f"cold{i}")
        t = time.perf_counter()
        p = subprocess.Popen([binary, "serve", "--address", f"127.0.0.1:{port}", "--data", data,
                              "--imds-address", "off"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ok = False
        while time.perf_counter() - t < 10:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(req)
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        ok = True
                        break
            except OSError:
                time.sleep(0.0005)
        dt = time.perf_counter() - t
        p.terminate()
        p.wait()
        if ok:
            times.append(dt * 1000)
    return statistics.median(times) if times else None


# ---------------------------------------------------------------- RSS while streaming

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        st = f.read()
    return int(re.search(r"VmRSS:\s*(\d+)", st).group(1)), int(re.search(r"VmHWM:\s*(\d+)", st).group(1))


def rss_stream(pid, s3, size, known_length=False):
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            try:
                peak[0] = max(peak[0], rss_kib(pid)[0])
            except Exception:
                pass
            time.sleep(0.02)
    th = threading.Thread(target=sample, daemon=True)
    base = rss_kib(pid)[0]
    th.start()
    key = "stream"
    put = presign(s3, "PUT", key)
    t = time.perf_counter()
    # chunked upload of `size` zero bytes generated on the fly (never materialised on disk or in memory)
    head = subprocess.Popen(["head", "-c", str(size), "/dev/zero"], stdout=subprocess.PIPE)
    # known_length: a Content-Length instead of chunked coding (AWS and Ceph RGW refuse a chunked PUT, 411)
    length = ["-H", f"Content-Length: {size}", "-H", "Transfer-Encoding:"] if known_length else []
    up = subprocess.run(["curl", "-sS", "-f", "-H", "Expect:", *length, "-T", "-", "-o", "/dev/null", put],
                        stdin=head.stdout, capture_output=True, text=True)
    head.stdout.close()  # else `head` waits forever on a full pipe when curl stops early
    head.wait()
    put_s = time.perf_counter() - t
    t = time.perf_counter()
    down = subprocess.run(["curl", "-sS", "-f", "-o", "/dev/null", "-w", "%{size_download}", presign(s3, "GET", key)],
                          capture_output=True, text=True)
    get_s = time.perf_counter() - t
    stop.set()
    th.join()
    ok = up.returncode == 0 and down.returncode == 0 and int(float(down.stdout or 0)) == size
    if not ok:
        log("stream failed", up.stderr, down.stderr, down.stdout)
    s3.delete_object(Bucket=BUCKET, Key=key)
    return {"ok": ok, "base_rss_mib": base / 1024, "peak_rss_mib": peak[0] / 1024,
            "hwm_mib": rss_kib(pid)[1] / 1024, "put_mib_s": size / MIB / put_s, "get_mib_s": size / MIB / get_s}


# ---------------------------------------------------------------- idle connections

def idle_connections(endpoint, n, load):
    host, port = endpoint.replace("http://", "").split(":")
    req = f"GET /_pail/health HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode()
    socks, opened = [], 0
    for _ in range(n):
        try:
            s = socket.create_connection((host, int(port)), timeout=10)
            s.sendall(req)
            socks.append(s)
        except OSError as e:
            log("idle open failed:", e)
            break
    for s in socks:
        try:
            if s.recv(4096).startswith(b"HTTP/1.1 200"):
                opened += 1
        except OSError:
            pass
    rps = load()
    held = 0
    for s in socks:
        try:
            s.sendall(req)
        except OSError:
            continue
    for s in socks:
        try:
            if s.recv(4096).startswith(b"HTTP/1.1 200"):
                held += 1
        except OSError:
            pass
        s.close()
    return opened, held, rps


# ---------------------------------------------------------------- metrics scraping

def scraper(endpoint, hz, stop):
    """GETs /_pail/metrics `hz` times a second on a thread of its own until `stop` is set, as a
    Prometheus server scraping far more often than the usual 15 s would. Returns (thread, stats)."""
    import http.client
    host, port = endpoint.replace("http://", "").split(":")
    stats = {"scrapes": 0, "failed": 0, "max_ms": 0.0}

    def run():
        period, due = 1.0 / hz, time.monotonic()
        while not stop.is_set():
            t0 = time.monotonic()
            try:
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                conn.request("GET", "/_pail/metrics")
                resp = conn.getresponse()
                ok = resp.status == 200 and b"pail_requests_total" in resp.read()
                conn.close()
            except OSError:
                ok = False
            stats["scrapes" if ok else "failed"] += 1
            stats["max_ms"] = max(stats["max_ms"], (time.monotonic() - t0) * 1000)
            due += period
            stop.wait(max(0.0, due - time.monotonic()))

    thread = threading.Thread(target=run, daemon=True, name="scraper")
    thread.start()
    return thread, stats


def metrics_group(endpoint, url, D, put, rounds=2):
    """Small GET throughput without and with a scraper at 10/s, alternated `rounds` times (best of
    each kept: the machine is shared, and alternating spreads its noise over both sides)."""
    out = {}
    for conns in (1, 64):
        scn = f"GET 4 KiB c{conns} + scrape 10/s"
        without, with_, scrapes = [], [], []
        for _ in range(rounds):
            without.append(wrk(url, conns, D))
            stop = threading.Event()
            thread, stats = scraper(endpoint, 10, stop)
            with_.append(wrk(url, conns, D))
            stop.set()
            thread.join()
            scrapes.append(stats)
        best = lambda xs: max((x for x in xs if x), default=None)
        put(scn, "pail", best(with_), "req/s")
        put(scn, "baseline", best(without), "req/s")
        out[scn] = {"rps_without": without, "rps_with": with_, "scrapers": scrapes}
    # What the scrapes cost the server, by its own histogram: CPU taken from the GETs at most.
    with urllib.request.urlopen(endpoint + "/_pail/metrics", timeout=10) as r:
        text = r.read().decode()
    found = dict(re.findall(r'^pail_request_duration_seconds_(sum|count)\{operation="PailMetrics"\} (\S+)$', text, re.M))
    if found.get("count"):
        out["scrape_server_ms_mean"] = float(found["sum"]) / float(found["count"]) * 1000
        out["scrapes_served"] = int(found["count"])
    return out


# ---------------------------------------------------------------- gateway mode

GW_KEY, GW_SECRET = "BENCHGATEWAY", "bench-gateway-secret"


def small_get_latencies(urls, n):
    """Per-request seconds of `n` GETs of each presigned URL in `urls` (name -> URL), one to one in turn,
    each over a keep-alive connection of its own: on a shared, loaded machine both then see the same
    load, and request i of one can be compared with request i of the other."""
    import http.client
    import urllib.parse
    conns = {}
    for name, url in urls.items():
        u = urllib.parse.urlsplit(url)
        conns[name] = (http.client.HTTPConnection(u.hostname, u.port, timeout=30), u.path + "?" + u.query)
    out = {name: [] for name in urls}
    for _ in range(n):
        for name, (conn, target) in conns.items():
            t = time.perf_counter()
            conn.request("GET", target)
            r = conn.getresponse()
            r.read()
            out[name].append(time.perf_counter() - t)
            if r.status != 200:
                raise RuntimeError(f"small GET {name} {r.status}")
    for conn, _ in conns.values():
        conn.close()
    return out


def gateway_group(binary, tmp, BIG, STREAM, big, small, q, notes, put):
    """GET/PUT of a large object and small GET latency through `pail serve --upstream` against the same
    requests sent to a single-node Ceph RGW directly, and Pail's RSS while a large object streams through."""
    sys.path.insert(0, os.path.join(ROOT, "tools"))
    import ceph_rgw
    if not ceph_rgw.have_packages():
        notes.append(f"Ceph RGW not installed: gateway group skipped (apt-get install -y --no-install-recommends {ceph_rgw.PACKAGES})")
        return None
    rgw_dir = os.path.join(tmp, "rgw")
    log("starting Ceph RGW")
    # Bluestore on a sparse file, not memstore: the 5 GiB stream and the overwritten 256 MiB objects
    # (kept by RGW's garbage collector for 2 h) would otherwise sit in the OSD's memory (12 GiB seen).
    cluster = ceph_rgw.start(rgw_dir, [(GW_KEY, GW_SECRET)], detach=False, bluestore=not q)
    try:
        gw_p, gw_ep = start_pail(binary, os.path.join(tmp, "pail-gw-data"), "none",
                                 extra_args=("--upstream", cluster.endpoint, "--upstream-access-key", GW_KEY,
                                             "--upstream-secret-key", GW_SECRET))
        gw_s3 = client(gw_ep)
        rgw_s3 = boto3.client("s3", endpoint_url=cluster.endpoint, aws_access_key_id=GW_KEY,
                              aws_secret_access_key=GW_SECRET, region_name=REGION,
                              config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"))
        gw_s3.create_bucket(Bucket=BUCKET)
        gw_s3.upload_file(small, BUCKET, "small")
        gw_s3.upload_file(big, BUCKET, "big")
        urls = {}
        for name, c in (("gateway", gw_s3), ("rgw", rgw_s3)):
            urls[name] = {"GET": presign(c, "GET", "small"), "GETBIG": presign(c, "GET", "big"),
                          "PUTBIG": presign(c, "PUT", "big-put")}
        for t in ("rgw", "gateway", "rgw", "gateway"):  # interleaved: the machine is shared
            log(f"gateway GET big {t}")
            curl_get(urls[t]["GETBIG"])
            best = max(curl_get(urls[t]["GETBIG"]) or 0 for _ in range(2))
            R_GW[("GET", t)] = max(R_GW.get(("GET", t), 0), best)
        for t in ("rgw", "gateway", "rgw", "gateway"):
            log(f"gateway PUT big {t}")
            best = max(curl_put(urls[t]["PUTBIG"], big) or 0 for _ in range(1 if q else 2))
            R_GW[("PUT", t)] = max(R_GW.get(("PUT", t), 0), best)
        for t in ("gateway", "rgw"):
            put("gateway GET 256 MiB", t, R_GW[("GET", t)], "MiB/s")
            put("gateway PUT 256 MiB", t, R_GW[("PUT", t)], "MiB/s")
        log("gateway small GET latency")
        n = 100 if q else 1000
        small = {t: urls[t]["GET"] for t in ("rgw", "gateway")}
        small_get_latencies(small, 20)  # warm
        lat = small_get_latencies(small, n)
        p50 = {t: statistics.median(v) * 1000 for t, v in lat.items()}
        for t in ("gateway", "rgw"):
            put("gateway GET 4 KiB p50", t, p50[t], "ms")
        # What Pail adds: the median of the paired differences (request i through Pail against request i
        # sent directly, back to back), steadier under a shared machine's load than a difference of medians.
        added = statistics.median(g - r for g, r in zip(lat["gateway"], lat["rgw"])) * 1000
        log(f"gateway stream {STREAM // MIB} MiB")
        st = rss_stream(gw_p.pid, gw_s3, STREAM, known_length=True)
        put(f"gateway RSS streaming {STREAM // MIB} MiB", "gateway", st["peak_rss_mib"] if st["ok"] else None, "MiB")
        gw_p.terminate()
        return {"added_p50_ms": added, "difference_of_p50_ms": p50["gateway"] - p50["rgw"], "p50_ms": p50, "stream": st,
                "rgw": cluster.endpoint}
    finally:
        ceph_rgw.stop(rgw_dir)


R_GW = {}


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pail", help="pail binary (default: build .build/release/pail)")
    ap.add_argument("--quick", action="store_true", help="CI smoke: tiny sizes and durations")
    ap.add_argument("--duration", type=int, help="seconds per wrk run (default 5, quick 1)")
    ap.add_argument("--json", default=os.path.join(ROOT, "bench", "results.json"))
    ap.add_argument("--tmp", help="scratch directory (default: a new one under /tmp)")
    ap.add_argument("--policy-statements", type=int, default=0,
                    help="put a bucket policy of this many statements on Pail's bench bucket (authorization cost)")
    ap.add_argument("--only", help="comma-separated groups to run: disk,small,big,sse,list,cold,stream,idle,metrics,gateway "
                                   "(default: all; goals whose numbers are missing show '?')")
    a = ap.parse_args()
    only = set(a.only.split(",")) if a.only else None

    def want(group):
        return only is None or group in only
    q = a.quick
    D = a.duration or (1 if q else 5)
    BIG = 16 * MIB if q else 256 * MIB
    STREAM = 64 * MIB if q else 5 * GIB
    NLIST = 1000 if q else 10000
    NDEL = 200 if q else 1000
    NIDLE = 100 if q else 1000
    raise_nofile()

    binary = a.pail
    if not binary:
        log("building pail (release)")
        subprocess.run(["swift", "build", "-c", "release", "--product", "pail"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        binary = os.path.join(ROOT, ".build", "release", "pail")
    binary = os.path.abspath(binary)
    tmp = a.tmp or tempfile.mkdtemp(prefix="pail-bench-")
    os.makedirs(tmp, exist_ok=True)
    notes = []
    if not AB:
        notes.append("ab not found: HEAD scenarios skipped (apt-get install -y apache2-utils)")
    if not WRK:
        notes.append("wrk not found: small-object scenarios skipped (apt-get install -y wrk)")

    small = os.path.join(tmp, "small.bin")
    big = os.path.join(tmp, "big.bin")
    with open(small, "wb") as f:
        f.write(os.urandom(4 * KIB))
    with open(big, "wb") as f:
        for _ in range(BIG // MIB):
            f.write(os.urandom(MIB))

    # servers
    pail_p, pail_ep = start_pail(binary, os.path.join(tmp, "pail-data"))
    nd_p, nd_ep = start_pail(binary, os.path.join(tmp, "pail-nd-data"), "none")
    moto_p, moto_ep = start_moto()
    root = os.path.join(tmp, "www")
    os.makedirs(os.path.join(root, BUCKET))
    shutil.copy(small, os.path.join(root, BUCKET, "small"))
    shutil.copy(big, os.path.join(root, BUCKET, "big"))
    os.chmod(tmp, 0o755)
    ng_p, ng_ep = start_nginx(tmp, root)
    if not ng_ep:
        notes.append("nginx not available: nginx columns and nginx ratios skipped (apt-get install -y nginx)")
    log("pail", pail_ep, "pail-none", nd_ep, "moto", moto_ep, "nginx", ng_ep)

    s3 = {"pail": client(pail_ep), "pail_none": client(nd_ep), "moto": client(moto_ep)}
    # "sse": the large-object rows again with SSE-S3 (a bucket default, so presigned URLs need no
    # headers), beside the unencrypted ones, and AES-GCM beside openssl's.
    sse = want("sse") or want("big")
    for name, c in s3.items():
        c.create_bucket(Bucket=BUCKET)
        if a.policy_statements and name != "moto":
            c.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(bench_policy(a.policy_statements)))
        c.upload_file(small, BUCKET, "small")
        if name != "moto":
            c.upload_file(big, BUCKET, "big")
        if name != "moto" and sse:
            c.create_bucket(Bucket=SSE_BUCKET)
            c.put_bucket_encryption(Bucket=SSE_BUCKET, ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
            c.upload_file(big, SSE_BUCKET, "big")
    urls = {}
    for name, c in s3.items():
        urls[name] = {m: presign(c, m, "small") for m in ("GET", "HEAD", "PUT")}
        urls[name]["GETBIG"] = presign(c, "GET", "big")
        urls[name]["PUTBIG"] = presign(c, "PUT", "big-put")
        if name != "moto" and sse:
            urls[name]["GETBIG_SSE"] = presign(c, "GET", "big", bucket=SSE_BUCKET)
            urls[name]["PUTBIG_SSE"] = presign(c, "PUT", "big-put", bucket=SSE_BUCKET)
    if ng_ep:
        urls["nginx"] = {"GET": f"{ng_ep}/{BUCKET}/small", "HEAD": f"{ng_ep}/{BUCKET}/small",
                         "GETBIG": f"{ng_ep}/{BUCKET}/big"}

    R = {}  # scenario -> {target: value}
    units = {}

    def put(scn, target, val, unit):
        R.setdefault(scn, {})[target] = val
        units[scn] = unit

    # disk baselines, on the filesystem pail writes to
    ddir = os.path.join(tmp, "disk")
    os.makedirs(ddir)
    if want("disk"):
      log("disk baselines")
      # best of 3, as Pail's PUT rows are: one disk run against Pail's best flatters Pail
      put("PUT 256 MiB", "disk", max(disk_seq_write(ddir, BIG) for _ in range(3)), "MiB/s")
      put("PUT 4 KiB c64", "disk", disk_serial_small(ddir, 1 if q else 3), "req/s")

    # small objects via wrk
    targets = ["pail", "pail_none", "moto", "nginx"] if ng_ep else ["pail", "pail_none", "moto"]
    for method in ("GET", "HEAD", "PUT") if want("small") else ():
        for conns in (1, 64):
            scn = f"{method} 4 KiB c{conns}" if method != "HEAD" else f"HEAD c{conns}"
            for t in targets:
                if method not in urls.get(t, {}):
                    continue
                log(f"wrk {scn} {t}")
                if method == "HEAD":
                    put(scn, t, ab_head(urls[t][method], conns, D), "req/s")
                else:
                    put(scn, t, wrk(urls[t][method], conns, D, method, small if method == "PUT" else None, tmp),
                        "req/s")

    # large objects via curl
    for t in (["pail", "pail_none"] + (["nginx"] if ng_ep else [])) if want("big") or sse else []:
        log(f"GET big {t}")
        curl_get(urls[t]["GETBIG"])  # warm the page cache
        put("GET 256 MiB", t, max(curl_get(urls[t]["GETBIG"]) or 0 for _ in range(3)), "MiB/s")
    for t in ["pail", "pail_none"] if want("big") or sse else []:
        log(f"PUT big {t}")
        put("PUT 256 MiB", t, max(curl_put(urls[t]["PUTBIG"], big) or 0 for _ in range(2 if q else 3)), "MiB/s")
    SG, SP = "GET 256 MiB SSE-S3", "PUT 256 MiB SSE-S3"
    for t in ["pail", "pail_none"] if sse else []:
        log(f"GET big SSE-S3 {t}")
        curl_get(urls[t]["GETBIG_SSE"])
        put(SG, t, max(curl_get(urls[t]["GETBIG_SSE"]) or 0 for _ in range(3)), "MiB/s")
        log(f"PUT big SSE-S3 {t}")
        put(SP, t, max(curl_put(urls[t]["PUTBIG_SSE"], big) or 0 for _ in range(2 if q else 3)), "MiB/s")
    gcm = None
    if sse:
        log("AES-256-GCM: pail sse-speed and openssl speed")
        secs = 1 if q else 3
        gcm = pail_gcm(binary, secs)
        block = gcm["chunk_size"] if gcm else 64 * KIB
        put(f"AES-256-GCM seal {block // KIB} KiB", "pail", gcm and gcm["seal_mib_s"], "MiB/s")
        put(f"AES-256-GCM seal {block // KIB} KiB", "openssl", openssl_gcm(block, False, secs), "MiB/s")
        put(f"AES-256-GCM open {block // KIB} KiB", "pail", gcm and gcm["open_mib_s"], "MiB/s")
        put(f"AES-256-GCM open {block // KIB} KiB", "openssl", openssl_gcm(block, True, secs), "MiB/s")

    # list / delete against pail and moto
    for t in ["pail", "moto"] if want("list") else []:
        log(f"list {NLIST} keys {t}")
        upload_keys(s3[t], "list/", NLIST)
        ep = pail_ep if t == "pail" else moto_ep
        put(f"ListObjectsV2 {NLIST} keys", t, time_list(ep, "list/", NLIST), "s")
        put(f"ListObjectsV2 {NLIST} keys (boto3)", t, time_list_boto3(s3[t], "list/", NLIST), "s")
        log(f"delete {NDEL} keys {t}")
        put(f"DeleteObjects {NDEL} keys", t, time_delete(s3[t], ep, "del/", NDEL), "s")

    # the same listing in a versioned bucket whose every key has 10 versions (issue 12: within 2x)
    VLS = f"ListObjectsV2 {NLIST} keys x 10 versions"
    if want("list"):
        log(f"list {NLIST} keys x 10 versions pail")
        vbucket = BUCKET + "-versions"
        s3["pail"].create_bucket(Bucket=vbucket)
        try:
            s3["pail"].put_bucket_versioning(Bucket=vbucket, VersioningConfiguration={"Status": "Enabled"})
        except Exception as e:  # a build from before versioning (a baseline run)
            log(f"versioning not available, skipped: {e}")
        else:
            for _ in range(10):
                upload_keys(s3["pail"], "list/", NLIST, bucket=vbucket)
            put(VLS, "pail", time_list(pail_ep, "list/", NLIST, bucket=vbucket), "s")

    # cold start
    if want("cold"):
      log("cold start")
      put("cold start to first 200", "pail", cold_start(binary, tmp, 3 if q else 7), "ms")

    # RSS while streaming
    st = {"ok": False, "skipped": True}
    if want("stream"):
      log(f"stream {STREAM // MIB} MiB up and down")
      st = rss_stream(pail_p.pid, s3["pail"], STREAM)
      put(f"RSS streaming {STREAM // MIB} MiB", "pail", st["peak_rss_mib"] if st["ok"] else None, "MiB")

    # idle keep-alive connections held while the load runs
    if WRK and want("idle"):
        log(f"{NIDLE} idle connections")
        base = wrk(urls["pail"]["GET"], 64, D)
        opened, held, rps = idle_connections(pail_ep, NIDLE, lambda: wrk(urls["pail"]["GET"], 64, D))
        put(f"GET 4 KiB c64 + {NIDLE} idle", "pail", rps, "req/s")
        put(f"GET 4 KiB c64 + {NIDLE} idle", "baseline", base, "req/s")
        idle = {"opened": opened, "held": held, "wanted": NIDLE, "rps_without": base, "rps_with": rps}
    else:
        idle = None

    # scraping /_pail/metrics 10 times a second while small GETs run (issue 15: no measurable cost)
    scraping = None
    if WRK and want("metrics"):
        log("small GETs with and without a metrics scraper")
        scraping = metrics_group(pail_ep, urls["pail"]["GET"], D, put, rounds=2 if q else 3)

    # gateway mode (issue 17): Pail in front of a single-node Ceph RGW against RGW directly
    gw = None
    if want("gateway"):
        gw = gateway_group(binary, tmp, BIG, STREAM, big, small, q, notes, put)

    # goals: (label, scenario, numerator target, denominator target or None, op, threshold)
    def g(scn, t):
        return R.get(scn, {}).get(t)

    def ratio(a_, b_):
        return a_ / b_ if a_ is not None and b_ not in (None, 0) else None

    LS, DS = f"ListObjectsV2 {NLIST} keys", f"DeleteObjects {NDEL} keys"
    goals = [
        ("GET 4 KiB c64", ratio(g("GET 4 KiB c64", "pail"), g("GET 4 KiB c64", "nginx")), ">=", 0.6, "x nginx"),
        ("HEAD c64", ratio(g("HEAD c64", "pail"), g("HEAD c64", "nginx")), ">=", 0.6, "x nginx"),
        ("GET 256 MiB", ratio(g("GET 256 MiB", "pail"), g("GET 256 MiB", "nginx")), ">=", 0.8, "x nginx"),
        ("PUT 256 MiB", ratio(g("PUT 256 MiB", "pail"), g("PUT 256 MiB", "disk")), ">=", 0.8, "x disk seq+fsync"),
        ("PUT 4 KiB c64", ratio(g("PUT 4 KiB c64", "pail"), g("PUT 4 KiB c64", "disk")), ">=", 3.0,
         "x disk serial write+fsync+rename"),
        (LS, ratio(g(LS, "moto"), g(LS, "pail")), ">=", 50.0, "x faster than moto"),
        (DS, ratio(g(DS, "moto"), g(DS, "pail")), ">=", 5.0, "x faster than moto"),
        (VLS, ratio(g(VLS, "pail"), g(LS, "pail")), "<", 2.0, "x the unversioned listing"),
        ("cold start to first 200", g("cold start to first 200", "pail"), "<", 50.0, "ms"),
        (f"RSS streaming {STREAM // MIB} MiB", g(f"RSS streaming {STREAM // MIB} MiB", "pail"), "<", 64.0, "MiB"),
    ]
    if sse:
        # Informative: what encryption costs against the same server's unencrypted figures.
        goals.append((SG, ratio(g(SG, "pail"), g("GET 256 MiB", "pail")), None, None, "x unencrypted GET"))
        goals.append((SP, ratio(g(SP, "pail"), g("PUT 256 MiB", "pail")), None, None, "x unencrypted PUT"))
        for op in ("seal", "open"):
            scn = f"AES-256-GCM {op} {(gcm or {}).get('chunk_size', 64 * KIB) // KIB} KiB"
            goals.append((scn, ratio(g(scn, "pail"), g(scn, "openssl")), ">=", 0.5,
                          "x openssl speed -evp aes-256-gcm" + (" -decrypt" if op == "open" else "")))
    if gw:
        goals += [
            ("gateway GET 256 MiB", ratio(g("gateway GET 256 MiB", "gateway"), g("gateway GET 256 MiB", "rgw")), ">=", 0.9,
             "x RGW directly"),
            ("gateway PUT 256 MiB", ratio(g("gateway PUT 256 MiB", "gateway"), g("gateway PUT 256 MiB", "rgw")), ">=", 0.9,
             "x RGW directly"),
            ("gateway GET 4 KiB p50", gw.get("added_p50_ms"), "<", 0.3001, "ms added over RGW directly (median of paired differences)"),
            (f"gateway RSS streaming {STREAM // MIB} MiB", g(f"gateway RSS streaming {STREAM // MIB} MiB", "gateway"),
             "<", 64.0, "MiB"),
        ]
    if idle:
        goals.append((f"GET 4 KiB c64 + {NIDLE} idle", ratio(idle["rps_with"], idle["rps_without"]), ">=", 0.9,
                      f"x without idle; held {idle['held']}/{NIDLE}"))
    for scn in [s for s in scraping or {} if s.startswith("GET")]:
        goals.append((scn, ratio(g(scn, "pail"), g(scn, "baseline")), ">=", 0.95,
                      "x without scraping; scrapes " + "/".join(str(s["scrapes"]) for s in scraping[scn]["scrapers"])))
    goal_rows = {}
    for scn, val, op, thr, what in goals:
        met = None if val is None or op is None else (val >= thr if op == ">=" else val < thr)
        if scn.startswith("GET 4 KiB c64 +") and idle and idle["held"] != NIDLE:
            met = False
        goal_rows[scn] = {"value": val, "op": op, "threshold": thr, "what": what, "met": met}

    # table
    cols = ["pail", "pail_none", "moto", "nginx", "disk", "openssl", "gateway", "rgw"]

    def fmt(v):
        if v is None:
            return "-"
        return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}" if abs(v) < 1 else f"{v:.1f}"

    lines = ["| scenario | unit | pail | pail (no fsync) | moto | nginx | disk | openssl | pail gateway | RGW | ratio | goal | met? |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for scn, vals in R.items():
        gr = goal_rows.get(scn)
        cells = [fmt(vals.get(c)) for c in cols]
        if "baseline" in vals:
            cells[4] = f"{fmt(vals['baseline'])} ({'no scrape' if 'scrape' in scn else 'no idle'})"
        rt = fmt(gr["value"]) if gr else ""
        goal = (f"{gr['op']} {gr['threshold']:g} {gr['what']}" if gr["op"] else gr["what"]) if gr else ""
        met = "" if not gr or not gr["op"] else ("?" if gr["met"] is None else "yes" if gr["met"] else "NO")
        lines.append(f"| {scn} | {units[scn]} | " + " | ".join(cells) + f" | {rt} | {goal} | {met} |")
    table = "\n".join(lines)
    print(table)
    for n in notes:
        print("note:", n)
    print(f"stream: {json.dumps(st)}")
    if idle:
        print(f"idle: {json.dumps(idle)}")
    if gw:
        print(f"gateway: {json.dumps(gw)}")
    if scraping:
        print(f"scraping: {json.dumps(scraping)}")

    out = {"quick": q, "wrk_seconds": D, "sizes": {"big": BIG, "stream": STREAM, "list": NLIST, "delete": NDEL,
                                                   "idle": NIDLE},
           "results": R, "units": units, "goals": goal_rows, "stream": st, "idle": idle, "gateway": gw, "notes": notes,
           "scraping": scraping,
           "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    os.makedirs(os.path.dirname(os.path.abspath(a.json)), exist_ok=True)
    with open(a.json, "w") as f:
        json.dump(out, f, indent=2)
    print("json:", a.json)
    PROCS.stop_all()
    if not a.tmp:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    finally:
        PROCS.stop_all()
