"""End-to-end: JSON-RPC 2.0 edges, written as raw lines to `proxmox-tools serve` over pipes (no MCP
client: a client library would refuse to send most of these). No node is contacted.

Run: PROXMOX_TOOLS_BIN=.build/debug/proxmox-tools .venv/bin/pytest -q Tests/e2e/test_protocol_e2e.py
"""

import json
import os
import queue
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("PROXMOX_TOOLS_BIN", ROOT / ".build" / "debug" / "proxmox-tools"))
INITIALIZE = {"jsonrpc": "2.0", "id": 0, "method": "initialize",
              "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                         "clientInfo": {"name": "raw-e2e", "version": "1"}}}


class RawServer:
    """`proxmox-tools serve` on pipes; lines in, parsed JSON lines out (read by a thread)."""

    def __init__(self, hosts_dir: Path):
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--hosts-dir", str(hosts_dir), "--audit-log", "off"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.lines: "queue.Queue[object]" = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for raw in self.process.stdout:
            self.lines.put(json.loads(raw))

    def send(self, line: str):
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def receive(self, timeout: float = 5):
        return self.lines.get(timeout=timeout)

    def ask(self, line: str):
        """Sends one line and returns the one answer it gets."""
        self.send(line)
        return self.receive()

    def close(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        finally:
            if self.process.poll() is None:
                self.process.kill()


@pytest.fixture(scope="module")
def server():
    assert BINARY.exists(), f"build first: {BINARY} is missing (swift build)"
    hosts = Path(tempfile.mkdtemp(prefix="pt-proto-"))
    (hosts / "pve.yaml").write_text("pve1:\n  address: 127.0.0.1\n")
    s = RawServer(hosts)
    answer = s.ask(json.dumps(INITIALIZE))
    assert answer["id"] == 0 and "result" in answer
    s.send('{"jsonrpc":"2.0","method":"notifications/initialized"}')
    yield s
    s.close()


@pytest.mark.parametrize("request_id", ["abc", "", 0, 7, -3, 2**53])
def test_legal_ids_are_echoed_exactly(server, request_id):
    answer = server.ask(json.dumps({"jsonrpc": "2.0", "id": request_id, "method": "ping"}))
    assert answer == {"jsonrpc": "2.0", "id": request_id, "result": {}}
    assert type(answer["id"]) is type(request_id)


def test_a_null_id_is_echoed_as_null(server):
    answer = server.ask('{"jsonrpc":"2.0","id":null,"method":"ping"}')
    assert answer == {"jsonrpc": "2.0", "id": None, "result": {}}


@pytest.mark.parametrize("line, code, answer_id", [
    ('{"jsonrpc":"2.0","id":1.5,"method":"ping"}', -32600, None),
    ('{"jsonrpc":"2.0","id":true,"method":"ping"}', -32600, None),
    ('{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}', -32600, None),
    ('{"id":7,"method":"ping"}', -32600, 7),
    ('{"jsonrpc":"2.0","id":8,"method":"ping","params":5}', -32600, 8),
    ('{"jsonrpc":"2.0","id":9,"method":"tools/call"}', -32602, 9),
    ('{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"proxmox_list_hosts","arguments":"x"}}', -32602, 10),
    ('{"jsonrpc":"2.0","id":11,"method":"tools/call","params":{"name":"no_such_tool"}}', -32602, 11),
    ("this is not json", -32700, None),
    ('{"jsonrpc":"2.0","id":12,', -32700, None),
    ("[]", -32600, None),
])
def test_invalid_messages_get_the_right_error(server, line, code, answer_id):
    answer = server.ask(line)
    assert answer["jsonrpc"] == "2.0"
    assert answer["id"] == answer_id
    assert answer["error"]["code"] == code, answer
    assert "correct format" not in answer["error"]["message"]


def test_a_batch_is_answered_with_one_array_including_its_invalid_items(server):
    answer = server.ask('[{"jsonrpc":"2.0","id":21,"method":"ping"},{"jsonrpc":"2.0","id":2.5,"method":"ping"},1]')
    assert isinstance(answer, list) and len(answer) == 3
    assert {"jsonrpc": "2.0", "id": 21, "result": {}} in answer
    errors = [item for item in answer if "error" in item]
    assert [item["error"]["code"] for item in errors] == [-32600, -32600]
    assert all(item["id"] is None for item in errors)


def test_the_server_still_works_after_all_that(server):
    answer = server.ask('{"jsonrpc":"2.0","id":"last","method":"tools/list"}')
    assert answer["id"] == "last"
    assert any(tool["name"] == "proxmox_run_host_command" for tool in answer["result"]["tools"])
