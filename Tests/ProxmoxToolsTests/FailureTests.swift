import Foundation
import MCP
import Testing
import ProxmoxModel
import ToolKit

@Suite struct FailureTests {
    @Test func codesAreDistinctSnakeCase() {
        let raw = FailureCode.allRawValues
        #expect(Set(raw).count == raw.count)
        for code in raw {
            #expect(code.wholeMatch(of: /[a-z]+(_[a-z]+)*/) != nil, "\(code)")
        }
    }

    /// The codes the SSH layer, the audit log and the protocol need exist under their JSON spelling.
    @Test(arguments: ["timed_out", "node_unresponsive", "connect_timeout", "connection_lost", "cancelled",
                      "command_too_long", "resource_exhausted", "audit_unavailable", "invalid_command", "blocked",
                      "unknown_host", "unexpected_output", "internal"])
    func knownCode(_ code: String) {
        #expect(FailureCode(rawValue: code) != nil)
    }

    @Test func encodesAsErrorMessageSetup() throws {
        let failure = Failure(.authFailed, "pve1 refused the key", remedy: "ssh-copy-id …")
        let json = try JSONValueCoding.value(of: failure)
        #expect(json == ["error": "auth_failed", "message": "pve1 refused the key", "setup": "ssh-copy-id …"])
        #expect(try JSONDecoder().decode(Failure.self, from: JSONEncoder().encode(failure)) == failure)
    }

    /// Every tool's schema that names a failure code lists exactly `FailureCode.allCases`.
    @Test func schemasListEveryCode() {
        var enums: [[String]] = []
        func walk(_ value: Value, underError: Bool) {
            switch value {
            case .object(let fields):
                if underError, case .array(let choices)? = fields["enum"] {
                    enums.append(choices.compactMap(\.stringValue))
                }
                for (key, child) in fields { walk(child, underError: key == "error") }
            case .array(let items):
                for item in items { walk(item, underError: false) }
            default: break
            }
        }
        for tool in ToolRegistry.standard.tools {
            if let schema = tool.definition.outputSchema { walk(schema, underError: false) }
        }
        walk(JSONSchema.failure, underError: false)
        #expect(enums.count >= 3)
        for choices in enums { #expect(choices == FailureCode.allRawValues) }
    }
}
