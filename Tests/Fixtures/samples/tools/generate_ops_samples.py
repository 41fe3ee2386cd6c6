#!/usr/bin/env python3
"""Writes the operations samples (tasks, task logs, snapshots, backups, HA, replication, Ceph, ZFS,
journal) for the sample cluster `lab` into ../pve1 … ../pve3 and ../scenarios.

Run from anywhere: python3 Tests/Fixtures/samples/tools/generate_ops_samples.py
Formats: see ../FORMATS.md ("Operations" sections), which names the Proxmox source each was read from.
Snapshot time of the whole sample set: 1764666942 (Tue 2 Dec 2025 10:15:42 CET).
"""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOW = 1764666942
BOOT = {"pve1": 1763634745, "pve2": 1763635000, "pve3": 1764252000}


def pvesh(data) -> str:
    """pvesh --output-format json: compact, keys sorted, one line, newline (pve-common CLIFormatter)."""
    return json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n"


def write(node: str, name: str, text: str) -> None:
    path = ROOT / node / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def upid(node, pid, start, kind, ident, user):
    pstart = (start - BOOT[node]) * 100
    return f"UPID:{node}:{pid:08X}:{pstart:08X}:{start:08X}:{kind}:{ident}:{user}:", pstart


# --- tasks: active (running) and all (active first, then the archive) -------------------------
running = {}
for node, pid, start, kind, ident in [("pve1", 0x0025C1A0, 1764666558, "vzdump", "201"),
                                      ("pve2", 0x0029A001, 1764666901, "qmigrate", "104")]:
    u, pstart = upid(node, pid, start, kind, ident, "root@pam")
    running[node] = {"id": ident, "node": node, "pid": pid, "pstart": pstart, "starttime": start,
                     "status": "RUNNING", "type": kind, "upid": u, "user": "root@pam"}
for node in ["pve1", "pve2", "pve3"]:
    archive = json.loads((ROOT / node / "pvesh_nodes_tasks.json").read_text())
    active = [running[node]] if node in running else []
    write(node, "pvesh_nodes_tasks_active.json", pvesh(active))
    write(node, "pvesh_nodes_tasks_all.json", pvesh(active + archive))

# --- task logs and statuses (pve1) ---------------------------------------------------------------
vzdump_warn = "UPID:pve1:00257650:05704D0D:692CDA83:vzdump::root@pam:"
qmstart_fail = "UPID:pve1:001EB2E1:04A989D9:692ADDAE:qmstart:102:root@pam:"
logs = {
    vzdump_warn: [
        "INFO: starting new backup job: vzdump 100 101 200 201 --mode snapshot --storage pbs-offsite-datastore --mailnotification failure --quiet 1 --notes-template '{{guestname}}'",
        "INFO: Starting Backup of VM 100 (qemu)",
        "INFO: Backup started at 2025-12-01 01:00:03",
        "INFO: status = running",
        "INFO: VM Name: web01",
        "INFO: include disk 'scsi0' 'local-lvm:vm-100-disk-0' 32G",
        "INFO: backup mode: snapshot",
        "INFO: creating Proxmox Backup Server archive 'vm/100/2025-12-01T00:00:03Z'",
        "INFO: backup is sparse: 21.40 GiB (66%) total zero data",
        "INFO: transferred 32.00 GiB in 412 seconds (79.5 MiB/s)",
        "INFO: Finished Backup of VM 100 (00:06:58)",
        "INFO: Starting Backup of VM 101 (qemu)",
        "WARN: unable to connect to VM 101 qga socket - timeout after 31 retries",
        "INFO: Finished Backup of VM 101 (00:31:12)",
        "INFO: Starting Backup of CT 200 (lxc)",
        "INFO: Finished Backup of CT 200 (00:00:41)",
        "INFO: Backup job finished with errors",
        "TASK WARNINGS: 1",
    ],
    qmstart_fail: [
        "kvm: -drive file=/dev/pve/vm-102-disk-0,if=none,id=drive-scsi0,format=raw,cache=none,aio=io_uring,detect-zeroes=on: Could not open '/dev/pve/vm-102-disk-0': No such file or directory",
        "TASK ERROR: start failed: QEMU exited with code 1",
    ],
    running["pve1"]["upid"]: [
        "INFO: starting new backup job: vzdump 201 --storage nas-backup --mode snapshot --compress zstd",
        "INFO: Starting Backup of VM 201 (lxc)",
        "INFO: Backup started at 2025-12-02 10:09:18",
        "INFO: status = running",
        "INFO: CT Name: backup-proxy",
        "INFO: including mount point rootfs ('/') in backup",
        "INFO: including mount point mp0 ('/srv/backup') in backup",
        "INFO: backup mode: snapshot",
        "INFO: create storage snapshot 'vzdump'",
        "INFO: creating vzdump archive '/mnt/pve/nas-backup/dump/vzdump-lxc-201-2025_12_02-10_09_18.tar.zst'",
    ],
}
for index, (u, lines) in enumerate(logs.items(), start=1):
    write("pve1", f"pvesh_task_log_{index}.json", pvesh([{"n": n, "t": t} for n, t in enumerate(lines, start=1)]))
    fields = u.split(":")
    status = {"id": fields[6], "node": fields[1], "pid": int(fields[2], 16), "pstart": int(fields[3], 16),
              "starttime": int(fields[4], 16), "type": fields[5], "upid": u, "user": fields[7]}
    if u == running["pve1"]["upid"]:
        status["status"] = "running"
    else:
        status["status"] = "stopped"
        status["exitstatus"] = "WARNINGS: 1" if u == vzdump_warn else "start failed: QEMU exited with code 1"
    write("pve1", f"pvesh_task_status_{index}.json", pvesh(status))

# --- snapshots -----------------------------------------------------------------------------------
write("pve1", "pvesh_qemu_100_snapshot.json", pvesh([
    {"description": "before the PHP 8.4 upgrade\n", "name": "pre-upgrade", "snaptime": 1764322811, "vmstate": 1},
    {"description": "", "name": "after-upgrade", "parent": "pre-upgrade", "snaptime": 1764409210, "vmstate": 0},
    {"description": "You are here!", "digest": "5b3c0e1f2a7d9c4b8e6f1a2d3c4b5a69788f7e6d", "name": "current",
     "parent": "after-upgrade", "running": 1},
]))
write("pve1", "pvesh_qemu_101_snapshot.json", pvesh([
    {"description": "You are here!", "digest": "0f4e2d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e", "name": "current", "running": 1},
]))
write("pve1", "pvesh_lxc_200_snapshot.json", pvesh([
    {"description": "You are here!", "digest": "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b", "name": "current",
     "parent": "bookworm-to-trixie", "running": 1},
    {"description": "automated", "name": "bookworm-to-trixie", "snaptime": 1764150000},
]))

# --- backups: storages with backup content, and their content --------------------------------
def storage(name, kind, shared, active, total, used):
    entry = {"active": active, "content": "backup", "enabled": 1, "shared": shared, "storage": name, "type": kind}
    if active:
        entry.update({"avail": total - used, "total": total, "used": used, "used_fraction": used / total})
    return entry

for node in ["pve1", "pve2", "pve3"]:
    write(node, "pvesh_storage_backup.json", pvesh([
        storage("local", "dir", 0, 1, 100924641280, 14872449024),
        storage("nas-backup", "nfs", 1, 0 if node == "pve3" else 1, 7996625125376, 2266978058240),
        storage("pbs-offsite-datastore", "pbs", 1, 1, 3959422976000, 1524975730688),
    ]))
    write(node, "pvesh_storage_local_content_backup.json", pvesh([]))
nas = [
    {"content": "backup", "ctime": 1764025205, "format": "tar.zst", "size": 412384512, "subtype": "lxc", "vmid": 200,
     "volid": "nas-backup:backup/vzdump-lxc-200-2025_11_25-00_00_05.tar.zst"},
    {"content": "backup", "ctime": 1764630006, "format": "tar.zst", "notes": "dns01", "size": 419430400, "subtype": "lxc",
     "vmid": 200, "volid": "nas-backup:backup/vzdump-lxc-200-2025_12_02-00_00_06.tar.zst"},
    {"content": "backup", "ctime": 1763420405, "format": "vma.zst", "notes": "web01 before PVE 9", "protected": 1,
     "size": 7516192768, "subtype": "qemu", "vmid": 100, "volid": "nas-backup:backup/vzdump-qemu-100-2025_11_18-00_00_05.vma.zst"},
    {"content": "backup", "ctime": 1764630105, "format": "vma.zst", "notes": "web01", "size": 7650410496, "subtype": "qemu",
     "vmid": 100, "volid": "nas-backup:backup/vzdump-qemu-100-2025_12_02-00_01_45.vma.zst"},
    {"content": "backup", "ctime": 1764544812, "format": "tar.zst", "notes": "monitoring", "size": 1288490188,
     "subtype": "lxc", "vmid": 300, "volid": "nas-backup:backup/vzdump-lxc-300-2025_12_01-00_20_12.tar.zst"},
]
pbs = [
    {"content": "backup", "ctime": 1764547203, "format": "pbs-vm", "notes": "web01", "size": 34359738368, "subtype": "qemu",
     "verification": {"state": "ok", "upid": "UPID:pbs01:00001A2B:0A1B2C3D:692D0000:verificationjob:offsite\\x3av\\x2ddaily:root@pam:"},
     "vmid": 100, "volid": "pbs-offsite-datastore:backup/vm/100/2025-12-01T00:00:03Z"},
    {"content": "backup", "ctime": 1764547621, "encrypted": "3f:9a:11:c0:5d:e4:27:88:b1:6c:0e:aa:42:19:73:d5:6b:02:f8:91:c4:3e:5a:77:e0:18:9d:b2:46:0c:af:35",
     "format": "pbs-vm", "notes": "db-primary-postgresql16", "size": 214748364800, "subtype": "qemu", "vmid": 101,
     "volid": "pbs-offsite-datastore:backup/vm/101/2025-12-01T00:07:01Z"},
    {"content": "backup", "ctime": 1764549493, "format": "pbs-ct", "notes": "dns01", "size": 2147483648, "subtype": "lxc",
     "vmid": 200, "volid": "pbs-offsite-datastore:backup/ct/200/2025-12-01T00:38:13Z"},
]
for node in ["pve1", "pve2", "pve3"]:
    write(node, "pvesh_storage_pbs-offsite-datastore_content_backup.json", pvesh(pbs))
    if node != "pve3":
        write(node, "pvesh_storage_nas-backup_content_backup.json", pvesh(nas))

# --- HA (cluster-wide; the quorum entry names the node that answered) ----------------------------
for node in ["pve1", "pve2", "pve3"]:
    write(node, "pvesh_cluster_ha_status_current.json", pvesh([
        {"id": "quorum", "node": node, "quorate": 1, "status": "OK", "type": "quorum"},
        {"id": "master", "node": "pve2", "status": "pve2 (active, Tue Dec  2 10:15:38 2025)", "timestamp": 1764666938,
         "type": "master"},
        {"id": "lrm:pve1", "node": "pve1", "status": "pve1 (active, Tue Dec  2 10:15:39 2025)", "timestamp": 1764666939,
         "type": "lrm"},
        {"id": "lrm:pve2", "node": "pve2", "status": "pve2 (idle, Tue Dec  2 10:15:37 2025)", "timestamp": 1764666937,
         "type": "lrm"},
        {"id": "lrm:pve3", "node": "pve3", "status": "pve3 (idle, Tue Dec  2 10:15:40 2025)", "timestamp": 1764666940,
         "type": "lrm"},
        {"crm_state": "started", "failback": 1, "id": "service:vm:100", "max_relocate": 1, "max_restart": 1,
         "node": "pve1", "request_state": "started", "sid": "vm:100", "state": "started",
         "status": "vm:100 (pve1, started)", "type": "service"},
    ]))
write("scenarios", "ha-no-quorum/pvesh_cluster_ha_status_current.json", pvesh([
    {"id": "quorum", "node": "pve3", "quorate": 0, "status": "No quorum on node 'pve3'!", "type": "quorum"},
    {"id": "master", "node": "pve2", "status": "pve2 (old timestamp - dead?, Tue Dec  2 10:12:02 2025)",
     "timestamp": 1764666722, "type": "master"},
    {"id": "lrm:pve1", "node": "pve1", "status": "pve1 (old timestamp - dead?, Tue Dec  2 10:12:03 2025)",
     "timestamp": 1764666723, "type": "lrm"},
    {"id": "lrm:pve2", "node": "pve2", "status": "pve2 (old timestamp - dead?, Tue Dec  2 10:12:01 2025)",
     "timestamp": 1764666721, "type": "lrm"},
    {"id": "lrm:pve3", "node": "pve3", "status": "pve3 (wait_for_agent_lock, Tue Dec  2 10:15:40 2025)",
     "timestamp": 1764666940, "type": "lrm"},
    {"crm_state": "started", "failback": 1, "id": "service:vm:100", "max_relocate": 1, "max_restart": 1,
     "node": "pve1", "request_state": "started", "sid": "vm:100", "state": "started",
     "status": "vm:100 (pve1, started)", "type": "service"},
]))

# --- replication: `pvesh get /nodes/N/replication` and `pvesr status` ----------------------------
job = {"duration": 2.118734, "error": "command 'zfs recv -F -- tank/vm-1050-disk-0' failed: exit code 1",
       "fail_count": 2, "guest": 1050, "id": "1050-0", "jobnum": 0, "last_sync": 1764576005, "last_try": 1764665102,
       "next_sync": 1764665702, "schedule": "*/15", "source": "pve2", "target": "pve1", "type": "local", "vmtype": "qemu"}
job2 = {"duration": 4.392811, "fail_count": 0, "guest": 300, "id": "300-0", "jobnum": 0, "last_sync": 1764666004,
        "last_try": 1764666004, "next_sync": 1764666904, "rate": 50, "schedule": "*/15", "source": "pve2", "target": "pve3",
        "type": "local", "vmtype": "lxc"}
write("pve2", "pvesh_nodes_replication.json", pvesh([job, job2]))
write("pve1", "pvesh_nodes_replication.json", pvesh([]))
write("pve3", "pvesh_nodes_replication.json", pvesh([]))
fmt = "%-10s %-10s %-20s %20s %20s %10s %10s %s\n"
def pvesr_status(jobs):
    out = fmt % ("JobID", "Enabled", "Target", "LastSync", "NextSync", "Duration", "FailCount", "State")
    import time
    for j in sorted(jobs, key=lambda j: j["guest"]):
        os_tz = lambda t: time.strftime("%Y-%m-%d_%H:%M:%S", time.gmtime(t + 3600))  # CET
        nxt = os_tz(j["next_sync"]) if j["next_sync"] > NOW else "pending"
        state = j.get("error", "OK")
        out += fmt % (j["id"], "Yes", "local/" + j["target"], os_tz(j["last_sync"]), nxt, repr(j["duration"]),
                      j["fail_count"], state)
    return out
write("pve2", "pvesr_status.txt", pvesr_status([job, job2]))
write("pve1", "pvesr_status.txt", pvesr_status([]))
write("pve3", "pvesr_status.txt", pvesr_status([]))

# --- Ceph: pve1 and pve2 run it (HEALTH_WARN, one OSD down); pve3 has no Ceph packages -----------
FSID = "4b0e1f5c-8d2a-4c61-9e3b-7a5d2c1f0e98"
ceph = {
    "election_epoch": 24, "fsid": FSID,
    "fsmap": {"by_rank": [], "epoch": 1, "up:standby": 0},
    "health": {"checks": {
        "OSD_DOWN": {"detail": [{"message": "osd.3 (root=default,host=pve2) is down"}], "muted": False,
                     "severity": "HEALTH_WARN", "summary": {"count": 1, "message": "1 osds down"}},
        "PG_DEGRADED": {"detail": [{"message": "pg 2.1f is active+undersized+degraded, acting [1,0]"}], "muted": False,
                        "severity": "HEALTH_WARN",
                        "summary": {"count": 12, "message": "Degraded data redundancy: 5120/61440 objects degraded (8.333%), 12 pgs degraded"}}},
        "mutes": [], "status": "HEALTH_WARN"},
    "mgrmap": {"active_name": "pve1", "available": True, "num_standbys": 1},
    "monmap": {"epoch": 3, "fsid": FSID, "min_mon_release_name": "squid", "mons": [
        {"name": "pve1", "public_addr": "192.168.10.11:6789/0", "rank": 0},
        {"name": "pve2", "public_addr": "192.168.10.12:6789/0", "rank": 1}]},
    "osdmap": {"epoch": 412, "num_in_osds": 4, "num_osds": 4, "num_remapped_pgs": 0, "num_up_osds": 3,
               "osd_in_since": 1763640000, "osd_up_since": 1764660000},
    "pgmap": {"bytes_avail": 5153960755200, "bytes_total": 7681543061504, "bytes_used": 2527582306304,
              "data_bytes": 838860800000, "num_objects": 20480, "num_pgs": 129, "num_pools": 2,
              "pgs_by_state": [{"count": 117, "state_name": "active+clean"},
                               {"count": 12, "state_name": "active+undersized+degraded"}]},
    "quorum": [0, 1], "quorum_age": 1031000, "quorum_names": ["pve1", "pve2"],
}
write("pve1", "pvesh_nodes_ceph_status.json", pvesh(ceph))
write("pve2", "pvesh_nodes_ceph_status.json", pvesh(ceph))
write("pve3", "pvesh_nodes_ceph_status.err", "binary not installed: /usr/bin/ceph-mon\n")

# --- ZFS -----------------------------------------------------------------------------------------
T = "\t"
def zlist(rows):
    return "".join(T.join(str(v) for v in row) + "\n" for row in rows)
write("pve1", "zpool_list.txt", zlist([["rpool", 1992864825344, 14872449024, 1977992376320, 3, 0, "1.00", "ONLINE"]]))
write("pve2", "zpool_list.txt", zlist([
    ["rpool", 1992864825344, 16106127360, 1976758697984, 4, 0, "1.00", "ONLINE"],
    ["tank", 11991548690432, 2791728742400, 9199819948032, 11, 23, "1.00", "ONLINE"]]))
write("pve3", "zpool_list.txt", "")
rpool1 = """  pool: rpool
 state: ONLINE
  scan: scrub repaired 0B in 00:01:12 with 0 errors on Sun Nov  9 00:25:13 2025
config:

\tNAME                                                STATE     READ WRITE CKSUM
\trpool                                               ONLINE       0     0     0
\t  mirror-0                                          ONLINE       0     0     0
\t    nvme-Samsung_SSD_990_PRO_2TB_S7KHNJ0X101010-part3  ONLINE       0     0     0
\t    nvme-Samsung_SSD_990_PRO_2TB_S7KHNJ0X202020-part3  ONLINE       0     0     0

errors: No known data errors
"""
write("pve1", "zpool_status.txt", rpool1)
rpool2 = rpool1.replace("S7KHNJ0X101010", "S7KHNJ0X303030").replace("S7KHNJ0X202020", "S7KHNJ0X404040") \
    .replace("in 00:01:12 with 0 errors on Sun Nov  9 00:25:13 2025", "in 00:01:31 with 0 errors on Sun Nov  9 00:25:32 2025")
tank = """  pool: tank
 state: ONLINE
  scan: scrub in progress since Sun Nov 30 00:24:01 2025
\t1.82T / 2.54T scanned at 412M/s, 1.21T / 2.54T issued at 274M/s
\t0B repaired, 47.64% done, 01:24:45 to go
config:

\tNAME                        STATE     READ WRITE CKSUM
\ttank                        ONLINE       0     0     0
\t  raidz1-0                  ONLINE       0     0     0
\t    ata-ST4000VN006-3CW104_ZW6101A1  ONLINE       0     0     0
\t    ata-ST4000VN006-3CW104_ZW6101B2  ONLINE       0     0     0
\t    ata-ST4000VN006-3CW104_ZW6101C3  ONLINE       0     0     0

errors: No known data errors
"""
write("pve2", "zpool_status.txt", rpool2 + "\n" + tank)
write("pve3", "zpool_status.err", "no pools available\n")
degraded = """  pool: tank
 state: DEGRADED
status: One or more devices has experienced an unrecoverable error.  An
\tattempt was made to correct the error.  Applications are unaffected.
action: Determine if the device needs to be replaced, and clear the errors
\tusing 'zpool clear' or replace the device with 'zpool replace'.
   see: https://openzfs.github.io/openzfs-docs/msg/ZFS-8000-9P
  scan: resilver in progress since Tue Dec  2 09:58:11 2025
\t1.23T / 2.54T scanned at 512M/s, 800G / 2.54T issued at 330M/s
\t266G resilvered, 30.71% done, 01:32:10 to go
config:

\tNAME                                 STATE     READ WRITE CKSUM
\ttank                                 DEGRADED     0     0     0
\t  raidz1-0                           DEGRADED     0     0     0
\t    ata-ST4000VN006-3CW104_ZW6101A1  ONLINE       0     0     0
\t    replacing-1                      DEGRADED     0     0     0
\t      ata-ST4000VN006-3CW104_ZW6101B2  FAULTED     12   340    27  too many errors
\t      ata-ST4000VN006-3CW104_ZW6199Z9  ONLINE       0     0     0  (resilvering)
\t    ata-ST4000VN006-3CW104_ZW6101C3  ONLINE       0     0     2

errors: 1 data errors, use '-v' for a list
"""
write("scenarios", "zfs-degraded/zpool_status.txt", rpool2 + "\n" + degraded)
write("scenarios", "zfs-degraded/zpool_list.txt", zlist([
    ["rpool", 1992864825344, 16106127360, 1976758697984, 4, 0, "1.00", "ONLINE"],
    ["tank", 11991548690432, 2791728742400, 9199819948032, 11, 23, "1.00", "DEGRADED"]]))

# --- journal: journalctl -o json (one object per line; all values strings) -----------------------
def entry(node, t_us, unit, ident, prio, msg, pid, extra=None):
    e = {"__CURSOR": f"s=8c1f2e3d4b5a69788796a5b4c3d2e1f0;i={t_us % 1000000:x};b=5d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a;m=1a2b3c;t={t_us:x};x=1f2e3d4c5b6a7988",
         "__REALTIME_TIMESTAMP": str(t_us), "__MONOTONIC_TIMESTAMP": str(t_us - BOOT[node] * 1000000),
         "_BOOT_ID": "5d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a", "_HOSTNAME": node, "PRIORITY": str(prio),
         "SYSLOG_FACILITY": "3", "SYSLOG_IDENTIFIER": ident, "_PID": str(pid), "MESSAGE": msg, "_TRANSPORT": "syslog"}
    if unit:
        e["_SYSTEMD_UNIT"] = unit
    if extra:
        e.update(extra)
    return json.dumps(e, separators=(",", ":")) + "\n"

pve1_journal = [
    entry("pve1", 1764666302118402, "pvedaemon.service", "pvedaemon", 6, "<root@pam> successful auth for user 'root@pam'", 1187),
    entry("pve1", 1764666558401227, "pvescheduler.service", "pvescheduler", 6, "INFO: starting new backup job: vzdump 201 --storage nas-backup --mode snapshot --compress zstd", 2561),
    entry("pve1", 1764666601002311, None, "kernel", 4, "EXT4-fs (dm-7): write access unavailable, skipping orphan cleanup", 0,
          {"_TRANSPORT": "kernel", "SYSLOG_FACILITY": "0"}),
    entry("pve1", 1764666712553001, "pveproxy.service", "pveproxy", 3, "proxy detected vanished client connection", 1201),
    entry("pve1", 1764666800000120, "pve-cluster.service", "pmxcfs", 6, "[status] notice: received log", 901),
    entry("pve1", 1764666841200444, "pveproxy.service", "pveproxy", 6, "worker 1204 finished", 1201),
    entry("pve1", 1764666900310032, "pvestatd.service", "pvestatd", 4, [115, 116, 97, 116, 117, 115, 32, 255, 254, 10], 1101),
    entry("pve1", 1764666930771230, "sshd.service", "sshd", 6, "Accepted publickey for root from 192.168.10.5 port 53312 ssh2: ED25519 SHA256:Qm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0", 3310),
]
write("pve1", "journalctl.jsonl", "".join(pve1_journal))
write("pve2", "journalctl.jsonl", "".join([
    entry("pve2", 1764665102400000, "pvescheduler.service", "pvescheduler", 3,
          "1050-0: got unexpected replication job error - command 'zfs recv -F -- tank/vm-1050-disk-0' failed: exit code 1", 2701),
    entry("pve2", 1764666004300000, "pvescheduler.service", "pvescheduler", 6, "300-0: start replication job", 2701),
    entry("pve2", 1764666938000000, "pve-ha-crm.service", "pve-ha-crm", 6, "status change wait_for_quorum => master", 1301),
]))
write("pve3", "journalctl.jsonl", "")
print("ok")
