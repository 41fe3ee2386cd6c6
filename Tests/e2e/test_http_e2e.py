"""End-to-end over MCP Streamable HTTP (issue 19): the official Python `mcp` client
(`mcp.client.streamable_http`) against `proxmox-tools serve --http` on loopback, in front of the
simulated cluster. Principals come from a tokens file made with `proxmox-tools tokens add`.

Run: PROXMOX_TOOLS_BIN=$PWD/.build/debug/proxmox-tools .venv/bin/pytest -q Tests/e2e/test_http_e2e.py
"""

import json
import os
import socket
import ssl
import subprocess
import tempfile
import time
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import anyio
import httpx2
import pytest
from mcp import ClientSession, types
from mcp.client.streamable_http import streamable_http_client
from mcp.types import Implementation

from test_mcp_e2e import fixture_vmids, run, structured

ROOT = Path(__file__).resolve().parents[2]
SIM = ROOT / "scripts" / "sim-cluster"
BINARY = Path(os.environ.get("PROXMOX_TOOLS_BIN", ROOT / ".build" / "debug" / "proxmox-tools"))
SLEEP = "sleep 41"  # an unusual length, so `ps` finds this command and no other


def sim(*args: str) -> str:
    return subprocess.run([str(SIM), *args], check=True, timeout=120, capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def add_token(tokens: Path, name: str, *args: str) -> str:
    done = subprocess.run([str(BINARY), "tokens", "add", name, "--tokens", str(tokens), *args],
                          check=True, capture_output=True, text=True, timeout=30)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def server():
    """The cluster, three principals and one `serve --http`; yields (state, url, tokens by name)."""
    assert BINARY.exists(), f"build first: {BINARY} is missing (swift build)"
    state = Path(tempfile.mkdtemp(prefix="pt-http-"))
    sim("up", "--nodes", "2", "--state", str(state), "--port", "auto", "--owner-pid", str(os.getpid()))
    tokens_file = state / "tokens.yaml"
    tokens = {
        "alice": add_token(tokens_file, "alice", "--policy", "guarded"),
        "reader": add_token(tokens_file, "reader", "--policy", "read-only"),
        "scoped": add_token(tokens_file, "scoped", "--policy", "guarded", "--hosts", "pve1"),
    }
    assert oct(tokens_file.stat().st_mode & 0o777) == "0o600"
    assert all(token not in tokens_file.read_text() for token in tokens.values())
    port = free_port()
    process = subprocess.Popen(
        [str(BINARY), "serve", "--http", f"127.0.0.1:{port}", "--tokens", str(tokens_file),
         "--hosts-dir", str(state / "hosts.d"), "--audit-log", str(state / "audit.jsonl")],
        stderr=subprocess.PIPE, text=True)
    try:
        line = process.stderr.readline()
        assert "serving MCP on http://127.0.0.1:" in line, line
        yield state, f"http://127.0.0.1:{port}/mcp", tokens
    finally:
        process.terminate()
        try:
            assert process.wait(timeout=15) == 0
        finally:
            if process.poll() is None:
                process.kill()
            sim("down", "--state", str(state), "--purge")


@asynccontextmanager
async def session(url: str, token: str, elicit=None):
    client = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=httpx2.Timeout(60, read=120))
    async with client:
        async with streamable_http_client(url, http_client=client) as (read, write):
            kwargs = {"elicitation_callback": elicit} if elicit else {}
            async with ClientSession(read, write, client_info=Implementation(name="http-e2e", version="1"), **kwargs) as s:
                await s.initialize()
                yield s


def remote_sleeps(state: Path) -> list[str]:
    return [line for line in sim("ps", "--state", str(state), "pve1").splitlines() if SLEEP in line]


def commands_log(state: Path, node: str) -> list[str]:
    path = state / "nodes" / node / "commands.log"
    return path.read_text().splitlines() if path.exists() else []


def audit(state: Path) -> list[dict]:
    return [json.loads(line) for line in (state / "audit.jsonl").read_text().splitlines()]


def test_list_call_and_fan_out(server):
    state, url, tokens = server

    async def go():
        async with session(url, tokens["alice"]) as s:
            listed = await s.list_tools()
            assert "proxmox_run_host_command" in {tool.name for tool in listed.tools}
            body = structured(await s.call_tool("proxmox_run_host_command", {"command": "qm list", "host": "pve1"}))
            assert body["exitCode"] == 0, body
            vms = structured(await s.call_tool("proxmox_list_vms", {}))
            assert [node["host"] for node in vms["nodes"]] == ["pve1", "pve2"], vms
    run(go())


def test_progress_arrives_during_a_guest_operation(server):
    state, url, tokens = server

    async def go():
        async with session(url, tokens["alice"]) as s:
            messages = []

            async def on_progress(progress, total, message):
                messages.append(message)

            result = await s.call_tool("proxmox_backup_now", {"vmid": fixture_vmids("pve1")[0], "storage": "nas-backup"},
                                       progress_callback=on_progress)
            assert not result.is_error, structured(result)
            assert messages, "no progress notification arrived on the call's stream"
    run(go())


def test_cancellation_stops_the_remote_command(server):
    state, url, tokens = server

    async def go():
        async with session(url, tokens["alice"]) as s:
            async with anyio.create_task_group() as group:
                scope = anyio.CancelScope()

                async def slow():
                    with scope:
                        await s.call_tool("proxmox_run_host_command", {"command": SLEEP, "host": "pve1"})

                group.start_soon(slow)
                with anyio.fail_after(20):
                    while not remote_sleeps(state):
                        await anyio.sleep(0.05)
                started = time.monotonic()
                scope.cancel()
                with anyio.fail_after(8):
                    while remote_sleeps(state):
                        await anyio.sleep(0.05)
                print(f"remote sleep gone {time.monotonic() - started:.2f} s after the cancellation")
            await s.send_ping()
    run(go())
    sleeps = [entry for entry in audit(state) if entry.get("command") == SLEEP]
    assert sleeps[-1]["error"] == "cancelled", sleeps


def test_elicitation_approval_over_http(server):
    state, url, tokens = server
    command = f"qm destroy {fixture_vmids('pve2')[0]} --purge"
    asked = []

    async def approve(context, params):
        asked.append(params)
        return types.ElicitResult(action="accept", content={"approve": True})

    async def go():
        async with session(url, tokens["alice"], approve) as s:
            body = structured(await s.call_tool("proxmox_run_host_command", {"command": command, "host": "pve2"}))
            assert body["exitCode"] == 0, body
    run(go())
    assert len(asked) == 1 and command in asked[0].message
    assert sum(command in line for line in commands_log(state, "pve2")) == 1


def test_two_principals_with_different_caps_and_audited_names(server):
    state, url, tokens = server
    write = "qm set 100 --memory 4096"

    async def go():
        async with session(url, tokens["reader"]) as reader, session(url, tokens["scoped"]) as scoped:
            refused = await reader.call_tool("proxmox_run_host_command", {"command": write, "host": "pve1"})
            assert refused.is_error, structured(refused)
            allowed = structured(await reader.call_tool("proxmox_run_host_command", {"command": "uptime", "host": "pve2"}))
            assert allowed["exitCode"] == 0, allowed
            other = await scoped.call_tool("proxmox_run_host_command", {"command": "uptime", "host": "pve2"})
            assert other.is_error
            assert "principal 'scoped' may not use host 'pve2'" in other.content[0].text
            own = structured(await scoped.call_tool("proxmox_run_host_command", {"command": "uptime", "host": "pve1"}))
            assert own["exitCode"] == 0, own
    run(go())
    assert not any(write in line for line in commands_log(state, "pve1"))
    names = {(entry.get("principal"), entry["host"]) for entry in audit(state)}
    assert ("reader", "pve1") in names and ("reader", "pve2") in names, names
    assert ("scoped", "pve2") in names and ("scoped", "pve1") in names, names


def test_raw_statuses(server):
    state, url, tokens = server
    with httpx2.Client() as client:
        missing = client.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
        assert missing.status_code == 401
        base = url.removesuffix("/mcp")
        assert missing.headers["www-authenticate"] == f'Bearer resource_metadata="{base}/.well-known/oauth-protected-resource"'
        document = client.get(f"{base}/.well-known/oauth-protected-resource").json()
        assert document["resource"] == url
        foreign = client.post(url, json={}, headers={"Authorization": f"Bearer {tokens['alice']}", "Origin": "https://evil.example"})
        assert foreign.status_code == 403


def test_serve_http_without_tokens_refuses_to_start(server):
    state, _, _ = server
    empty = state / "empty-tokens.yaml"
    empty.write_text("")
    for extra in ([], ["--tokens", str(empty)]):
        done = subprocess.run([str(BINARY), "serve", "--http", "127.0.0.1:0", "--hosts-dir", str(state / "hosts.d"), *extra],
                              capture_output=True, text=True, timeout=30)
        assert done.returncode != 0
        assert "proxmox-tools tokens add" in done.stderr, done.stderr
    open_bind = subprocess.run([str(BINARY), "serve", "--http", "0.0.0.0:0", "--tokens", str(state / "tokens.yaml"),
                                "--hosts-dir", str(state / "hosts.d")], capture_output=True, text=True, timeout=30)
    assert open_bind.returncode != 0 and "--tls-cert" in open_bind.stderr, open_bind.stderr


def wait_for_line(process: subprocess.Popen, needle: str) -> str:
    line = process.stderr.readline()
    assert needle in line, line
    return line


@contextmanager
def socket_server(state: Path, audit: Path):
    """`serve --socket` in a directory anyone may enter (so only the socket's own mode keeps
    another user out); yields the socket path, and checks the server exits 0 on SIGTERM."""
    public = Path(tempfile.mkdtemp(prefix="pt-sock-"))
    public.chmod(0o755)
    path = public / "serve.sock"
    process = subprocess.Popen(
        [str(BINARY), "serve", "--socket", str(path), "--hosts-dir", str(state / "hosts.d"), "--audit-log", str(audit)],
        stderr=subprocess.PIPE, text=True)
    try:
        wait_for_line(process, f"serving MCP on unix:{path}")
        yield path
    finally:
        process.terminate()
        assert process.wait(timeout=15) == 0


def test_tls_works_with_a_test_certificate(server, tmp_path):
    state, _, tokens = server
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True, timeout=30)
    port = free_port()
    process = subprocess.Popen(
        [str(BINARY), "serve", "--http", f"127.0.0.1:{port}", "--tokens", str(state / "tokens.yaml"),
         "--tls-cert", str(cert), "--tls-key", str(key), "--hosts-dir", str(state / "hosts.d"), "--audit-log", "off"],
        stderr=subprocess.PIPE, text=True)
    try:
        wait_for_line(process, f"serving MCP on https://127.0.0.1:{port}/mcp")
        url = f"https://127.0.0.1:{port}/mcp"
        with httpx2.Client(verify=ssl.create_default_context(cafile=str(cert))) as client:
            missing = client.post(url, json={"jsonrpc": "2.0", "id": 1, "method": "ping"})
            assert missing.status_code == 401
            assert missing.headers["www-authenticate"].startswith(f'Bearer resource_metadata="https://127.0.0.1:{port}/')

        async def go():
            client = httpx2.AsyncClient(headers={"Authorization": f"Bearer {tokens['alice']}"}, verify=ssl.create_default_context(cafile=str(cert)),
                                        timeout=httpx2.Timeout(60, read=120))
            async with client:
                async with streamable_http_client(url, http_client=client) as (read, write):
                    async with ClientSession(read, write) as s:
                        await s.initialize()
                        body = structured(await s.call_tool("proxmox_run_host_command", {"command": "qm list", "host": "pve1"}))
                        assert body["exitCode"] == 0, body
        run(go())
        # Plain HTTP to the TLS port gets no MCP answer.
        with httpx2.Client() as plain:
            with pytest.raises(httpx2.HTTPError):
                plain.post(url.replace("https://", "http://"), json={}, timeout=5)
    finally:
        process.terminate()
        assert process.wait(timeout=15) == 0


def test_unix_socket_is_0600_and_refused_to_another_user(server):
    state, _, _ = server
    with socket_server(state, state / "audit-socket.jsonl") as path:
        assert oct(path.stat().st_mode & 0o777) == "0o600"

        async def go():
            client = httpx2.AsyncClient(transport=httpx2.AsyncHTTPTransport(uds=str(path)), timeout=httpx2.Timeout(60, read=120))
            async with client:
                async with streamable_http_client("http://localhost/mcp", http_client=client) as (read, write):
                    async with ClientSession(read, write) as s:
                        await s.initialize()
                        body = structured(await s.call_tool("proxmox_run_host_command", {"command": "uptime", "host": "pve1"}))
                        assert body["exitCode"] == 0, body
        run(go())
        entries = [json.loads(line) for line in (state / "audit-socket.jsonl").read_text().splitlines()]
        assert {entry.get("principal") for entry in entries} == {"local"}, entries
        # Another user cannot even connect: the file's permission is the authentication.
        other = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
                                "import socket,sys\ns=socket.socket(socket.AF_UNIX)\n"
                                "try:\n s.connect(sys.argv[1]); print('connected')\nexcept OSError as e:\n print(e.errno)",
                                str(path)], capture_output=True, text=True, timeout=30)
        assert other.stdout.strip() == "13", (other.stdout, other.stderr)  # EACCES


def test_cli_through_a_running_server(server):
    state, _, _ = server
    # The CLI needs no inventory of its own through a server: run it where it would find none.
    elsewhere = Path(tempfile.mkdtemp(prefix="pt-cli-cwd-"))
    env = {k: v for k, v in os.environ.items() if k != "PROXMOX_TOOLS_HOSTS_DIR"} | {"HOME": str(elsewhere)}

    def cli(*args, **extra):
        return subprocess.run([str(BINARY), *args], capture_output=True, text=True, timeout=60, cwd=elsewhere,
                              env=env | extra.get("env", {}))

    with socket_server(state, state / "audit-cli.jsonl") as path:
        through = cli("--server", f"unix:{path}", "--host", "pve1", "qm list")
        direct = cli("--hosts-dir", str(state / "hosts.d"), "--audit-log", "off", "--host", "pve1", "qm list")
        assert (through.returncode, through.stdout, through.stderr) == (direct.returncode, direct.stdout, direct.stderr)
        assert "VMID" in through.stdout
        # The environment variable works as --server; the remote exit status is ours.
        status = cli("--host", "pve1", "exit 3", env={"PROXMOX_TOOLS_SERVER": f"unix:{path}"})
        assert status.returncode == 3, status.stderr
        verbs = cli("--server", f"unix:{path}", "vms")
        assert verbs.returncode == 0 and "web01" in verbs.stdout, verbs
        # Each call ends its session: more calls than the per-principal session cap all succeed.
        for _ in range(66):
            assert cli("--server", f"unix:{path}", "--host", "pve1", "true").returncode == 0
        entries = [json.loads(line) for line in (state / "audit-cli.jsonl").read_text().splitlines()]
        assert {(entry.get("principal"), entry["client"]) for entry in entries} == {("local", "proxmox-tools-cli")}
        # No server there: said, not a silent fallback.
        gone = cli("--server", f"unix:{path.parent}/nothing.sock", "vms")
        assert gone.returncode == 255 and "no proxmox-tools server at unix:" in gone.stderr, gone.stderr
