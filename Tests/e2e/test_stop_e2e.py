"""End-to-end: "stopped" means the remote process is gone (issue 11). The CLI's --timeout and its
signals, and the MCP server's shutdown (stdin EOF, SIGTERM, SIGINT, a closed stdout, kill -9), each
leave nothing running on the node; `sim-cluster ps` is the witness. Raw JSON-RPC lines drive the
server, so what is asserted is exactly what goes over the pipe."""

import json
import signal
import subprocess
import time

import pytest

from test_mcp_e2e import BINARY, SIM, cluster  # noqa: F401  (cluster is a fixture)


def remote(cluster, node, prefix):
    """The node's session processes whose command line starts with `prefix`, right now."""
    out = subprocess.run([str(SIM), "ps", "--state", str(cluster), node], check=True, capture_output=True,
                         text=True, timeout=30).stdout
    return [line for line in out.splitlines() if line.split(" ", 1)[-1].startswith(prefix)]


def wait_for(predicate, seconds):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def cli(cluster, *args):
    return [str(BINARY), "--hosts-dir", str(cluster / "hosts.d"), "--audit-log", str(cluster / "audit.jsonl"), *args]


def test_cli_timeout_stops_the_command_before_exiting(cluster):
    marker = cluster / "cli-timeout-touched"
    started = time.time()
    done = subprocess.run(cli(cluster, "--host", "pve1", "--timeout", "2", f"sleep 5.1; touch {marker}"),
                          capture_output=True, text=True, timeout=30)
    took = time.time() - started
    assert done.returncode == 124, done.stderr
    assert "was stopped there" in done.stderr
    assert remote(cluster, "pve1", "sleep 5.1") == []  # at exit, not some time later
    assert 2 <= took < 5.5, took
    time.sleep(4)
    assert not marker.exists(), "the command ran on after the CLI said it was stopped"


@pytest.mark.parametrize("number,status", [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_cli_signal_stops_the_command_before_exiting(cluster, number, status):
    command = f"sleep 30.{number}"
    proc = subprocess.Popen(cli(cluster, "--host", "pve2", command), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert wait_for(lambda: remote(cluster, "pve2", command), 15), "the command never started"
    proc.send_signal(number)
    assert proc.wait(timeout=10) == status
    assert remote(cluster, "pve2", command) == []
    assert b"interrupted by" in proc.stderr.read()


class Server:
    """`proxmox-tools serve` over pipes, spoken to in raw JSON-RPC lines."""

    def __init__(self, cluster):
        self.proc = subprocess.Popen(
            [str(BINARY), "serve", "--hosts-dir", str(cluster / "hosts.d"), "--audit-log", str(cluster / "audit.jsonl")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "stop-e2e", "version": "1"}}})
        assert self.read()["id"] == 1
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def send(self, message):
        self.proc.stdin.write((json.dumps(message) + "\n").encode())
        self.proc.stdin.flush()

    def read(self):
        return json.loads(self.proc.stdout.readline())

    def call(self, ident, command, host="pve3"):
        self.send({"jsonrpc": "2.0", "id": ident, "method": "tools/call", "params": {
            "name": "proxmox_run_host_command", "arguments": {"command": command, "host": host, "timeoutSeconds": 120}}})


@pytest.mark.parametrize("how", ["eof", "sigterm", "sigint"])
def test_server_shutdown_answers_calls_in_flight_and_stops_them(cluster, how):
    command = f"sleep 40.{len(how)}"
    server = Server(cluster)
    server.call(7, command)
    assert wait_for(lambda: remote(cluster, "pve3", command), 15), "the command never started"
    started = time.time()
    if how == "eof":
        server.proc.stdin.close()
    else:
        server.proc.send_signal(signal.SIGTERM if how == "sigterm" else signal.SIGINT)
    answer = server.read()
    assert answer["id"] == 7, answer
    result = answer["result"]["structuredContent"]
    assert answer["result"]["isError"] and result["error"] == "cancelled", result
    assert server.proc.wait(timeout=10) == 0
    assert time.time() - started < 4.5
    assert remote(cluster, "pve3", command) == []


def test_server_whose_client_closed_stdout_stops_its_calls(cluster):
    command = "sleep 40.9"
    server = Server(cluster)
    server.call(8, command)
    assert wait_for(lambda: remote(cluster, "pve3", command), 15)
    server.proc.stdout.close()          # the client stopped listening
    server.send({"jsonrpc": "2.0", "id": 9, "method": "ping"})  # the answer hits EPIPE
    assert server.proc.wait(timeout=10) == 0
    assert remote(cluster, "pve3", command) == []


def test_server_killed_with_sigkill_leaves_nothing_running(cluster):
    command = "sleep 40.8"
    server = Server(cluster)
    server.call(10, command)
    assert wait_for(lambda: remote(cluster, "pve3", command), 15)
    server.proc.kill()
    server.proc.wait(timeout=10)
    # Nothing of ours runs any more: the node's watchdog sees the connection gone.
    assert wait_for(lambda: remote(cluster, "pve3", command) == [], 3), remote(cluster, "pve3", command)
