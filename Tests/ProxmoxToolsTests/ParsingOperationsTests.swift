import Foundation
import Testing
import ProxmoxParsing

/// Tasks, task logs and UPIDs, fed by the sample cluster's outputs.
@Suite struct ParsingTaskTests {
    @Test func theAllListHasTheRunningBackupFirstThenTheArchive() throws {
        let tasks = try ProxmoxTask.parseList(json: Fixtures.sample("pve1", "pvesh_nodes_tasks_all.json"))
        #expect(tasks.count == 9)
        #expect(tasks[0].type == "vzdump" && tasks[0].id == "201" && tasks[0].state == .running && tasks[0].endTime == nil)
        #expect(tasks[0].status == "RUNNING")
        let failed = try #require(tasks.first { $0.id == "102" })
        #expect(failed.state == .error && failed.status == "start failed: QEMU exited with code 1")
        #expect(tasks.first { $0.status == "WARNINGS: 1" }?.state == .warning)
        #expect(tasks.first { $0.type == "aptupdate" }?.id == nil, "an empty id is absent, not \"\"")
        let token = try #require(tasks.first { $0.tokenid != nil })
        #expect(token.user == "root@pam" && token.tokenid == "automation")
        #expect(failed.startedAt == "2025-11-29T11:49:02Z")
    }

    @Test func anEmptyListIsNoTasks() throws {
        #expect(try ProxmoxTask.parseList(json: Fixtures.sample("pve3", "pvesh_nodes_tasks_active.json")).isEmpty)
        #expect(try ProxmoxTask.parseList(json: "[]\n").isEmpty)
    }

    @Test func aTaskWithoutStatusIsRunningAndFieldsFallBackToTheUPID() throws {
        let tasks = try ProxmoxTask.parseList(json: #"[{"upid":"UPID:pve9:0000ABCD:0000EF01:692EACBE:qmigrate:104:root@pam:"}]"#)
        #expect(tasks.first?.state == .running)
        #expect(tasks.first?.node == "pve9" && tasks.first?.type == "qmigrate" && tasks.first?.id == "104")
        #expect(tasks.first?.startTime == 0x692EACBE)
    }

    @Test(arguments: ["", "not json", #"{"upid":"x"}"#, #"[{"upid":"UPID:pve1:zz"}]"#, #"[{"status":"OK"}]"#])
    func oddOutputIsAParseError(_ text: String) {
        #expect(throws: ParseError.self) { try ProxmoxTask.parseList(json: text) }
    }

    @Test(arguments: [
        "UPID:pve1:00257650:05704D0D:692CDA83:vzdump::root@pam:",
        "UPID:pve1:00247414:056F468D:692CD7E3:qmsnapshot:101:root@pam!automation:",
        "UPID:pve-long-name-7:00247414:156F468D0:692CD7E3:vzdump:101:backup@pbs:",
    ])
    func validUPIDs(_ text: String) throws {
        let upid = try #require(UPID(text))
        #expect(upid.text == text)
    }

    @Test(arguments: [
        "UPID:pve1:00257650:05704D0D:692CDA83:vzdump::root@pam",            // no final colon
        "UPID:pve1:00257650:05704D0D:692CDA83:vzdump::root@pam:; reboot",  // shell after it
        "UPID:pve1:00257650:05704D0D:692CDA83:vz dump::root@pam:",         // space
        "UPID:pve1:00257650:05704D0D:692CDA83:vzdump:'x':root@pam:",       // quote
        "UPID:-pve1:00257650:05704D0D:692CDA83:vzdump::root@pam:",         // node starting with -
        "UPID:pve1:0025765:05704D0D:692CDA83:vzdump::root@pam:",           // 7 hex digits
        "upid:pve1:00257650:05704D0D:692CDA83:vzdump::root@pam:",
        "UPID:pve1:00257650:05704D0D:692CDA83:vzdump::root@pam:$(reboot):",
    ])
    func invalidUPIDs(_ text: String) {
        #expect(UPID(text) == nil)
    }

    @Test func aFinishedTaskLogHasItsExitStatusAndTail() throws {
        let upid = try #require(UPID("UPID:pve1:00257650:05704D0D:692CDA83:vzdump::root@pam:"))
        let log = try TaskLog.parse(upid: upid, statusJSON: Fixtures.sample("pve1", "pvesh_task_status_1.json"),
                                    logJSON: Fixtures.sample("pve1", "pvesh_task_log_1.json"), tail: 3)
        #expect(log.status == "stopped" && log.exitStatus == "WARNINGS: 1" && log.state == .warning)
        #expect(log.totalLines == 18 && log.truncated)
        #expect(log.lines == ["INFO: Finished Backup of CT 200 (00:00:41)", "INFO: Backup job finished with errors", "TASK WARNINGS: 1"])
        #expect(log.id == nil && log.type == "vzdump")
    }

    @Test func aRunningTaskHasNoExitStatus() throws {
        let upid = try #require(UPID("UPID:pve1:0025C1A0:06266BF4:692EACBE:vzdump:201:root@pam:"))
        let log = try TaskLog.parse(upid: upid, statusJSON: Fixtures.sample("pve1", "pvesh_task_status_3.json"),
                                    logJSON: Fixtures.sample("pve1", "pvesh_task_log_3.json"), tail: 50)
        #expect(log.state == .running && log.exitStatus == nil && !log.truncated && log.lines.count == 10)
    }

    @Test func anEmptyLogIsNoLinesNotTheNoContentPlaceholder() throws {
        let upid = try #require(UPID("UPID:pve1:0025C1A0:06266BF4:692EACBE:vzdump:201:root@pam:"))
        let log = try TaskLog.parse(upid: upid, statusJSON: #"{"status":"stopped","exitstatus":"unexpected status"}"#,
                                    logJSON: #"[{"n":1,"t":"no content"}]"#, tail: 50)
        #expect(log.lines.isEmpty && log.totalLines == 0 && log.state == .error)
    }
}

@Suite struct ParsingSnapshotTests {
    @Test func aVMTreeFollowsParentsAndNamesTheCurrentParent() throws {
        let tree = try SnapshotTree.parse(json: Fixtures.sample("pve1", "pvesh_qemu_100_snapshot.json"), isVM: true)
        #expect(tree.snapshots.map(\.name) == ["pre-upgrade", "after-upgrade"])
        #expect(tree.snapshots.map(\.depth) == [0, 1])
        #expect(tree.snapshots[0].vmstate == true && tree.snapshots[1].vmstate == false)
        #expect(tree.snapshots[0].description == "before the PHP 8.4 upgrade\n")
        #expect(tree.currentParent == "after-upgrade" && tree.running == true)
    }

    @Test func noSnapshotsIsAnEmptyTree() throws {
        let tree = try SnapshotTree.parse(json: Fixtures.sample("pve1", "pvesh_qemu_101_snapshot.json"), isVM: true)
        #expect(tree.snapshots.isEmpty && tree.currentParent == nil)
    }

    @Test func containerSnapshotsHaveNoVMState() throws {
        let tree = try SnapshotTree.parse(json: Fixtures.sample("pve1", "pvesh_lxc_200_snapshot.json"), isVM: false)
        #expect(tree.snapshots.map(\.name) == ["bookworm-to-trixie"])
        #expect(tree.snapshots[0].vmstate == nil)
    }

    @Test func branchesAndAParentCycleLoseNothing() throws {
        let json = #"""
            [{"name":"b","parent":"a","snaptime":20},{"name":"a","snaptime":10},{"name":"c","parent":"a","snaptime":15},
             {"name":"x","parent":"y","snaptime":1},{"name":"y","parent":"x","snaptime":2},{"name":"current","parent":"b"}]
            """#
        let tree = try SnapshotTree.parse(json: json, isVM: true)
        #expect(Set(tree.snapshots.map(\.name)) == ["a", "b", "c", "x", "y"])
        #expect(Array(tree.snapshots.map(\.name).prefix(3)) == ["a", "c", "b"], "children by time")
    }

    @Test(arguments: ["", "{}", #"[{"description":"no name"}]"#])
    func oddOutputIsAParseError(_ text: String) {
        #expect(throws: ParseError.self) { try SnapshotTree.parse(json: text, isVM: true) }
    }
}

@Suite struct ParsingBackupTests {
    @Test func backupStoragesWithTheirState() throws {
        let pve3 = try BackupStorage.parseList(json: Fixtures.sample("pve3", "pvesh_storage_backup.json"))
        #expect(pve3.map(\.storage) == ["local", "nas-backup", "pbs-offsite-datastore"])
        #expect(pve3[1].active == false && pve3[1].shared && pve3[1].totalBytes == nil)
        #expect(pve3[2].type == "pbs" && pve3[2].usedBytes == 1_524_975_730_688)
    }

    @Test func volumesNewestFirstWithNotesProtectionAndPBSFields() throws {
        let nas = try BackupVolume.parseList(json: Fixtures.sample("pve1", "pvesh_storage_nas-backup_content_backup.json"))
        #expect(nas.first?.volid == "nas-backup:backup/vzdump-qemu-100-2025_12_02-00_01_45.vma.zst")
        #expect(nas.map(\.time) == nas.map(\.time).sorted { ($0 ?? 0) > ($1 ?? 0) })
        #expect(nas.first { $0.protected }?.notes == "web01 before PVE 9")
        #expect(nas.first { $0.vmid == 200 && $0.notes == nil } != nil)
        let pbs = try BackupVolume.parseList(json: Fixtures.sample("pve1", "pvesh_storage_pbs-offsite-datastore_content_backup.json"))
        #expect(pbs.first { $0.vmid == 101 }?.encrypted == true)
        #expect(pbs.first { $0.vmid == 100 }?.verification == "ok")
        #expect(pbs.first { $0.vmid == 200 }?.guestType == "lxc")
    }

    @Test func emptyStorageIsNoBackups() throws {
        #expect(try BackupVolume.parseList(json: Fixtures.sample("pve1", "pvesh_storage_local_content_backup.json")).isEmpty)
    }

    @Test(arguments: ["local", "nas-backup", "pbs.offsite_1"])
    func validStorageIDs(_ id: String) { #expect(BackupStorage.isValidID(id)) }

    @Test(arguments: ["", "-x", "a b", "a;reboot", "a/../b", "'a'", "1abc"])
    func invalidStorageIDs(_ id: String) { #expect(!BackupStorage.isValidID(id)) }

    @Test func aStorageWithAnUnsafeIDIsAParseError() {
        #expect(throws: ParseError.self) { try BackupStorage.parseList(json: #"[{"storage":"x;reboot","type":"dir"}]"#) }
    }
}

@Suite struct ParsingHAReplicationTests {
    @Test func haStatusHasQuorumMasterLRMsAndResources() throws {
        let ha = try HAStatus.parse(json: Fixtures.sample("pve1", "pvesh_cluster_ha_status_current.json"))
        #expect(ha.quorate && ha.quorumNode == "pve1" && ha.quorumStatus == "OK")
        #expect(ha.master?.node == "pve2" && ha.master?.state == "active")
        #expect(ha.lrms.map(\.state) == ["active", "idle", "idle"])
        #expect(ha.resources.first?.sid == "vm:100" && ha.resources.first?.state == "started" && ha.resources.first?.maxRestart == 1)
        #expect(ha.enabled)
    }

    @Test func withoutQuorumTheMasterIsDeadAndTheLRMWaits() throws {
        let ha = try HAStatus.parse(json: Fixtures.sample("scenarios", "ha-no-quorum/pvesh_cluster_ha_status_current.json"))
        #expect(!ha.quorate && ha.quorumStatus == "No quorum on node 'pve3'!")
        #expect(ha.master?.state == "old timestamp - dead?")
        #expect(ha.lrms.last?.state == "wait_for_agent_lock")
    }

    @Test func withoutHAOnlyTheQuorumEntryIsThere() throws {
        let ha = try HAStatus.parse(json: #"[{"id":"quorum","node":"pve1","quorate":1,"status":"OK","type":"quorum"}]"#)
        #expect(ha.quorate && ha.master == nil && ha.lrms.isEmpty && !ha.enabled)
    }

    @Test func anLRMWithoutStatusKeepsProxmoxText() throws {
        let ha = try HAStatus.parse(json: #"[{"id":"lrm:pve3","node":"pve3","status":"pve3 (unable to read lrm status)","type":"lrm"},{"type":"future"}]"#)
        #expect(ha.lrms.first?.state == "unable to read lrm status")
    }

    @Test func replicationJobsWithAFailingOne() throws {
        let jobs = try ReplicationJob.parseList(json: Fixtures.sample("pve2", "pvesh_nodes_replication.json"))
        #expect(jobs.map(\.id) == ["300-0", "1050-0"])
        let failing = try #require(jobs.last)
        #expect(failing.failCount == 2 && failing.state == failing.error && failing.error?.contains("zfs recv") == true)
        #expect(failing.target == "pve1" && failing.guestType == "qemu" && failing.lastSyncAt == "2025-12-01T08:00:05Z")
        #expect(jobs[0].state == "OK" && jobs[0].rateLimitMBps == 50 && jobs[0].durationSeconds == 4.392811)
    }

    @Test func aSyncingJobAndNeverSyncedTimes() throws {
        let jobs = try ReplicationJob.parseList(json: #"[{"id":"104-1","guest":104,"target":"pve3","last_sync":0,"next_sync":0,"pid":4242,"fail_count":0,"disable":1}]"#)
        #expect(jobs.first?.state == "SYNCING" && jobs.first?.lastSync == nil && jobs.first?.nextSync == nil && jobs.first?.enabled == false)
    }

    @Test func noJobsAndOddOutput() throws {
        #expect(try ReplicationJob.parseList(json: Fixtures.sample("pve1", "pvesh_nodes_replication.json")).isEmpty)
        #expect(throws: ParseError.self) { try ReplicationJob.parseList(json: "JobID Enabled Target\n") }
        #expect(throws: ParseError.self) { try HAStatus.parse(json: "quorum OK\n") }
    }
}

@Suite struct ParsingCephZFSJournalTests {
    @Test func cephStatusSummary() throws {
        let ceph = try CephStatus.parse(json: Fixtures.sample("pve1", "pvesh_nodes_ceph_status.json"))
        #expect(ceph.health == "HEALTH_WARN")
        #expect(ceph.checks.map(\.name) == ["OSD_DOWN", "PG_DEGRADED"])
        #expect(ceph.checks[0].details == ["osd.3 (root=default,host=pve2) is down"])
        #expect(ceph.osds?.total == 4 && ceph.osds?.up == 3 && ceph.osds?.in == 4)
        #expect(ceph.placementGroups?.total == 129 && ceph.placementGroups?.byState["active+clean"] == 117)
        #expect(ceph.monitors == ["pve1", "pve2"] && ceph.quorum == ["pve1", "pve2"])
        #expect(ceph.usage?.totalBytes == 7_681_543_061_504)
    }

    @Test func aMinimalCephAnswerStillReads() throws {
        let ceph = try CephStatus.parse(json: #"{"health":{"status":"HEALTH_OK"}}"#)
        #expect(ceph.health == "HEALTH_OK" && ceph.checks.isEmpty && ceph.osds == nil)
    }

    @Test func cephAbsenceIsRecognised() throws {
        #expect(CephStatus.absence(stderr: try Fixtures.sample("pve3", "pvesh_nodes_ceph_status.err")) == "not_installed")
        #expect(CephStatus.absence(stderr: "pveceph configuration not initialized - missing '/etc/pve/ceph.conf'\n") == "not_configured")
        #expect(CephStatus.absence(stderr: "rados_connect failed - Connection timed out\n") == nil)
        #expect(throws: ParseError.self) { try CephStatus.parse(json: "HEALTH_OK\n") }
    }

    @Test func zfsPoolsMergeListAndStatus() throws {
        let pools = try ZFSPool.parse(list: Fixtures.sample("pve2", "zpool_list.txt"), status: Fixtures.sample("pve2", "zpool_status.txt"))
        #expect(pools.map(\.name) == ["rpool", "tank"])
        #expect(pools[1].sizeBytes == 11_991_548_690_432 && pools[1].fragmentationPercent == 11 && pools[1].capacityPercent == 23)
        #expect(pools[1].scanInProgress == "scrub" && pools[1].scan?.contains("47.64% done") == true)
        #expect(pools[0].scan?.hasPrefix("scrub repaired 0B") == true && pools[0].scanInProgress == nil)
        #expect(pools.allSatisfy { $0.health == "ONLINE" && !$0.hasDataErrors && $0.problemDevices.isEmpty })
        #expect(pools[0].dedupRatio == 1.0)
    }

    @Test func aDegradedPoolNamesItsProblemDevices() throws {
        let pools = try ZFSPool.parse(list: Fixtures.sample("scenarios", "zfs-degraded/zpool_list.txt"),
                                      status: Fixtures.sample("scenarios", "zfs-degraded/zpool_status.txt"))
        let tank = try #require(pools.last)
        #expect(tank.health == "DEGRADED" && tank.scanInProgress == "resilver" && tank.hasDataErrors)
        #expect(tank.status?.hasPrefix("One or more devices has experienced an unrecoverable error.  An\nattempt") == true)
        #expect(tank.problemDevices.map(\.name) == ["tank", "raidz1-0", "replacing-1", "ata-ST4000VN006-3CW104_ZW6101B2", "ata-ST4000VN006-3CW104_ZW6101C3"])
        let faulted = try #require(tank.problemDevices.first { $0.state == "FAULTED" })
        #expect(faulted.readErrors == 12 && faulted.writeErrors == 340 && faulted.checksumErrors == 27 && faulted.note == "too many errors")
    }

    @Test func noPoolsIsEmpty() throws {
        #expect(try ZFSPool.parse(list: Fixtures.sample("pve3", "zpool_list.txt"), status: "").isEmpty)
    }

    @Test func aPoolOnlyInStatusStillAppearsAndABadListLineIsAnError() throws {
        let pools = try ZFSPool.parse(list: "", status: "  pool: rpool\n state: SUSPENDED\nerrors: No known data errors\n")
        #expect(pools.first?.health == "SUSPENDED")
        #expect(throws: ParseError.self) { try ZFSPool.parse(list: "rpool  1.81T  13.9G  1.80T  -  -  3%  0%  1.00x  ONLINE  -\n", status: "") }
    }

    @Test func journalEntriesIncludingBinaryAndKernelMessages() throws {
        let entries = try JournalEntry.parse(Fixtures.sample("pve1", "journalctl.jsonl"))
        #expect(entries.count == 8)
        #expect(entries[0].unit == "pvedaemon.service" && entries[0].priority == 6 && entries[0].pid == 1187)
        #expect(entries[2].unit == nil && entries[2].identifier == "kernel" && entries[2].priority == 4)
        #expect(entries[6].message.hasPrefix("status "), "a byte-array MESSAGE is decoded")
        #expect(entries[0].time == "2025-12-02T09:05:02Z")
    }

    @Test func journalOddCases() throws {
        #expect(try JournalEntry.parse("").isEmpty)
        #expect(try JournalEntry.parse("-- No entries --\n").isEmpty)
        let long = String(repeating: "x", count: 5000)
        let entries = try JournalEntry.parse(#"{"MESSAGE":"\#(long)"}"# + "\n" + #"{"MESSAGE":null}"# + "\n{\"MESSAGE\":\"cut")
        #expect(entries.count == 2 && entries[0].messageTruncated && entries[0].message.count == JournalEntry.maxMessageLength + 1)
        #expect(entries[1].message.contains("too large"))
        #expect(throws: ParseError.self) { try JournalEntry.parse("Dec 02 10:15:42 pve1 pveproxy[1201]: worker finished\n") }
    }
}
