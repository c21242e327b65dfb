"""One configuration file, flags and PAIL_ variables (docs/configuration.md): a full file starts a
server that honours each section, the environment overrides the file and flags override the
environment, --print-config masks every secret, and each bad configuration is refused at start in
one line naming the file and the JSON path."""
from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path

import pytest

import pail_e2e
from pail_e2e import EXPORT_LINE, PailServer, clean_env, make_client, pail_binary, raw_request

ALICE_SECRET = "alice-secret-from-the-file"
ROOT_SECRET = "root-secret-from-the-file"
UPSTREAM_SECRET = "upstream-secret-from-the-file"
ENV_SECRET = "root-secret-from-the-environment"

FULL = {
    "address": "127.0.0.1:0",
    "region": "eu-west-3",
    "durability": "none",
    "root": {"accessKey": "rootkey", "secretKey": ROOT_SECRET},
    "imds": {"address": "off"},
    "tls": {"address": "off"},
    "limits": {"maxHeaderCount": 40, "idleTimeout": 30, "workers": 2},
    "users": [{"accessKey": "alice", "secretKey": ALICE_SECRET, "displayName": "Alice"}],
    "roles": [{"name": "reader", "user": "alice",
               "policies": [{"Version": "2012-10-17",
                             "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}]}],
    "faults": {"seed": 1, "rules": [{"id": "file-rule", "match": {"operations": ["GetObject"], "keyPrefix": "faulty/"},
                                     "action": {"type": "error", "code": "SlowDown"}}]},
}


def run_pail(*args: str, env: dict | None = None, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run([str(pail_binary()), *args], capture_output=True, text=True, timeout=timeout,
                          env=clean_env(env), stdin=subprocess.DEVNULL)


def print_config(*args: str, env: dict | None = None) -> tuple[dict, str]:
    done = run_pail("serve", *args, "--print-config", env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stdout


class Launched:
    """`pail serve ARGS` exactly as given (no --region or --address added), until its export line."""

    def __init__(self, tmp: Path, *args: str, env: dict | None = None):
        self.log = tmp / "serve.log"
        self.proc = subprocess.Popen([str(pail_binary()), "serve", *args], stdout=subprocess.PIPE,
                                     stderr=open(self.log, "wb"), env=clean_env(env), stdin=subprocess.DEVNULL)
        self.lines: list[str] = []
        found = threading.Event()

        def pump():
            for raw in iter(self.proc.stdout.readline, b""):
                self.lines.append(raw.decode().rstrip("\n"))
                if raw.startswith(b"export AWS_REGION="):
                    found.set()

        threading.Thread(target=pump, daemon=True).start()
        assert found.wait(20), f"no banner; stderr: {self.stderr()}"
        m = next(EXPORT_LINE.match(line) for line in self.lines if EXPORT_LINE.match(line))
        self.server = PailServer(tmp, tmp)
        self.server.endpoint = m.group("endpoint").rstrip("/")
        self.region = next(line for line in self.lines if line.startswith("export AWS_REGION=")).split("=", 1)[1]
        self.server.region = self.region

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self):
        self.proc.terminate()
        assert self.proc.wait(15) == 0


@pytest.fixture
def launch(tmp_path):
    if pail_e2e.external_endpoint():
        pytest.skip("needs pail processes of its own")
    started: list[Launched] = []

    def start(*args: str, env: dict | None = None) -> Launched:
        sub = tmp_path / f"run{len(started)}"
        sub.mkdir()
        started.append(Launched(sub, *args, env=env))
        return started[-1]

    yield start
    for s in started:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.wait()


def write(tmp_path: Path, config, name: str = "pail.json") -> Path:
    path = tmp_path / name
    path.write_text(config if isinstance(config, str) else json.dumps(config, indent=2))
    return path


def test_a_full_configuration_file_is_honoured(tmp_path, launch):
    cfg = write(tmp_path, {**FULL, "data": str(tmp_path / "data")})
    run = launch("--config", str(cfg))
    assert run.region == "eu-west-3"
    # The root credentials of the file, then a user of the file, each sign requests.
    root = make_client(run.server.endpoint, "rootkey", ROOT_SECRET, region=run.region)
    root.create_bucket(Bucket="cfg", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    alice = make_client(run.server.endpoint, "alice", ALICE_SECRET, region=run.region)
    alice.create_bucket(Bucket="alices", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    alice.put_object(Bucket="alices", Key="faulty/x", Body=b"one")
    alice.put_object(Bucket="alices", Key="fine/x", Body=b"two")
    assert alice.get_object(Bucket="alices", Key="fine/x")["Body"].read() == b"two"
    assert root.get_bucket_location(Bucket="cfg")["LocationConstraint"] == "eu-west-3"
    # The fault rule of the file fires, on its keys only.
    with pytest.raises(Exception) as err:
        alice.get_object(Bucket="alices", Key="faulty/x")
    assert pail_e2e.error_code(err.value) == "SlowDown"
    # A wrong secret for a file user is refused.
    with pytest.raises(Exception) as err:
        make_client(run.server.endpoint, "alice", "wrong", region=run.region).list_buckets()
    assert pail_e2e.error_code(err.value) == "SignatureDoesNotMatch"
    # The limits section: more header fields than limits.maxHeaderCount get 431.
    status, _, _ = raw_request(run.server, "GET", "/_pail/health", headers={f"x-h{i}": "v" for i in range(60)})
    assert status == 431
    status, _, _ = raw_request(run.server, "GET", "/_pail/health", headers={f"x-h{i}": "v" for i in range(20)})
    assert status == 200
    # durability none shows in the banner; IMDS is off.
    assert any("(no fsync)" in line for line in run.lines)
    assert not any("IMDS" in line for line in run.lines)
    run.stop()


def test_environment_overrides_the_file_and_flags_override_the_environment(tmp_path, launch):
    cfg = write(tmp_path, {**FULL, "data": str(tmp_path / "data")})
    printed, _ = print_config("--config", str(cfg))
    assert printed["region"] == "eu-west-3" and printed["_sources"]["region"] == f"file {cfg}"
    printed, _ = print_config("--config", str(cfg), env={"PAIL_REGION": "ap-south-1", "PAIL_IDLE_TIMEOUT": "12"})
    assert printed["region"] == "ap-south-1" and printed["_sources"]["region"] == "env PAIL_REGION"
    assert printed["limits"]["idleTimeout"] == 12
    printed, _ = print_config("--config", str(cfg), "--region", "sa-east-1", env={"PAIL_REGION": "ap-south-1"})
    assert printed["region"] == "sa-east-1" and printed["_sources"]["region"] == "flag --region"
    assert printed["_sources"]["durability"] == f"file {cfg}"
    assert printed["_sources"]["domain"] == "default"
    # PAIL_CONFIG names the file when --config is absent.
    printed, _ = print_config(env={"PAIL_CONFIG": str(cfg)})
    assert printed["region"] == "eu-west-3"

    # The same order holds for the running server: the environment's region and root secret win over
    # the file's, and a flag's region wins over the environment's.
    run = launch("--config", str(cfg), env={"PAIL_REGION": "ap-south-1", "PAIL_SECRET_KEY": ENV_SECRET})
    assert run.region == "ap-south-1"
    make_client(run.server.endpoint, "rootkey", ENV_SECRET, region="ap-south-1").list_buckets()
    run.stop()
    run = launch("--config", str(cfg), "--region", "sa-east-1", "--data", str(tmp_path / "data2"),
                 env={"PAIL_REGION": "ap-south-1"})
    assert run.region == "sa-east-1"
    make_client(run.server.endpoint, "rootkey", ROOT_SECRET, region="sa-east-1").list_buckets()
    run.stop()


def test_print_config_masks_every_secret_and_starts_nothing(tmp_path):
    config = {**FULL, "upstream": {"url": "http://127.0.0.1:9", "accessKey": "up", "secretKey": UPSTREAM_SECRET,
                                   "sessionToken": "upstream-token-secret"}}
    cfg = write(tmp_path, config)
    started = time.monotonic()
    done = run_pail("serve", "--config", str(cfg), "--print-config", "--address", "127.0.0.1:0")
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 10
    for secret in (ALICE_SECRET, ROOT_SECRET, UPSTREAM_SECRET, "upstream-token-secret"):
        assert secret not in done.stdout and secret not in done.stderr
    printed = json.loads(done.stdout)
    assert printed["root"]["secretKey"] == "****"
    assert printed["users"][0] == {"accessKey": "alice", "secretKey": "****", "displayName": "Alice"}
    assert printed["upstream"]["secretKey"] == "****" and printed["upstream"]["accessKey"] == "up"
    assert printed["faults"]["rules"][0]["id"] == "file-rule"
    # A secret from the environment (MinIO's variable) is masked too.
    done = run_pail("serve", "--print-config", env={"MINIO_ROOT_PASSWORD": ENV_SECRET})
    assert done.returncode == 0 and ENV_SECRET not in done.stdout
    assert json.loads(done.stdout)["_sources"]["root.secretKey"] == "env MINIO_ROOT_PASSWORD"


BAD = [
    ("syntax", '{\n  "region": "x",\n  "data" "d"\n}', "pail.json: JSON syntax error at line 3, column 10"),
    ("wrong type", {"region": 3}, "pail.json: $.region: expected a string, got the number 3"),
    ("unknown key", {"limits": {"idleTimout": 5}}, 'pail.json: $.limits.idleTimout: unknown key "idleTimout"'),
    ("bad address", {"address": "localhost"}, "pail.json: $.address: expected HOST:PORT (port 0-65535) or 'off', got 'localhost'"),
    ("bad durability", {"durability": "fast"}, "pail.json: $.durability: must be 'durable' or 'none', got 'fast'"),
    ("missing secret", {"users": [{"accessKey": "a", "secretKey": "b"}, {"accessKey": "c", "secretKey": "d"}, {"accessKey": "e"}]},
     "pail.json: $.users[2].secretKey: missing"),
    ("malformed policy", {"users": [{"accessKey": "a", "secretKey": "b", "policies": [
        {"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:*", "Resource": "*"}]}]}]},
     "pail.json: $.users[0].policies[0]: MalformedPolicy: Invalid effect: Alow"),
    ("bad fault rule", {"faults": {"rules": [{"match": {"opertions": ["GetObject"]}, "action": {"type": "error", "code": "SlowDown"}}]}},
     "pail.json: $.faults.rules[0].match"),
]


@pytest.mark.parametrize("name,config,expected", BAD, ids=[b[0] for b in BAD])
def test_bad_configuration_is_refused_in_one_line(tmp_path, name, config, expected):
    write(tmp_path, config)
    done = subprocess.run([str(pail_binary()), "serve", "--config", "pail.json", "--data", str(tmp_path / "data")],
                          capture_output=True, text=True, timeout=30, env=clean_env(), cwd=tmp_path)
    assert done.returncode == 78, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("pail: " + expected), lines[0]
    assert "Foundation" not in done.stderr and "Error Domain" not in done.stderr
    assert not (tmp_path / "data").exists(), "nothing is created for a refused configuration"


def test_bad_flag_and_environment_values_are_refused(tmp_path):
    done = run_pail("serve", "--durability", "fast", "--data", str(tmp_path / "d"))
    assert done.returncode == 78 and done.stderr.strip() == "pail: --durability: must be 'durable' or 'none', got 'fast'"
    done = run_pail("serve", "--data", str(tmp_path / "d"), env={"PAIL_ADDRESS": "127.0.0.1:99999"})
    assert done.returncode == 78
    assert done.stderr.strip() == "pail: PAIL_ADDRESS: expected HOST:PORT (port 0-65535) or 'off', got '127.0.0.1:99999'"


def test_data_that_is_a_file_gets_one_clear_line(tmp_path):
    plain = tmp_path / "x"
    plain.write_text("not a directory")
    done = run_pail("serve", "--data", str(plain), "--address", "127.0.0.1:0")
    assert done.returncode == 78
    assert done.stderr.strip() == f"pail: --data {plain}: is a file, not a directory"
    done = run_pail("serve", str(plain / "sub"), "--address", "127.0.0.1:0")
    assert done.returncode == 78
    assert done.stderr.strip() == f"pail: --data {plain}/sub: cannot be created, {plain} is a file, not a directory"


def test_unknown_pail_variable_warns_but_the_server_starts(tmp_path, launch):
    run = launch("--data", str(tmp_path / "data"), "--address", "127.0.0.1:0", "--imds-address", "off",
                 env={"PAIL_REGOIN": "eu-west-1"})
    assert run.region == "us-east-1"
    assert "pail: warning: PAIL_REGOIN is not a setting" in run.stderr()
    make_client(run.server.endpoint, "minioadmin", "minioadmin").list_buckets()
    run.stop()


def test_todays_identity_file_still_loads(tmp_path):
    example = Path(__file__).resolve().parents[3] / "data" / "identity-example.json"
    printed, _ = print_config("--config", str(example))
    assert [u["accessKey"] for u in printed["users"]] == ["alice", "bob"]
    assert printed["sts"]["webIdentity"]["issuer"] == "https://token.actions.githubusercontent.com"
