"""End-to-end: running out of file descriptors is reported as `resource_exhausted` with the
limit, never as a network problem (`unreachable: no usable address`).

Run: PROXMOX_TOOLS_BIN=.build/debug/proxmox-tools .venv/bin/pytest -q Tests/e2e/test_resources_e2e.py
"""

import json
import os
import shutil
import subprocess

import pytest

from conftest import BINARY, simulated_cluster


@pytest.fixture(scope="module")
def cluster():
    with simulated_cluster(1, "pt-fds-") as state:
        yield state


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs prlimit (util-linux)")
def test_too_few_file_descriptors_is_reported_as_such(cluster):
    """Runs `echo hi` under a rising descriptor limit: every failure names the exhausted resource
    and the limit, and once the limit is enough the command runs."""
    env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
    outcomes = {}
    # Below about 6 descriptors libdispatch itself traps at start-up (_dispatch_epoll_init), before
    # any of our code runs; that is not something proxmox-tools can report.
    for limit in range(7, 25):
        result = subprocess.run(
            ["prlimit", f"--nofile={limit}:{limit}", str(BINARY), "--json", "--hosts-dir", str(cluster / "hosts.d"),
             "--host", "pve1", "--audit-log", "off", "echo hi"],
            capture_output=True, text=True, timeout=30, env=env)  # a hang fails too
        assert result.returncode in (0, 255), (limit, result)
        assert "no usable address" not in result.stdout + result.stderr, (limit, result)
        if result.returncode == 0:
            outcomes[limit] = "ran"
            assert json.loads(result.stdout)["stdout"] == "hi\n"
        elif result.stdout.strip():
            body = json.loads(result.stdout)
            assert body["error"] == "resource_exhausted", (limit, body)
            assert f"too many open files (limit {limit})" in body["message"], body
            outcomes[limit] = "resource_exhausted"
        else:
            # Too few to even read the inventory: said so on stderr, with the limit.
            assert f"too many open files (limit {limit})" in result.stderr, (limit, result.stderr)
            outcomes[limit] = "inventory"
    assert "resource_exhausted" in outcomes.values(), outcomes
    assert outcomes[24] == "ran", outcomes
    print(outcomes)
