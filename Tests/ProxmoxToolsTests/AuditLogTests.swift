import Foundation
import Testing
import Audit

@Suite("Audit log")
struct AuditLogTests {
    private func temporaryDirectory() -> String {
        NSTemporaryDirectory() + "audit-test-\(UUID().uuidString)"
    }

    @Test("default path follows XDG_STATE_HOME, else ~/.local/state")
    func defaultPath() {
        #expect(AuditLog.defaultPath(environment: ["XDG_STATE_HOME": "/s", "HOME": "/h"]) == "/s/proxmox-tools/audit.jsonl")
        #expect(AuditLog.defaultPath(environment: ["HOME": "/h"]) == "/h/.local/state/proxmox-tools/audit.jsonl")
        #expect(AuditLog.defaultPath(environment: ["XDG_STATE_HOME": "relative", "HOME": "/h"]) == "/h/.local/state/proxmox-tools/audit.jsonl")
    }

    @Test("settings: nil → default, off → none, a path → that path")
    func settings() {
        let environment = ["HOME": "/h"]
        #expect(AuditLog.make(setting: nil, environment: environment)?.path == "/h/.local/state/proxmox-tools/audit.jsonl")
        #expect(AuditLog.make(setting: "off", environment: environment) == nil)
        #expect(AuditLog.make(setting: "OFF", environment: environment) == nil)
        #expect(AuditLog.make(setting: "/var/log/pt.jsonl", environment: environment)?.path == "/var/log/pt.jsonl")
        #expect(AuditLog.make(setting: "~/a.jsonl", environment: environment)?.path == "/h/a.jsonl")
    }

    @Test("a record is one JSON line without output, in a 0600 file under a 0700 directory")
    func recordWritesOneLine() async throws {
        let directory = temporaryDirectory()
        let log = AuditLog(path: directory + "/nested/audit.jsonl")
        let entry = AuditEntry(tool: "proxmox_run_host_command", host: "pve1", command: "qm list", verdict: .allowed,
                               exitCode: 0, timedOut: false, durationMs: 12, stdoutBytes: 300, stderrBytes: 0,
                               client: "claude-code", clientVersion: "1.0")
        try await log.append(entry)
        try await log.append(AuditEntry(tool: "proxmox_run_host_command", host: "pve1", command: "reboot", verdict: .denied,
                                        reason: "`reboot` takes the host down", client: "cli"))
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(text.hasSuffix("\n"))
        let first = try JSONDecoder().decode(AuditEntry.self, from: Data(lines[0].utf8))
        #expect(first == entry)
        let second = try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any]
        #expect(second?["verdict"] as? String == "denied")
        #expect(second?["exitCode"] == nil)
        let fileMode = try FileManager.default.attributesOfItem(atPath: log.path)[.posixPermissions] as? Int
        let directoryMode = try FileManager.default.attributesOfItem(atPath: directory + "/nested")[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(directoryMode == 0o700)
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test("time is ISO-8601 with milliseconds")
    func timestamp() {
        #expect(AuditEntry.timestamp(Date(timeIntervalSince1970: 1.5)) == "1970-01-01T00:00:01.500Z")
    }

    @Test("concurrent writers never interleave lines")
    func concurrentWrites() async throws {
        let directory = temporaryDirectory()
        let log = AuditLog(path: directory + "/audit.jsonl")
        let longCommand = String(repeating: "x", count: 3000)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    try? await log.append(AuditEntry(tool: "t", host: "h\(index)", command: longCommand, verdict: .notApplicable, client: "cli"))
                }
            }
        }
        let lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 200)
        for line in lines {
            #expect(throws: Never.self) { try JSONDecoder().decode(AuditEntry.self, from: Data(line.utf8)) }
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test("a write failure is thrown with the path and the fix")
    func failureIsThrown() async throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // A directory where the file should be: open(2) fails.
        try FileManager.default.createDirectory(atPath: directory + "/audit.jsonl", withIntermediateDirectories: true)
        let error = await #expect(throws: AuditLogError.self) {
            try await AuditLog(path: directory + "/audit.jsonl").append(AuditEntry(tool: "t", host: "h", verdict: .notApplicable, client: "cli"))
        }
        let message = try #require(error.map { String(describing: $0) })
        #expect(message.contains(directory + "/audit.jsonl"))
        #expect(message.contains("--audit-log"))
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test("a symbolic link is refused, and its target is left alone")
    func symbolicLinkIsRefused() async throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let target = directory + "/elsewhere.txt"
        _ = FileManager.default.createFile(atPath: target, contents: Data("precious\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: directory + "/audit.jsonl", withDestinationPath: target)
        let error = await #expect(throws: AuditLogError.self) {
            try await AuditLog(path: directory + "/audit.jsonl").append(AuditEntry(tool: "t", host: "h", verdict: .notApplicable, client: "cli"))
        }
        #expect(error == .symbolicLink(path: directory + "/audit.jsonl"))
        #expect(error.map { String(describing: $0) }?.contains("symbolic link") == true)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test("an existing 0644 log is made 0600 before the line is added")
    func wideModeIsFixed() async throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/audit.jsonl"
        _ = FileManager.default.createFile(atPath: path, contents: Data(), attributes: [.posixPermissions: 0o644])
        try await AuditLog(path: path).append(AuditEntry(tool: "t", host: "h", verdict: .notApplicable, client: "cli"))
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test("a FIFO at the path is refused without hanging")
    func fifoIsRefused() async throws {
        let directory = temporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/audit.jsonl"
        #expect(mkfifo(path, 0o600) == 0)
        await #expect(throws: AuditLogError.self) {
            try await AuditLog(path: path).append(AuditEntry(tool: "t", host: "h", verdict: .notApplicable, client: "cli"))
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
