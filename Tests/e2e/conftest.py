"""Shared by the end-to-end tests: where the binary and the simulated cluster script are, and a
simulated cluster that is always torn down (and purged) after its tests."""

import os
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SIM = ROOT / "scripts" / "sim-cluster"
BINARY = Path(os.environ.get("PROXMOX_TOOLS_BIN", ROOT / ".build" / "debug" / "proxmox-tools"))


@contextmanager
def simulated_cluster(nodes: int, prefix: str):
    """`nodes` real sshd's on loopback (scripts/sim-cluster), yielding the state directory."""
    assert BINARY.exists(), f"build first: {BINARY} is missing (swift build)"
    state = Path(tempfile.mkdtemp(prefix=prefix))
    subprocess.run([str(SIM), "up", "--nodes", str(nodes), "--state", str(state), "--port", "auto",
                    "--owner-pid", str(os.getpid())], check=True, timeout=120)
    try:
        yield state
    finally:
        subprocess.run([str(SIM), "down", "--state", str(state), "--purge"], check=True, timeout=120)
