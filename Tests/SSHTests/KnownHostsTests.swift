import Testing
@testable import SSH

/// Lines produced by OpenSSH itself (`ssh-keygen -H` for the hashed ones), so the parser is
/// checked against the real format rather than against its own output.
@Suite struct KnownHostsTests {
    static let keyType = "ssh-ed25519"
    static let keyBase64 = "AAAAC3NzaC1lZDI1NTE5AAAAICJgxIh0ZaFszzGVuxYPvBxeSsHFomPZXDPqgsznTUbA"
    static let key = unbase64(keyBase64)!
    static let fingerprint = "SHA256:gigzhU0XvbbTl2jZk7vlDCOW/aLBIk/eS12RWcEqK34"  // ssh-keygen -lf
    static let otherKey = unbase64("AAAAC3NzaC1lZDI1NTE5AAAAIEUV8lheZllk+eBjvJORAT8VllL5aaKaSM3OS72c3pfr")!

    @Test func fingerprintMatchesSSHKeygen() {
        #expect(Fingerprint.sha256(of: Self.key) == Self.fingerprint)
        #expect(HostKeyInfo(type: Self.keyType, blob: Self.key).fingerprint == Self.fingerprint)
    }

    @Test func plainEntryWithAliases() {
        let file = KnownHosts(parsing: "pve1,192.168.1.11 \(Self.keyType) \(Self.keyBase64) root@pve1\n")
        #expect(file.check(address: "192.168.1.11", port: 22, keyType: Self.keyType, key: Self.key) == .trusted(line: 1))
        #expect(file.check(address: "pve1", port: 22, keyType: Self.keyType, key: Self.key) == .trusted(line: 1))
        #expect(file.check(address: "pve2", port: 22, keyType: Self.keyType, key: Self.key) == .unknown(otherTypes: []))
    }

    @Test func bracketedPortEntryOnlyMatchesThatPort() {
        let file = KnownHosts(parsing: "[10.0.0.5]:2222 \(Self.keyType) \(Self.keyBase64)\n")
        #expect(file.check(address: "10.0.0.5", port: 2222, keyType: Self.keyType, key: Self.key) == .trusted(line: 1))
        #expect(file.check(address: "10.0.0.5", port: 22, keyType: Self.keyType, key: Self.key) == .unknown(otherTypes: []))
        #expect(file.check(address: "10.0.0.5", port: 2223, keyType: Self.keyType, key: Self.key) == .unknown(otherTypes: []))
    }

    @Test(arguments: [
        ("|1|rkBnLBlzhsuzGMB9Ck+X4aLiloY=|DUo49DZteSVDwUVesxIy3gGJgEk=", "pve9.example.com", 22),
        ("|1|geM15pfuFFKGZ7uHPhKg6GcLtMU=|maxJm5ykXJTAQIdeUySeUC6VGLE=", "10.0.0.5", 2222),
    ])
    func hashedEntries(field: String, address: String, port: Int) {
        let file = KnownHosts(parsing: "\(field) \(Self.keyType) \(Self.keyBase64)\n")
        #expect(file.check(address: address, port: port, keyType: Self.keyType, key: Self.key) == .trusted(line: 1))
        #expect(file.check(address: "pve8.example.com", port: port, keyType: Self.keyType, key: Self.key) == .unknown(otherTypes: []))
    }

    @Test func changedKeyReportsTheRecordedEntries() {
        let file = KnownHosts(parsing: "# comment\n\npve1 \(Self.keyType) \(Self.keyBase64)\n")
        let verdict = file.check(address: "pve1", port: 22, keyType: Self.keyType, key: Self.otherKey)
        guard case .changed(let expected) = verdict else {
            Issue.record("expected .changed, got \(verdict)")
            return
        }
        #expect(expected.map(\.line) == [3])
        #expect(expected.first?.fingerprint == Self.fingerprint)
    }

    @Test func otherKeyTypeIsUnknownNotChanged() {
        let file = KnownHosts(parsing: "pve1 ecdsa-sha2-nistp256 \(Self.keyBase64)\n")
        #expect(file.check(address: "pve1", port: 22, keyType: Self.keyType, key: Self.key) == .unknown(otherTypes: ["ecdsa-sha2-nistp256"]))
        #expect(file.keyTypes(address: "pve1", port: 22) == ["ecdsa-sha2-nistp256"])
    }

    @Test func revokedMarkerWinsOverATrustedLine() {
        let file = KnownHosts(parsing: """
            pve1 \(Self.keyType) \(Self.keyBase64)
            @revoked * \(Self.keyType) \(Self.keyBase64)
            """)
        #expect(file.check(address: "pve1", port: 22, keyType: Self.keyType, key: Self.key) == .revoked(line: 2))
    }

    @Test func certAuthorityLinesAreNotHostKeys() {
        let file = KnownHosts(parsing: "@cert-authority *.lab \(Self.keyType) \(Self.keyBase64)\n")
        #expect(file.check(address: "pve1.lab", port: 22, keyType: Self.keyType, key: Self.key) == .unknown(otherTypes: []))
    }

    @Test func wildcardsAndNegation() {
        let file = KnownHosts(parsing: "*.lab,!evil.lab,pve?.corp \(Self.keyType) \(Self.keyBase64)\n")
        #expect(file.check(address: "pve1.lab", port: 22, keyType: Self.keyType, key: Self.key) == .trusted(line: 1))
        #expect(file.check(address: "PVE1.LAB", port: 22, keyType: Self.keyType, key: Self.key) == .trusted(line: 1))
        #expect(file.check(address: "pve7.corp", port: 22, keyType: Self.keyType, key: Self.key) == .trusted(line: 1))
        #expect(file.check(address: "evil.lab", port: 22, keyType: Self.keyType, key: Self.key) == .unknown(otherTypes: []))
        #expect(file.check(address: "pve10.corp", port: 22, keyType: Self.keyType, key: Self.key) == .unknown(otherTypes: []))
    }

    @Test func badLinesAreSkippedNotFatal() {
        let file = KnownHosts(parsing: """
            @bogus-marker pve1 \(Self.keyType) \(Self.keyBase64)
            pve1 \(Self.keyType)
            pve1 \(Self.keyType) !!notbase64!!
            pve1 \(Self.keyType) \(Self.keyBase64)
            """)
        #expect(file.skippedLines == [1, 2, 3])
        #expect(file.check(address: "pve1", port: 22, keyType: Self.keyType, key: Self.key) == .trusted(line: 4))
    }

    @Test func knownHostsLineRoundTrips() {
        let info = HostKeyInfo(type: Self.keyType, blob: Self.key)
        let line = info.knownHostsLine(address: "127.0.0.12", port: 2222)
        #expect(line == "[127.0.0.12]:2222 \(Self.keyType) \(Self.keyBase64)")
        #expect(KnownHosts(parsing: line).check(address: "127.0.0.12", port: 2222, keyType: Self.keyType, key: Self.key) == .trusted(line: 1))
    }

    @Test func hostKeyPreferencePutsRecordedTypesFirst() {
        #expect(SSHSession.hostKeyPreference(knownTypes: ["ssh-rsa"]).hasPrefix("rsa-sha2-512,rsa-sha2-256,ssh-rsa,ssh-ed25519"))
        #expect(SSHSession.hostKeyPreference(knownTypes: []).hasPrefix("ssh-ed25519,"))
    }
}
