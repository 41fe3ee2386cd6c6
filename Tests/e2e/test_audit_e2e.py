"""End-to-end: "no audit, no run" from the CLI. An audit log that cannot be written (a symbolic
link, a path under a regular file) makes `proxmox-tools run` exit 255 and send nothing; `--audit-log
off` is the explicit way out.

Run: PROXMOX_TOOLS_BIN=.build/debug/proxmox-tools .venv/bin/pytest -q Tests/e2e/test_audit_e2e.py
"""

import subprocess
from pathlib import Path

import pytest

from conftest import BINARY, simulated_cluster


@pytest.fixture(scope="module")
def cluster():
    with simulated_cluster(1, "pt-audit-") as state:
        yield state


def cli(state: Path, audit: str, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BINARY), "--hosts-dir", str(state / "hosts.d"), "--host", "pve1", "--audit-log", audit, command],
        capture_output=True, text=True, timeout=60)


def received(state: Path) -> list[str]:
    log = state / "nodes" / "pve1" / "commands.log"
    return log.read_text().splitlines() if log.exists() else []


@pytest.mark.parametrize("kind", ["symlink", "under-a-file"])
def test_an_unwritable_audit_log_refuses_the_command(cluster, kind):
    decoy = cluster / f"decoy-{kind}.txt"
    decoy.write_text("untouched\n")
    if kind == "symlink":
        audit = cluster / "audit-link.jsonl"
        audit.symlink_to(decoy)
    else:
        audit = decoy / "audit.jsonl"
    before = received(cluster)
    result = cli(cluster, str(audit), "echo should-not-run")
    assert result.returncode == 255, result
    assert "audit" in result.stderr and "--audit-log off" in result.stderr, result.stderr
    assert "should-not-run" not in result.stdout
    assert received(cluster) == before
    assert decoy.read_text() == "untouched\n"


def test_audit_log_off_runs_without_a_log(cluster):
    result = cli(cluster, "off", "echo ran")
    assert result.returncode == 0, result
    assert result.stdout == "ran\n"
