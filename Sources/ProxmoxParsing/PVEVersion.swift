/// The one line printed by `pveversion`:
/// `pve-manager/9.1.1/42db4a6cf33dac83 (running kernel: 6.17.2-1-pve)`.
public struct PVEVersion: Codable, Sendable, Hashable {
    /// `pve-manager/9.1.1/42db4a6cf33dac83`, verbatim.
    public var manager: String
    /// `9.1.1`.
    public var version: String
    /// The first 16 hex digits of the pve-manager commit that was built (`42db4a6cf33dac83`).
    public var repoid: String?
    /// The running kernel (`uname -r`), for example `6.17.2-1-pve`.
    public var kernel: String?

    public init(manager: String, version: String, repoid: String?, kernel: String?) {
        self.manager = manager
        self.version = version
        self.repoid = repoid
        self.kernel = kernel
    }

    /// Parses the stdout of `pveversion` (not `-v`, which lists every package).
    public static func parse(_ stdout: String) throws(ParseError) -> PVEVersion {
        let command = "pveversion"
        guard let line = stdout.numberedLines.first(where: { !$0.isBlank }) else {
            throw ParseError(command: command, expected: "a line like `pve-manager/9.1.1/… (running kernel: …)`, but the output was empty")
        }
        let text = line.text.strippingPadding()
        let manager = text.prefix(while: { $0 != " " })
        let parts = manager.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0] == "pve-manager", !parts[1].isEmpty else {
            throw ParseError(command: command, line: line.number, text: String(line.text),
                             expected: "`pve-manager/<version>/<repoid>` at the start of the line")
        }
        var kernel: Substring?
        let marker = "(running kernel: "
        if let start = text.firstRange(of: marker), let end = text[start.upperBound...].firstIndex(of: ")") {
            kernel = text[start.upperBound..<end].strippingPadding()
        }
        return PVEVersion(manager: String(manager), version: String(parts[1]),
                          repoid: parts.count > 2 && !parts[2].isEmpty ? String(parts[2]) : nil,
                          kernel: kernel.map(String.init))
    }
}
