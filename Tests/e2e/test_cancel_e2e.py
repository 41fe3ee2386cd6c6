"""End-to-end: MCP cancellation with the official Python client against the simulated cluster.
A cancelled `tools/call` gets no response, its remote command is stopped on the node, and the
audit log's end line for it says `cancelled`.

Run: PROXMOX_TOOLS_BIN=.build/debug/proxmox-tools .venv/bin/pytest -q Tests/e2e/test_cancel_e2e.py
"""

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import Implementation

ROOT = Path(__file__).resolve().parents[2]
SIM = ROOT / "scripts" / "sim-cluster"
BINARY = Path(os.environ.get("PROXMOX_TOOLS_BIN", ROOT / ".build" / "debug" / "proxmox-tools"))
SLEEP = "sleep 37"  # an unusual length, so `ps` finds this command and no other


def sim(*args: str) -> str:
    return subprocess.run([str(SIM), *args], check=True, timeout=120, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def cluster():
    assert BINARY.exists(), f"build first: {BINARY} is missing (swift build)"
    state = Path(tempfile.mkdtemp(prefix="pt-cancel-"))
    sim("up", "--nodes", "1", "--state", str(state), "--port", "auto", "--owner-pid", str(os.getpid()))
    try:
        yield state
    finally:
        sim("down", "--state", str(state), "--purge")


def remote_sleeps(state: Path) -> list[str]:
    return [line for line in sim("ps", "--state", str(state), "pve1").splitlines() if SLEEP in line]


def as_dict(message) -> dict:
    """A received JSON-RPC message as plain JSON, whatever model class the client library uses."""
    if hasattr(message, "model_dump"):
        message = message.model_dump(by_alias=True, exclude_none=True, mode="json")
    if isinstance(message, dict) and set(message) == {"root"}:
        message = message["root"]
    return message


async def wait_for(condition, seconds: float) -> float:
    """Polls `condition` until it holds; returns the seconds it took, or fails after `seconds`."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < seconds, f"not within {seconds} s"
        await anyio.sleep(0.05)
    return time.monotonic() - start


def test_a_cancelled_call_gets_no_response_and_its_remote_command_is_stopped(cluster):
    audit = cluster / "audit.jsonl"
    params = StdioServerParameters(
        command=str(BINARY),
        args=["serve", "--hosts-dir", str(cluster / "hosts.d"), "--audit-log", str(audit)])
    seen: list[dict] = []

    async def go():
        async with stdio_client(params) as (read, write):
            # Everything the server sends is recorded on its way to the client, so a response the
            # client library would silently drop (it ignores answers to cancelled requests) is seen.
            tee_send, tee_receive = anyio.create_memory_object_stream(100)

            async def pump():
                async with tee_send:
                    async for item in read:
                        if not isinstance(item, Exception):
                            seen.append(as_dict(item.message))
                        await tee_send.send(item)

            async with anyio.create_task_group() as group:
                group.start_soon(pump)
                async with ClientSession(tee_receive, write, client_info=Implementation(name="cancel-e2e", version="1")) as s:
                    await s.initialize()
                    scope = anyio.CancelScope()

                    async def slow_call():
                        with scope:
                            await s.call_tool("proxmox_run_host_command", {"command": SLEEP, "host": "pve1"})

                    group.start_soon(slow_call)
                    await wait_for(lambda: remote_sleeps(cluster), 15)
                    scope.cancel()  # the client sends notifications/cancelled for the request
                    gone_after = await wait_for(lambda: not remote_sleeps(cluster), 5)
                    print(f"remote sleep gone {gone_after:.2f} s after the cancellation")
                    await anyio.sleep(1)
                    await s.send_ping()
                    tool_results = [m for m in seen if isinstance(m.get("result"), dict) and "content" in m["result"]]
                    assert tool_results == [], f"a cancelled request was answered: {tool_results}"
                    errors = [m for m in seen if "error" in m]
                    assert errors == [], f"a cancelled request was answered: {errors}"
                group.cancel_scope.cancel()

    anyio.run(go)
    lines = [json.loads(line) for line in audit.read_text().splitlines()]
    sleeps = [line for line in lines if line.get("command") == SLEEP]
    assert [line["phase"] for line in sleeps] == ["start", "end"], sleeps
    assert sleeps[1]["error"] == "cancelled", sleeps[1]
