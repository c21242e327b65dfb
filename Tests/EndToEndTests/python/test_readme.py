"""README.md's examples, run as written against a fresh server (its port put in place of 9000): the
lines `pail serve` prints, the AWS CLI block, the boto3 block, the curl line, the health paths and the
options table. A README edited into something that does not work fails here."""
import json
import os
import re
import shlex
import subprocess
import sys

from pail_e2e import PACKAGE_ROOT, clean_env, pail_binary, raw_request

README = (PACKAGE_ROOT / "README.md").read_text()
README_ENDPOINT = "http://127.0.0.1:9000"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)


def section(title: str) -> str:
    """The README's `## title` section, up to the next `## ` heading."""
    m = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.M | re.S)
    assert m, f"README.md has no section '## {title}'"
    return m.group(1)


def blocks(lang: str, text: str = README) -> list[str]:
    return [body for tag, body in FENCE.findall(text) if tag == lang]


def block_with(lang: str, marker: str) -> str:
    """The one ```lang block of the "Use it" section that holds `marker`."""
    found = [b for b in blocks(lang, section("Use it")) if marker in b]
    assert len(found) == 1, f"expected one ```{lang} block with {marker!r} under '## Use it', found {len(found)}"
    return found[0]


def local(text: str, server) -> str:
    """The README's endpoint replaced by this server's; the README must name it."""
    assert README_ENDPOINT in text or "127.0.0.1:9000" in text, f"no 127.0.0.1:9000 in {text!r}"
    return text.replace(README_ENDPOINT, server.endpoint).replace("127.0.0.1:9000", server.host_port)


def readme_env(server) -> dict:
    """The environment the README's `export` lines set, for this server."""
    env = {}
    for line in local(block_with("sh", "export AWS_ENDPOINT_URL"), server).splitlines():
        words = shlex.split(line)
        assert words and words[0] == "export", line
        env.update(w.split("=", 1) for w in words[1:])
    return env


def test_export_lines_are_the_ones_pail_prints(server):
    server.require_process()
    printed = [l for l in server.log_path.read_text().splitlines() if l.startswith("export ")]
    wanted = local(block_with("sh", "export AWS_ENDPOINT_URL"), server).strip().splitlines()
    assert printed == wanted


def test_aws_cli_block_runs_as_written(server, tmp_path):
    server.require_process()
    commands = [l for l in block_with("sh", "aws s3 mb").splitlines() if l.strip() and not l.startswith("#")]
    argvs = [shlex.split(c) for c in commands]
    assert all(a[0] == "aws" for a in argvs), commands
    assert [a[1:3] for a in argvs] == [["s3", "mb"], ["s3", "cp"], ["s3", "ls"], ["s3api", "head-object"]]
    env = clean_env(readme_env(server))
    # The file the README copies, where a reader would have it: in the current directory.
    for a in argvs:
        for word in a:
            if re.fullmatch(r"[\w.-]+\.(jpg|png|txt)", word):
                (tmp_path / word).write_bytes(os.urandom(3000))
    outputs = []
    for argv in argvs:
        proc = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, f"{shlex.join(argv)} exited {proc.returncode}:\n{proc.stderr}"
        outputs.append(proc.stdout)
    key = argvs[1][-1].split("/", 3)[3]  # s3://bucket/KEY
    assert key in outputs[2]
    assert json.loads(outputs[3])["ContentLength"] == 3000


def test_boto3_block_runs_as_written(server, tmp_path):
    server.require_process()
    code = local(block_with("python", "boto3.client("), server)
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=clean_env(), capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "b'hello'\n"


def test_curl_line_runs_as_written(server, s3):
    server.require_process()
    lines = [c for c in re.findall(r"`(curl [^`]+)`", section("Use it")) if "--aws-sigv4" in c]
    assert len(lines) == 1, lines
    argv = shlex.split(local(lines[0], server))
    url = next(w for w in argv if w.startswith(server.endpoint))
    bucket, key = url[len(server.endpoint) + 1:].split("/", 1)
    try:
        s3.create_bucket(Bucket=bucket)
    except s3.exceptions.BucketAlreadyOwnedByYou:
        pass
    s3.put_object(Bucket=bucket, Key=key, Body=b"hello")
    proc = subprocess.run(argv, env=clean_env(), capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b"hello"


def test_python_blocks_compile():
    # The Testcontainers example needs Docker, which the tests cannot assume; it must at least parse.
    for i, code in enumerate(blocks("python")):
        compile(code, f"README.md python block {i}", "exec")


def test_health_paths_in_readme_answer_200_without_credentials(server):
    server.require_process()
    paths = set(re.findall(r"/minio/health/[a-z/]*[a-z]|/_pail/health", README))
    assert "/minio/health/live" in paths
    for path in sorted(paths):
        status, _, _ = raw_request(server, "GET", path)
        assert status == 200, path


def test_every_option_in_the_table_is_one_pail_serve_takes():
    table = [l for l in README.splitlines() if l.startswith("| `")]
    flags = {f for row in table for f in re.findall(r"`(--[a-z0-9-]+)", row.split("|")[1])}
    assert "--address" in flags
    help_text = subprocess.run([str(pail_binary()), "serve", "--help"], capture_output=True, text=True,
                               timeout=30, env=clean_env()).stdout
    missing = sorted(f for f in flags if not re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", help_text))
    assert not missing, f"README lists options `pail serve` does not take: {missing}"
