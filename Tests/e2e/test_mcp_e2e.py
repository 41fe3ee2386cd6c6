"""End-to-end: the official `mcp` Python client drives `proxmox-tools serve` against the simulated
cluster (scripts/sim-cluster: one real sshd per node with fake Proxmox commands).

Run: make test (creates the venv), or
  python3 -m venv .venv && .venv/bin/pip install -r Tests/e2e/requirements.txt
  swift build && .venv/bin/pytest Tests/e2e
Environment: PROXMOX_TOOLS_BIN (default .build/debug/proxmox-tools).
"""

import asyncio
import json
import subprocess
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError
from mcp.types import Implementation

from conftest import BINARY, ROOT, SIM, simulated_cluster

SAMPLES = ROOT / "Tests" / "Fixtures" / "samples"
NODES = ["pve1", "pve2", "pve3"]


def registry_tools() -> set:
    """The tool names the binary's registry offers (`proxmox-tools tools --json`), not a hand list."""
    listing = subprocess.run([str(BINARY), "tools", "--json"], check=True, capture_output=True, text=True, timeout=60)
    return {tool["name"] for tool in json.loads(listing.stdout)["tools"]}


def sim(*args: str) -> None:
    subprocess.run([str(SIM), *args], check=True, timeout=120)


@pytest.fixture(scope="module")
def cluster():
    """A 3-node simulated cluster, torn down (and purged) after the module."""
    with simulated_cluster(3, "pt-e2e-") as state:
        yield state


@asynccontextmanager
async def session(state: Path):
    params = StdioServerParameters(
        command=str(BINARY),
        args=["serve", "--hosts-dir", str(state / "hosts.d"), "--audit-log", str(state / "audit.jsonl")])
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, client_info=Implementation(name="e2e-pytest", version="1.0")) as s:
            init = await s.initialize()
            yield s, init


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, timeout=120))


def structured(result) -> dict:
    """Every result must carry structuredContent and the same JSON as its text block."""
    assert result.structured_content is not None, result
    assert result.content and result.content[0].type == "text"
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


def fixture_vmids(node: str) -> list[int]:
    lines = (SAMPLES / node / "qm_list.txt").read_text().splitlines()
    return [int(line.split()[0]) for line in lines[1:] if line.strip()]


def test_initialize_and_list_tools(cluster):
    async def go():
        async with session(cluster) as (s, init):
            assert init.server_info.name == "proxmox-tools"
            assert init.server_info.version
            tools = {tool.name: tool for tool in (await s.list_tools()).tools}
            assert set(tools) == registry_tools()
            for tool in tools.values():
                assert tool.input_schema["type"] == "object"
                assert tool.input_schema.get("additionalProperties") is False, tool.name
                assert tool.output_schema and tool.output_schema["type"] == "object", tool.name
                assert tool.description and len(tool.description) > 80
            run_tool = tools["proxmox_run_host_command"]
            assert run_tool.input_schema["required"] == ["command"]
            assert run_tool.annotations.destructive_hint is True
            assert run_tool.annotations.read_only_hint is False
            assert tools["proxmox_list_vms"].annotations.read_only_hint is True
    run(go())


def test_run_qm_list_on_pve2(cluster):
    async def go():
        async with session(cluster) as (s, _):
            result = await s.call_tool("proxmox_run_host_command", {"command": "qm list", "host": "pve2"})
            body = structured(result)
            assert not result.is_error, body
            assert body["success"] is True and body["exitCode"] == 0 and body["host"] == "pve2"
            assert body["stdout"] == (SAMPLES / "pve2" / "qm_list.txt").read_text()
    run(go())


def test_list_vms_cluster_wide_then_with_one_node_down(cluster):
    async def go():
        async with session(cluster) as (s, _):
            result = await s.call_tool("proxmox_list_vms", {})
            body = structured(result)
            assert not result.is_error
            assert [node["host"] for node in body["nodes"]] == NODES
            for node in body["nodes"]:
                assert node["ok"] is True, node
                assert [vm["vmid"] for vm in node["vms"]] == fixture_vmids(node["host"])

        sim("stop-node", "--state", str(cluster), "pve2")
        try:
            async with session(cluster) as (s, _):
                result = await s.call_tool("proxmox_list_vms", {})
                body = structured(result)
                nodes = {node["host"]: node for node in body["nodes"]}
                assert nodes["pve2"]["ok"] is False and nodes["pve2"]["error"] and nodes["pve2"]["message"]
                assert "vms" not in nodes["pve2"]
                for alias in ("pve1", "pve3"):
                    assert nodes[alias]["ok"] is True
                    assert [vm["vmid"] for vm in nodes[alias]["vms"]] == fixture_vmids(alias)
        finally:
            sim("start-node", "--state", str(cluster), "pve2")
    run(go())


def test_unknown_host_lists_aliases(cluster):
    async def go():
        async with session(cluster) as (s, _):
            result = await s.call_tool("proxmox_run_host_command", {"command": "uptime", "host": "pve9"})
            body = structured(result)
            assert result.is_error
            assert body["error"] == "unknown_host"
            assert all(alias in body["message"] for alias in NODES)
    run(go())


def test_unknown_tool_and_bad_arguments_are_jsonrpc_errors(cluster):
    async def go():
        async with session(cluster) as (s, _):
            with pytest.raises(MCPError) as unknown:
                await s.call_tool("proxmox_does_not_exist", {})
            assert unknown.value.code == -32602
            assert "proxmox_does_not_exist" in unknown.value.message
            with pytest.raises(MCPError) as bad:
                await s.call_tool("proxmox_vm_status", {"vmid": "100"})
            assert bad.value.code == -32602 and "vmid" in bad.value.message
            # The server keeps serving after a bad request.
            assert not (await s.call_tool("proxmox_list_hosts", {})).is_error
    run(go())


def test_calls_are_audited_with_the_client_name(cluster):
    audit = cluster / "audit.jsonl"
    lines = [json.loads(line) for line in audit.read_text().splitlines()] if audit.exists() else []
    assert any(entry.get("client") == "e2e-pytest" for entry in lines), lines[-3:]
    assert all("stdout" not in entry for entry in lines), "the audit log must never hold output"


def test_sigterm_closes_every_session_and_exits_zero(cluster):
    """A plain JSON-RPC client (no SDK): after SIGTERM the server says goodbye to each node's sshd
    (SSH disconnect message) and exits 0; stdin EOF ends it with 0 as well."""
    import signal
    import time

    def rpc(proc, ident, method, params):
        proc.stdin.write((json.dumps({"jsonrpc": "2.0", "id": ident, "method": method, "params": params}) + "\n").encode())
        proc.stdin.flush()
        return json.loads(proc.stdout.readline())

    def start():
        proc = subprocess.Popen([str(BINARY), "serve", "--hosts-dir", str(cluster / "hosts.d"), "--audit-log", "off"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        rpc(proc, 1, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                    "clientInfo": {"name": "raw", "version": "1"}})
        proc.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        proc.stdin.flush()
        return proc

    def log(node):
        return (cluster / "nodes" / node / "sshd.log").read_text(errors="replace")

    before = {node: log(node).count("proxmox-tools is shutting down") for node in NODES}
    proc = start()
    reply = rpc(proc, 2, "tools/call", {"name": "proxmox_list_vms", "arguments": {}})
    assert not reply["result"].get("isError"), reply
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=20) == 0
    deadline = time.time() + 10
    while time.time() < deadline and any(log(n).count("proxmox-tools is shutting down") <= before[n] for n in NODES):
        time.sleep(0.1)
    for node in NODES:
        assert log(node).count("proxmox-tools is shutting down") == before[node] + 1, node

    proc = start()
    proc.stdin.close()
    assert proc.wait(timeout=20) == 0
