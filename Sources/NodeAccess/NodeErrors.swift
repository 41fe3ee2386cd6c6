import SSH
import ProxmoxModel

/// Turns SSH failures into `Failure`s a person can act on: what happened, on which node, and
/// what to do, with key-setup or host-key steps tailored to the host (user, address, port, key).
enum NodeErrors {
    static func map(_ error: SSHError, host: InventoryHost) -> Failure {
        let name = "\(host.alias) (\(host.user)@\(host.endpoint))"
        let defined = host.source.map { " (defined at \($0))" } ?? ""
        switch error {
        case .resolveFailed(let address, let detail):
            return Failure(.dnsFailed, "cannot resolve \(host.alias)'s address '\(address)': \(detail). Check `address:` for \(host.alias) in hosts.d\(defined).")
        case .connectionRefused:
            return Failure(.connectionRefused, "\(name) refused the connection: is the node up, is sshd running, and is `port: \(host.port)` right?")
        case .connectTimedOut(_, let seconds):
            return Failure(.connectTimeout, "no answer from \(name) within \(formatSeconds(seconds)): the node may be down or a firewall drops port \(host.port). Raise `connect_timeout:` in hosts.d if the link is slow.")
        case .unreachable(_, let detail):
            return Failure(.unreachable, "cannot reach \(name): \(detail).")
        case .handshakeFailed(_, let detail):
            return Failure(.handshakeFailed, "the SSH handshake with \(name) failed: \(detail). Is port \(host.port) an SSH server?")
        case .hostKeyUnknown(_, let offered, let file):
            return Failure(.hostKeyUnknown,
                             "refusing to connect to \(name): its host key is not in \(file). The node offered \(offered.type) \(offered.fingerprint).",
                             remedy: trustSteps(host: host, offered: offered, file: file))
        case .hostKeyChanged(_, let offered, let expected, let source):
            return Failure(.hostKeyChanged,
                             "refusing to connect to \(name): its host key CHANGED. Expected \(expected.joined(separator: " or ")) (from \(source)); the node offered \(offered.type) \(offered.fingerprint). This can mean someone is intercepting the connection, or the node was reinstalled. Nothing was overwritten.",
                             remedy: """
                                If (and only if) you know the node was reinstalled or its keys regenerated, verify the new fingerprint on the node's console:
                                  ssh-keygen -lf /etc/ssh/ssh_host_\(keyFileKind(offered.type))_key.pub
                                then remove the old entry and trust the new key:
                                  ssh-keygen -R '\(knownHostsName(host))' -f \(host.knownHosts)
                                  proxmox-tools hosts trust \(host.alias)
                                (and update `host_key:` in hosts.d if you pinned it).
                                """)
        case .hostKeyRevoked(_, let offered, let file):
            return Failure(.hostKeyRevoked, "refusing to connect to \(name): its host key \(offered.fingerprint) is marked @revoked in \(file).")
        case .keyMissing(let path):
            return Failure(.keyMissing, "the key file \(path) set as `identity_file` for \(host.alias)\(defined) does not exist.",
                             remedy: keySetup(host: host, key: path))
        case .noKeyAvailable(let tried):
            return Failure(.keyMissing, "no SSH key to log in to \(name): tried \(tried.joined(separator: ", ")).",
                             remedy: keySetup(host: host, key: host.identityFile ?? "~/.ssh/id_ed25519"))
        case .keyUnreadable(let path, let detail):
            return Failure(.keyUnreadable, "cannot use the key file \(path) for \(host.alias): \(detail). It must be an OpenSSH private key (ed25519, ecdsa or rsa) readable by this user.")
        case .passphraseRequired(let path, let variable):
            let how = variable.map { "the environment variable \($0) (named by `passphrase_env:`) is unset or empty: export it" }
                ?? "set `passphrase_env: VARIABLE_NAME` for \(host.alias) in hosts.d and export that variable"
            return Failure(.passphraseRequired, "the key \(path) is encrypted and no passphrase was given: \(how). Or use ssh-agent (leave `identity_file` unset and run ssh-add).")
        case .passphraseWrong(let path, let variable):
            return Failure(.passphraseWrong, "the passphrase in \(variable.map { "$\($0)" } ?? "the environment") does not decrypt the key \(path).")
        case .authenticationFailed(let user, _, let tried):
            return Failure(.authFailed, "\(name) refused the key(s) for user \(user): \(tried.joined(separator: ", ")). The public key is probably not in the node's ~/.ssh/authorized_keys.",
                             remedy: keySetup(host: host, key: host.identityFile ?? "~/.ssh/id_ed25519"))
        case .connectionLost(_, let detail, let started):
            return Failure(.connectionLost, started
                ? "the connection to \(name) broke while the command was running (\(detail)). It was not re-run, and it may or may not have completed on the node; the next call reconnects."
                : "the connection to \(name) broke before the command started (\(detail)); the next call reconnects.")
        case .channelFailed(_, let detail):
            return Failure(.channelFailed, "\(name) would not run the command: \(detail).")
        case .nodeUnresponsive(_, let silent, let started):
            return Failure(.nodeUnresponsive, "\(name) stopped answering: nothing came back for \(silent) s, not even replies to keepalives (is the node overloaded, its sshd hung, or the network dropping packets?). "
                + (started ? "The command may have started; the node stops it when it sees the connection gone. " : "The command never started. ")
                + "The session was dropped; the next call reconnects.")
        case .commandTooLong(let bytes, let limit):
            return Failure(.commandTooLong, "the command is \(bytes) bytes; one SSH exec request carries at most \(limit). Nothing was sent to \(host.alias). Copy a script to the node and run it instead.")
        case .notStartedInTime(_, let detail):
            return Failure(.timedOut, "the call's time ran out before the command started on \(name): \(detail). Nothing ran on the node.")
        case .cancelledBeforeStart:
            return Failure(.cancelled, "the call was cancelled before the command started on \(name); nothing ran on the node.")
        case .shutdown:
            return Failure(.shutdown, "proxmox-tools is shutting down; the command was not run on \(host.alias).")
        case .resourceExhausted(let detail):
            return Failure(.resourceExhausted, "cannot connect to \(name): \(detail) in proxmox-tools; nothing was sent to the node. Raise the limit (`ulimit -n`, or LimitNOFILE= for a service) or run fewer calls at once.")
        }
    }

    static func keySetup(host: InventoryHost, key: String) -> String {
        let pub = key.hasSuffix(".pub") ? key : key + ".pub"
        let target = "\(host.user)@\(host.address)"
        let defined = host.source.map { "hosts.d (\($0.file))" } ?? "hosts.d"
        return """
            Set up key login for \(host.alias) (\(target), port \(host.port)):
            1. Create a key, if you have none:
                 ssh-keygen -t ed25519 -f \(key)
            2. Copy the public key to the node (asks for \(host.user)'s password once):
                 ssh-copy-id -i \(pub) -p \(host.port) \(target)
               On Windows (PowerShell):
                 type $env:USERPROFILE\\.ssh\\id_ed25519.pub | ssh -p \(host.port) \(target) "mkdir -p ~/.ssh && chmod 700 ~/.ssh && cat >> ~/.ssh/authorized_keys && chmod 600 ~/.ssh/authorized_keys"
            3. Test it:
                 ssh -i \(key) -p \(host.port) \(target) "echo ok"
            4. Tell proxmox-tools which key to use, in \(defined):
                 \(host.alias):
                   identity_file: \(key)
            """
    }

    static func trustSteps(host: InventoryHost, offered: HostKeyInfo, file: String) -> String {
        """
        Check the fingerprint on the node's console (or the Proxmox web shell):
          ssh-keygen -lf /etc/ssh/ssh_host_\(keyFileKind(offered.type))_key.pub
        It must show \(offered.fingerprint). Then trust it with:
          proxmox-tools hosts trust \(host.alias)
        or by hand:
          ssh-keyscan -p \(host.port) -t \(offered.type) \(host.address) >> \(file)
        """
    }

    static func knownHostsName(_ host: InventoryHost) -> String {
        host.port == 22 ? host.address : "[\(host.address)]:\(host.port)"
    }

    static func keyFileKind(_ type: String) -> String {
        if type.contains("ed25519") { return "ed25519" }
        if type.contains("ecdsa") { return "ecdsa" }
        if type.contains("rsa") { return "rsa" }
        return "*"
    }

    /// `5 s`, `2.5 s`: a duration as the messages have always written it.
    static func formatSeconds(_ duration: Duration) -> String {
        let seconds = duration.inSeconds
        return seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
