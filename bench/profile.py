#!/usr/bin/env python3
"""Profiles Pail's small-object path, the way BENCHMARKS.md's profile tables were made.

    python3 bench/profile.py callgrind get   # instructions per request, by function (valgrind)
    python3 bench/profile.py perf head       # shares of CPU time while wrk/ab load runs (perf)
    python3 bench/profile.py cpu get         # CPU microseconds per request (user, kernel) and threads
    python3 bench/profile.py cpu get --nginx # the same for nginx serving the same 4 KiB file

Starts `pail serve` (default .build/release/pail) on a scratch data dir, puts one 4 KiB object,
drives it through a SigV4 presigned URL, and prints the hottest Pail functions. callgrind counts
instructions, which do not move with the machine's load, and divides them by the requests served;
perf shows where time goes, kernel included. Needs valgrind or perf, and wrk (ab for HEAD).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as bench  # noqa: E402  (the benchmark's server and client helpers)


def load(url, method, seconds, conns, threads):
    """Runs the load; returns the number of requests served."""
    if method == "HEAD":
        out = subprocess.run([bench.AB, "-q", "-k", "-i", "-c", str(conns), "-t", str(seconds), "-n", "100000000", url],
                             capture_output=True, text=True).stdout
        return int(re.search(r"Complete requests:\s*(\d+)", out).group(1))
    out = subprocess.run([bench.WRK, f"-t{threads}", f"-c{conns}", f"-d{seconds}s", url],
                         capture_output=True, text=True).stdout
    return int(re.search(r"(\d+) requests in", out).group(1))


def demangle(symbol):
    out = subprocess.run(["swift", "demangle", "--simplified", "--compact", symbol], capture_output=True, text=True)
    return out.stdout.strip() or symbol


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tool", choices=["callgrind", "perf", "cpu"])
    ap.add_argument("operation", choices=["get", "head"])
    ap.add_argument("--pail", default=os.path.join(bench.ROOT, ".build", "release", "pail"))
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--exclusive", action="store_true", help="callgrind only: self instructions, not inclusive")
    ap.add_argument("--nginx", action="store_true", help="cpu only: measure nginx (its workers) instead of Pail")
    ap.add_argument("--policy-statements", type=int, default=0,
                    help="put a bucket policy of this many statements on the bucket first (bench/run.py's)")
    ap.add_argument("--seconds", type=int, default=10,
                    help="callgrind/cpu: seconds of load measured (longer on a loaded machine)")
    a = ap.parse_args()
    method = a.operation.upper()
    tmp = tempfile.mkdtemp(prefix="pail-profile-")
    data = os.path.join(tmp, "data")
    small = os.path.join(tmp, "small.bin")
    with open(small, "wb") as f:
        f.write(os.urandom(4 * bench.KIB))
    try:
        # Set the object up with a plain server, then profile a fresh process on the same data.
        p, endpoint = bench.start_pail(a.pail, data)
        s3 = bench.client(endpoint)
        s3.create_bucket(Bucket=bench.BUCKET)
        if a.policy_statements:
            import json
            s3.put_bucket_policy(Bucket=bench.BUCKET, Policy=json.dumps(bench.bench_policy(a.policy_statements)))
        s3.upload_file(small, bench.BUCKET, "small")
        url = bench.presign(s3, method, "small")
        port = int(endpoint.rsplit(":", 1)[1])
        p.terminate()
        p.wait()
        args = [a.pail, "serve", "--address", f"127.0.0.1:{port}", "--data", data, "--imds-address", "off"]
        if a.tool == "callgrind":
            out = os.path.join(tmp, "callgrind.out")
            server = subprocess.Popen(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + args,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if not bench.wait_port(port, 120):
                raise RuntimeError("pail did not start under valgrind")
            # Warm up, then zero the counters, so start-up and first-request work are not counted.
            load(url, method, 3, 4, 1)
            subprocess.run(["callgrind_control", "--zero", str(server.pid)], capture_output=True, timeout=120)
            served = load(url, method, a.seconds, 4, 1)
            server.send_signal(2)
            server.wait()
            report = subprocess.run(["callgrind_annotate", f"--inclusive={'no' if a.exclusive else 'yes'}", out],
                                    capture_output=True, text=True).stdout
            print(f"{served} {method} requests; {'exclusive' if a.exclusive else 'inclusive'} instructions per request, "
                  f"{'all' if a.exclusive else 'Pail'} functions:")
            shown = 0
            for line in report.splitlines():
                m = re.match(r"\s*([\d,]+) \([\s\d.]+%\)\s+(\S+):(\S+)", line)
                if not m or (not a.exclusive and ("/Sources/" not in m.group(2) or "startThread" in m.group(3)
                                                  or "loop" in m.group(3))):
                    continue
                count = int(m.group(1).replace(",", ""))
                print(f"{count // max(served, 1):>10,}  {demangle(m.group(3))[:150]}")
                shown += 1
                if shown >= a.top:
                    break
        elif a.tool == "cpu":
            # CPU time the server spent per request under load, from /proc/<pid>/stat around the run:
            # unlike req/s, it hardly moves when other work shares the machine.
            if a.nginx:
                root = os.path.join(tmp, "root")
                os.makedirs(root)
                shutil.copy(small, os.path.join(root, "small"))
                server, ngx = bench.start_nginx(tmp, root)
                if server is None:
                    raise RuntimeError("nginx not found")
                time.sleep(0.3)   # its workers start after the port answers
                url = ngx + "/small"
                pids = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
            else:
                server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                bench.wait_port(port)
                pids = [str(server.pid)]

            def ticks():
                user = kernel = 0
                for pid in pids:
                    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                    user, kernel = user + int(fields[11]), kernel + int(fields[12])
                return user, kernel
            (u0, s0) = ticks()
            served = load(url, method, 5, 64, 2)
            (u1, s1) = ticks()
            threads = sum(len(os.listdir(f"/proc/{pid}/task")) for pid in pids)
            server.terminate()
            server.wait()
            per = 1e6 / os.sysconf("SC_CLK_TCK") / max(served, 1)
            print(f"{'nginx' if a.nginx else 'pail'}: {served} {method} requests in 5 s at 64 connections "
                  f"({served / 5:,.0f}/s): user {(u1 - u0) * per:.1f} us, kernel {(s1 - s0) * per:.1f} us per request; "
                  f"{threads} threads")
        else:
            server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            bench.wait_port(port)
            out = os.path.join(tmp, "perf.data")
            rec = subprocess.Popen(["perf", "record", "-F", "3000", "-g", "-p", str(server.pid), "-o", out,
                                    "--", "sleep", "5"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.3)
            served = load(url, method, 5, 64, 2)
            rec.wait()
            server.terminate()
            server.wait()
            print(f"{served} {method} requests in 5 s at 64 connections; inclusive share of samples:")
            report = subprocess.run(["perf", "report", "-i", out, "--no-children" if a.exclusive else "--children", "--stdio",
                                     "-g", "none", "--percent-limit", "0.3" if a.exclusive else "1.5"],
                                    capture_output=True, text=True).stdout
            shown = 0
            for line in report.splitlines():
                m = re.match(r"\s*([\d.]+)%\s+(?:[\d.]+%\s+)?\S+\s+\S+\s+\[.\]\s+(.*)", line)
                if not m:
                    continue
                print(f"{m.group(1):>6}%  {demangle(m.group(2).strip())[:150]}")
                shown += 1
                if shown >= a.top:
                    break
    finally:
        bench.PROCS.stop_all()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
