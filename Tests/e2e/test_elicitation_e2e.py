"""End-to-end: commands the guarded policy marks `ask` are approved by a person through MCP
elicitation (the official Python client's elicitation callback), against the simulated cluster.

Proves: accept runs the command; decline refuses it and it never reaches the node (the sim's
commands.log); a client without elicitation is refused with the approval reason; a read-only host
and an `eval` line are refused without asking; an ANSI escape in a command is shown escaped.
No test command runs on this machine unless it was approved, and the approved one is the sim's
fake `qm`.
"""

import json
import os
import pty
import select
import subprocess
import tempfile
import time
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from mcp import ClientSession, StdioServerParameters, types
from mcp.client.stdio import stdio_client
from mcp.types import Implementation

from test_mcp_e2e import BINARY, cluster, fixture_vmids, run, structured  # noqa: F401  (cluster is a fixture)


def hosts_dir(state: Path) -> Path:
    """The sim's inventory with pve3 made read-only."""
    directory = Path(tempfile.mkdtemp(prefix="pt-elicit-hosts-"))
    text = (state / "hosts.d" / "cluster.yaml").read_text()
    text = text.replace("pve3:\n", "pve3:\n  policy: read-only\n")
    (directory / "cluster.yaml").write_text(text)
    return directory


@asynccontextmanager
async def session(state: Path, answer=None):
    """answer: None → a client without the elicitation capability; else a function of the
    elicitation parameters returning an ElicitResult."""
    params = StdioServerParameters(
        command=str(BINARY),
        args=["serve", "--hosts-dir", str(hosts_dir(state)), "--audit-log", str(state / "audit-elicitation.jsonl")])
    asked = []

    async def callback(context, request):
        asked.append(request)
        return answer(request)

    kwargs = {"elicitation_callback": callback} if answer else {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, client_info=Implementation(name="e2e-elicitation", version="1.0"),
                                 **kwargs) as s:
            await s.initialize()
            yield s, asked


def commands_log(state: Path, node: str) -> list[str]:
    path = state / "nodes" / node / "commands.log"
    return path.read_text().splitlines() if path.exists() else []


def reached(state: Path, node: str, command: str) -> int:
    """How many commands that reached the node contain `command` (the tool prefixes a PID marker)."""
    return sum(command in line for line in commands_log(state, node))


def approve(value: bool):
    return lambda request: types.ElicitResult(action="accept", content={"approve": value})


def test_accept_runs_the_command(cluster):
    vmid = fixture_vmids("pve2")[0]
    command = f"qm destroy {vmid} --purge"

    async def go():
        async with session(cluster, approve(True)) as (s, asked):
            body = structured(await s.call_tool("proxmox_run_host_command", {"command": command, "host": "pve2"}))
            assert len(asked) == 1
            request = asked[0]
            assert request.mode == "form"
            assert request.requested_schema["properties"]["approve"] == {"type": "boolean", "title": "Run this command"}
            assert request.requested_schema["required"] == ["approve"]
            assert "pve2 (" in request.message and command in request.message
            assert "`qm destroy`" in request.message
            assert body.get("blocked") is None, body
            assert body["exitCode"] == 0, body
    run(go())
    assert reached(cluster, "pve2", command) == 1
    audit = [json.loads(line) for line in (cluster / "audit-elicitation.jsonl").read_text().splitlines()]
    assert any(entry.get("command") == command and entry.get("approval") == "approved" for entry in audit), audit[-3:]


@pytest.mark.parametrize("answer,words", [
    (lambda request: types.ElicitResult(action="decline"), "declined"),
    (lambda request: types.ElicitResult(action="cancel"), "cancelled"),
    (approve(False), "declined"),
])
def test_decline_never_reaches_the_node(cluster, answer, words):
    vmid = fixture_vmids("pve1")[0]
    command = f"qm destroy {vmid} --purge"

    async def go():
        async with session(cluster, answer) as (s, asked):
            result = await s.call_tool("proxmox_run_host_command", {"command": command, "host": "pve1"})
            body = structured(result)
            assert len(asked) == 1
            assert result.is_error and body["blocked"] is True, body
            assert words in body["reason"], body
    run(go())
    assert reached(cluster, "pve1", command) == 0


def test_a_client_without_elicitation_is_refused_with_the_approval_reason(cluster):
    command = "qm destroy 100 --purge"

    async def go():
        async with session(cluster) as (s, _):
            body = structured(await s.call_tool("proxmox_run_host_command", {"command": command, "host": "pve2"}))
            assert body["blocked"] is True
            assert "needs a person's approval" in body["reason"]
            assert "allow:" in body["reason"] and "unrestricted" in body["reason"]
    before = reached(cluster, "pve2", command)
    run(go())
    assert reached(cluster, "pve2", command) == before


@pytest.mark.parametrize("host,command", [("pve3", "qm start 100"), ("pve2", "eval 'qm destroy 100'")])
def test_deny_is_refused_without_asking(cluster, host, command):
    async def go():
        async with session(cluster, approve(True)) as (s, asked):
            body = structured(await s.call_tool("proxmox_run_host_command", {"command": command, "host": host}))
            assert body["blocked"] is True, body
            assert asked == []
    run(go())
    assert reached(cluster, host, command) == 0


def test_an_ansi_escape_is_shown_escaped(cluster):
    # A terminal would erase the line and show only `qm list`; the person must see what runs.
    command = "qm destroy 100 # \x1b[2K\rqm list"

    async def go():
        async with session(cluster, lambda request: types.ElicitResult(action="decline")) as (s, asked):
            body = structured(await s.call_tool("proxmox_run_host_command", {"command": command, "host": "pve2"}))
            assert body["blocked"] is True
            message = asked[0].message
            assert "\x1b" not in message and "\r" not in message
            assert "qm destroy 100 # \\x1b[2K\\rqm list" in message, message
    run(go())
    assert not any("2K" in line for line in commands_log(cluster, "pve2"))


def cli(state: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(BINARY), "--hosts-dir", str(hosts_dir(state)), "--audit-log", "off", *args],
                          capture_output=True, text=True, timeout=60, **kwargs)


def test_cli_without_a_terminal_refuses_an_ask_and_says_to_pass_yes(cluster):
    vmid = fixture_vmids("pve2")[1]
    command = f"qm destroy {vmid}"
    refused = cli(cluster, "--host", "pve2", command, stdin=subprocess.DEVNULL)
    assert refused.returncode == 126, refused
    assert "--yes" in refused.stderr, refused.stderr
    assert reached(cluster, "pve2", command) == 0
    approved = cli(cluster, "--host", "pve2", "--yes", command, stdin=subprocess.DEVNULL)
    assert approved.returncode == 0, approved
    assert reached(cluster, "pve2", command) == 1


@pytest.mark.parametrize("answer,status", [(b"y\n", 0), (b"n\n", 126)])
def test_cli_on_a_terminal_prompts(cluster, answer, status):
    """stdin and stderr on a pseudo-terminal: the CLI asks `Run on pve2 (…): COMMAND? [y/N]`."""
    vmid = fixture_vmids("pve2")[2]
    command = f"qm shutdown {vmid} && qm destroy {vmid}"
    before = reached(cluster, "pve2", command)
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(BINARY), "--hosts-dir", str(hosts_dir(cluster)), "--audit-log", "off", "--host", "pve2", command],
                            stdin=slave, stderr=slave, stdout=subprocess.PIPE)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 30
    while b"[y/N]" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            seen += os.read(master, 4096)
    assert f"Run on pve2 (".encode() in seen and f"{command}? [y/N]".encode() in seen, seen
    os.write(master, answer)
    assert proc.wait(timeout=30) == status
    os.close(master)
    assert reached(cluster, "pve2", command) == before + (1 if status == 0 else 0)
