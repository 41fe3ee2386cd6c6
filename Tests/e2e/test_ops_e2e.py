"""End-to-end: the official `mcp` Python client calls the operations helpers (tasks, task log,
snapshots, backups, HA, replication, Ceph, ZFS, journal) of `proxmox-tools serve` against the
simulated cluster, and checks each result against the tool's own outputSchema as the client sees it.

Run: PROXMOX_TOOLS_BIN=$PWD/.build/debug/proxmox-tools .venv/bin/pytest -q Tests/e2e/test_ops_e2e.py
"""

import json

import jsonschema

from test_mcp_e2e import cluster, run, session, sim, structured  # noqa: F401  (cluster is a fixture)


async def call_checked(s, tools, name, arguments=None):
    result = await s.call_tool(name, arguments or {})
    body = structured(result)
    jsonschema.validate(body, tools[name].output_schema)
    return result, body


def test_operations_helpers_are_listed_read_only(cluster):
    async def go():
        async with session(cluster) as (s, _):
            tools = {tool.name: tool for tool in (await s.list_tools()).tools}
            for name in ["proxmox_list_snapshots", "proxmox_list_tasks", "proxmox_task_log", "proxmox_list_backups",
                         "proxmox_ha_status", "proxmox_replication_status", "proxmox_ceph_status",
                         "proxmox_zfs_health", "proxmox_journal"]:
                assert tools[name].annotations.read_only_hint is True, name
                assert tools[name].annotations.destructive_hint is False, name
    run(go())


def test_what_failed_last_night_and_its_log(cluster):
    async def go():
        async with session(cluster) as (s, _):
            tools = {tool.name: tool for tool in (await s.list_tools()).tools}
            result, body = await call_checked(s, tools, "proxmox_list_tasks", {"errorsOnly": True})
            assert not result.is_error, body
            pve1 = body["nodes"][0]
            assert pve1["host"] == "pve1" and pve1["ok"]
            assert [task["state"] for task in pve1["tasks"]] == ["warning", "error"]
            failed = pve1["tasks"][1]
            assert failed["id"] == "102" and failed["status"] == "start failed: QEMU exited with code 1"

            result, log = await call_checked(s, tools, "proxmox_task_log", {"upid": failed["upid"], "lines": 2})
            assert not result.is_error, log
            assert log["host"] == "pve1" and log["task"]["exitStatus"] == "start failed: QEMU exited with code 1"
            assert log["task"]["lines"][-1] == "TASK ERROR: start failed: QEMU exited with code 1"

            bad = await s.call_tool("proxmox_task_log", {"upid": "UPID:pve1:1:2:3:x::root@pam:; reboot"})
            assert bad.is_error and structured(bad)["error"] == "invalid_argument"
    run(go())


def test_snapshots_backups_and_cluster_health(cluster):
    async def go():
        async with session(cluster) as (s, _):
            tools = {tool.name: tool for tool in (await s.list_tools()).tools}
            _, snaps = await call_checked(s, tools, "proxmox_list_snapshots", {"vmid": 100})
            assert [snap["name"] for snap in snaps["snapshots"]] == ["pre-upgrade", "after-upgrade"]
            assert snaps["currentParent"] == "after-upgrade" and snaps["node"] == "pve1"

            _, backups = await call_checked(s, tools, "proxmox_list_backups", {"vmid": 101})
            volids = [b["volid"] for n in backups["nodes"] for st in n.get("storages", []) for b in st["backups"]]
            assert volids == ["pbs-offsite-datastore:backup/vm/101/2025-12-01T00:07:01Z"]

            _, ha = await call_checked(s, tools, "proxmox_ha_status")
            assert ha["ha"]["quorate"] is True and ha["ha"]["master"]["node"] == "pve2"

            _, repl = await call_checked(s, tools, "proxmox_replication_status")
            failing = [job for n in repl["nodes"] for job in n["jobs"] if job["failCount"] > 0]
            assert [job["id"] for job in failing] == ["1050-0"]

            _, ceph = await call_checked(s, tools, "proxmox_ceph_status")
            assert [n["ceph"]["available"] for n in ceph["nodes"]] == [True, True, False]

            _, journal = await call_checked(s, tools, "proxmox_journal", {"host": "pve2", "priority": "err"})
            assert [e["identifier"] for e in journal["entries"]] == ["pvescheduler"]
    run(go())


def test_a_degraded_pool_shows_up(cluster):
    async def go():
        async with session(cluster) as (s, _):
            tools = {tool.name: tool for tool in (await s.list_tools()).tools}
            sim("scenario", "--state", str(cluster), "pve2", "zfs-degraded")
            try:
                _, zfs = await call_checked(s, tools, "proxmox_zfs_health")
            finally:
                sim("scenario", "--state", str(cluster), "pve2")
            assert [n["zfs"]["healthy"] for n in zfs["nodes"]] == [True, False, True]
            tank = zfs["nodes"][1]["zfs"]["pools"][1]
            assert tank["health"] == "DEGRADED" and tank["scanInProgress"] == "resilver"
            assert any(d["state"] == "FAULTED" for d in tank["problemDevices"])
    run(go())


def test_backup_now_reports_progress_and_ends_ok(cluster):
    async def go():
        async with session(cluster) as (s, _):
            messages = []

            async def on_progress(progress, total, message):
                messages.append(message)

            result = await s.call_tool("proxmox_backup_now", {"vmid": 100, "storage": "nas-backup"},
                                       progress_callback=on_progress)
            body = structured(result)
            assert not result.is_error, body
            assert body["finished"] is True and body["exitStatus"] == "OK" and body["log"][-1] == "TASK OK"
            assert messages, "no progress notification arrived during the backup"
            assert all(m.startswith("INFO:") for m in messages), messages
    run(go())


def test_cancelling_a_backup_stops_its_task(cluster):
    import anyio

    async def go():
        async with session(cluster) as (s, _):
            progressed = anyio.Event()

            async def on_progress(progress, total, message):
                progressed.set()

            async with anyio.create_task_group() as group:
                async def backup():
                    await s.call_tool("proxmox_backup_now", {"vmid": 101, "storage": "nas-backup"}, progress_callback=on_progress)

                group.start_soon(backup)
                with anyio.fail_after(30):
                    await progressed.wait()
                group.cancel_scope.cancel()

            tasks = cluster / "nodes" / "pve1" / "tasks"
            with anyio.fail_after(30):
                while not any(f.read_text() == "received interrupt\n" for f in tasks.glob("*vzdump:101*.exit")):
                    await anyio.sleep(0.1)
            assert any("pvesh delete '/nodes/pve1/tasks/UPID:pve1:" in line
                       for line in (cluster / "nodes" / "pve1" / "commands.log").read_text().splitlines())
    run(go())
