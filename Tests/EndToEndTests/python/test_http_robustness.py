"""HTTP robustness: slow clients, request smuggling framing, XML bombs, oversized headers."""
import hashlib
import base64
import socket
import threading
import time

import pytest

from pail_e2e import md5_b64, raw_request, signed_request, sign_headers, unique_bucket


def test_slow_loris_clients_do_not_block_a_concurrent_request(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"fast")
    stop = threading.Event()
    socks = []

    def trickle(sock):
        head = f"GET /{bucket}/k HTTP/1.1\r\nHost: {server.host_port}\r\nX-Slow: ".encode()
        try:
            for b in head:
                if stop.is_set():
                    return
                sock.send(bytes([b]))
                time.sleep(0.05)
            while not stop.is_set():
                sock.send(b"a")
                time.sleep(0.2)
        except OSError:
            pass

    threads = []
    for _ in range(16):
        s = socket.create_connection((server.host, server.port), timeout=10)
        socks.append(s)
        t = threading.Thread(target=trickle, args=(s,), daemon=True)
        t.start()
        threads.append(t)
    try:
        time.sleep(0.5)
        for _ in range(3):
            started = time.monotonic()
            assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"fast"
            assert time.monotonic() - started < 3.0
            time.sleep(0.2)
    finally:
        stop.set()
        for s in socks:
            s.close()


def read_response_head(sock, timeout=5.0):
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def test_request_with_content_length_and_transfer_encoding_is_refused_with_400(server, s3, bucket):
    target = f"/{bucket}/smuggled"
    headers, _, _ = sign_headers(server, "PUT", target, payload_hash=hashlib.sha256(b"hello").hexdigest())
    lines = [f"PUT {target} HTTP/1.1"] + [f"{k}: {v}" for k, v in headers.items()]
    lines += ["Content-Length: 5", "Transfer-Encoding: chunked"]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + b"5\r\nhello\r\n0\r\n\r\n"
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(raw)
        head = read_response_head(sock)
    assert head.startswith(b"HTTP/1.1 400"), head[:200]
    with pytest.raises(Exception):
        s3.head_object(Bucket=bucket, Key="smuggled")


def test_malformed_request_line_gets_400_and_server_stays_up(server, s3):
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(b"THIS IS NOT HTTP\r\n\r\n")
        head = read_response_head(sock)
    assert head == b"" or head.startswith(b"HTTP/1.1 400"), head[:200]
    s3.list_buckets()


def test_oversized_request_header_is_refused_and_server_stays_up(server, s3, bucket):
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        try:
            sock.sendall(f"GET /{bucket}/k HTTP/1.1\r\nHost: {server.host_port}\r\nX-Big: ".encode()
                         + b"a" * (1 << 20) + b"\r\n\r\n")
        except OSError:
            pass  # the server may close while we still send
        try:
            head = read_response_head(sock)
        except OSError:
            head = b""
    assert head == b"" or head.split(b" ")[1] in (b"400", b"431"), head[:200]
    s3.list_buckets()


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>&lol9;</Key></Object></Delete>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE d [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>&xxe;</Key></Object></Delete>"""


@pytest.mark.parametrize("body", [BOMB, XXE], ids=["billion-laughs", "external-entity"])
def test_delete_objects_with_xml_entities_returns_400_MalformedXML_quickly(server, s3, bucket, body):
    s3.put_object(Bucket=bucket, Key="survivor", Body=b"x")
    started = time.monotonic()
    resp = signed_request(server, "POST", f"/{bucket}?delete=", body,
                          headers={"Content-MD5": md5_b64(body), "Content-Type": "application/xml"},
                          timeout=20)
    elapsed = time.monotonic() - started
    assert resp.status == 400, resp.body[:300]
    assert resp.error()["Code"] == "MalformedXML"
    assert elapsed < 2.0
    assert b"root:" not in resp.body
    assert s3.get_object(Bucket=bucket, Key="survivor")["Body"].read() == b"x"


def test_expect_100_continue_gets_interim_response_promptly(server, bucket):
    body = b"expect body"
    target = f"/{bucket}/expect"
    headers, _, _ = sign_headers(server, "PUT", target, payload_hash=hashlib.sha256(body).hexdigest())
    lines = [f"PUT {target} HTTP/1.1"] + [f"{k}: {v}" for k, v in headers.items()]
    lines += [f"Content-Length: {len(body)}", "Expect: 100-continue"]
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        started = time.monotonic()
        interim = read_response_head(sock, timeout=2.0)
        assert interim.startswith(b"HTTP/1.1 100"), interim[:200]
        assert time.monotonic() - started < 0.9  # botocore waits 1 s before sending anyway
        sock.sendall(body)
        final = interim.split(b"\r\n\r\n", 1)[1]
        while b"\r\n\r\n" not in final:
            final += sock.recv(65536)
    assert final.startswith(b"HTTP/1.1 200"), final[:200]


def test_keep_alive_connection_serves_several_requests(server, s3, bucket):
    s3.put_object(Bucket=bucket, Key="ka", Body=b"keep")
    import http.client
    conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
    try:
        for _ in range(3):
            headers, _, _ = sign_headers(server, "GET", f"/{bucket}/ka", payload_hash=hashlib.sha256(b"").hexdigest())
            conn.putrequest("GET", f"/{bucket}/ka", skip_host=True, skip_accept_encoding=True)
            for k, v in headers.items():
                conn.putheader(k, v)
            conn.endheaders()
            resp = conn.getresponse()
            assert resp.status == 200
            assert resp.read() == b"keep"
    finally:
        conn.close()
