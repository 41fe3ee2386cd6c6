"""Issue 14 against the binary users run (make e2e drives the release build): no warm call may wait
for the next keepalive. 2,000 sequential warm `tools/call`s on one node, and 2,000 more as 8
concurrent streams; any single call over 1 s fails the test. A bound on outliers, not a benchmark:
a warm call takes milliseconds, the stall it guards against took 25-30 s."""

import json
import subprocess
import threading
import time

from test_mcp_e2e import BINARY, cluster  # noqa: F401  (cluster is a fixture)

CALLS = 2000
BOUND = 1.0


class Pipe:
    """`proxmox-tools serve` over pipes; calls may be in flight from several threads."""

    def __init__(self, cluster):
        self.proc = subprocess.Popen(
            [str(BINARY), "serve", "--hosts-dir", str(cluster / "hosts.d"), "--audit-log", str(cluster / "warm-audit.jsonl")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.lock = threading.Lock()
        self.waiting = {}
        self.send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "warm-e2e", "version": "1"}}})
        json.loads(self.proc.stdout.readline())
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def send(self, message):
        with self.lock:
            self.proc.stdin.write((json.dumps(message) + "\n").encode())
            self.proc.stdin.flush()

    def read(self):
        for line in self.proc.stdout:
            answer = json.loads(line)
            slot = self.waiting.pop(answer.get("id"), None)
            if slot:
                slot[1] = answer
                slot[0].set()

    def call(self, ident):
        slot = [threading.Event(), None]
        self.waiting[ident] = slot
        self.send({"jsonrpc": "2.0", "id": ident, "method": "tools/call", "params": {
            "name": "proxmox_run_host_command", "arguments": {"command": "true", "host": "pve1"}}})
        assert slot[0].wait(60), f"call {ident} got no answer"
        result = slot[1]["result"]["structuredContent"]
        assert result["success"], result

    def close(self):
        self.proc.stdin.close()
        assert self.proc.wait(timeout=20) == 0


def timed(pipe, idents):
    slow = []
    for ident in idents:
        started = time.perf_counter()
        pipe.call(ident)
        took = time.perf_counter() - started
        if took > BOUND:
            slow.append(round(took, 3))
    return slow


def test_sequential_and_concurrent_warm_calls_never_stall(cluster):
    pipe = Pipe(cluster)
    try:
        pipe.call(1)  # connect first: warm calls only
        slow = timed(pipe, range(10, 10 + CALLS))
        assert slow == [], f"sequential calls slower than {BOUND} s: {slow}"

        results = []
        streams = [threading.Thread(target=lambda k=k: results.append(
            timed(pipe, range(100_000 + k * 1000, 100_000 + k * 1000 + CALLS // 8)))) for k in range(8)]
        for stream in streams:
            stream.start()
        for stream in streams:
            stream.join()
        slow = [took for part in results for took in part]
        assert len(results) == 8 and slow == [], f"concurrent calls slower than {BOUND} s: {slow}"
    finally:
        pipe.close()
