#!/bin/sh
# Single-node Ceph RGW on loopback for the gateway tests: start|stop|env|user DIR (see ceph_rgw.py).
exec python3 "$(dirname "$0")/ceph_rgw.py" "$@"
