// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "proxmox-tools",
    products: [
        .executable(name: "proxmox-tools", targets: ["proxmox-tools"]),
        .library(name: "ProxmoxTools", targets: [
            "POSIXSupport", "SSH", "ProxmoxModel", "ProxmoxParsing", "Audit", "NodeAccess",
            "ToolKit", "ProxmoxToolset", "MCPServer", "MCPStdio",
        ]),
        .library(name: "ShellPolicy", targets: ["ShellPolicy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
        ),
        // Linux only (prctl, eventfd, TCP_INFO, Glibc): see the README's "Platforms".
        .systemLibrary(name: "CPOSIX"),
        // Threads that say when they cannot start, descriptor limits, termination signals.
        .target(name: "POSIXSupport", dependencies: ["CPOSIX"], swiftSettings: strict),
        // libssh2 sessions on event loops. Takes an exec request (bytes + teardown) and knows
        // nothing of watchdogs, containment, sudo or guests.
        .target(name: "SSH", dependencies: ["CLibSSH2", "POSIXSupport", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strict),
        // The command policy: a bash parser and the allow/ask/deny rules. Pure functions, no I/O,
        // no dependency on MCP, SSH or the inventory, so it can be read, fuzzed and reused alone.
        .target(name: "ShellPolicy", swiftSettings: strict),
        // Failures and their codes, the hosts.d inventory, durations and sizes: what every layer
        // above speaks.
        .target(
            name: "ProxmoxModel",
            dependencies: ["POSIXSupport", "ShellPolicy", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        // Readers of qm/pct/pvesh/zpool/ceph/journal output. Pure.
        .target(name: "ProxmoxParsing", dependencies: ["ProxmoxModel"], swiftSettings: strict),
        // The append-only audit log.
        .target(name: "Audit", dependencies: ["ProxmoxModel", "ShellPolicy"], swiftSettings: strict),
        // One connection per node, host-key trust, and the composition of what runs on a node
        // (frame, containment, watchdog, command).
        .target(
            name: "NodeAccess",
            dependencies: [
                "SSH", "POSIXSupport", "ProxmoxModel", "Audit", "ShellPolicy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The tool framework: Tool, registry, schemas and validator, context, approver, the
        // guest-operation and fan-out machinery. Knows no tool.
        .target(
            name: "ToolKit",
            dependencies: [
                "NodeAccess", "Audit", "ProxmoxParsing", "ProxmoxModel", "ShellPolicy",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The tools, and `ToolRegistry.standard`.
        .target(
            name: "ProxmoxToolset",
            dependencies: [
                "ToolKit", "NodeAccess", "Audit", "ProxmoxParsing", "ProxmoxModel", "ShellPolicy",
                .product(name: "MCP", package: "swift-sdk"),
            ],
            swiftSettings: strict
        ),
        // One MCP core over any transport: direct tools/list and tools/call, the JSON-RPC edge
        // fixes, cancellation and call tracking, progress, elicitation.
        .target(
            name: "MCPServer",
            dependencies: [
                "ToolKit", "ProxmoxModel", "POSIXSupport",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // MCP's stdio framing: one JSON message per line. Framing only.
        .target(
            name: "MCPStdio",
            dependencies: [
                "POSIXSupport",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // MCP Streamable HTTP: sessions, bearer-token principals, browser hygiene and limits, over
        // Hummingbird. A transport: it runs the MCP core of MCPServer, as MCPStdio does.
        .target(
            name: "MCPHTTP",
            dependencies: [
                "MCPServer", "ToolKit", "ProxmoxModel", "ShellPolicy", "Audit",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "proxmox-tools",
            dependencies: [
                "POSIXSupport", "SSH", "ShellPolicy", "ProxmoxModel", "Audit", "NodeAccess", "ToolKit", "ProxmoxToolset",
                "MCPServer", "MCPStdio", "MCPHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "shell-policy-bench", dependencies: ["ShellPolicy"], swiftSettings: strict),
        .executableTarget(name: "proxmox-tools-bench", dependencies: ["SSH", "ProxmoxModel", "NodeAccess", "MCPStdio", .product(name: "MCP", package: "swift-sdk"), .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        // Test support: a LogHandler that keeps lines with their metadata.
        .target(name: "LogCapture", dependencies: [.product(name: "Logging", package: "swift-log")], path: "Tests/LogCapture",
                swiftSettings: strict),
        .testTarget(
            name: "ProxmoxToolsTests",
            dependencies: [
                "POSIXSupport", "SSH", "ShellPolicy", "ProxmoxModel", "ProxmoxParsing", "Audit", "NodeAccess", "ToolKit", "ProxmoxToolset", "MCPServer", "MCPStdio", "LogCapture",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MCPHTTPTests",
            dependencies: [
                "MCPHTTP", "MCPServer", "ToolKit", "ProxmoxToolset", "ProxmoxModel", "NodeAccess", "Audit", "ShellPolicy", "POSIXSupport", "LogCapture",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ShellPolicyTests",
            dependencies: ["ShellPolicy"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SSHTests",
            dependencies: ["SSH", "POSIXSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "POSIXSupport", "SSH", "ShellPolicy", "ProxmoxModel", "ProxmoxParsing", "Audit", "NodeAccess", "ToolKit", "ProxmoxToolset", "MCPServer", "MCPStdio", "LogCapture",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
