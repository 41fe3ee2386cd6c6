// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "proxmox-tools",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "proxmox-tools", targets: ["proxmox-tools"]),
        .library(name: "ProxmoxTools", targets: ["ProxmoxTools"]),
        .library(name: "ShellPolicy", targets: ["ShellPolicy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
        ),
        .target(
            name: "SSH",
            dependencies: ["CLibSSH2"],
            swiftSettings: strict
        ),
        // The command policy: a bash parser and the allow/ask/deny rules. Pure functions, no I/O,
        // no dependency on MCP, SSH or the inventory, so it can be read, fuzzed and reused alone.
        .target(
            name: "ShellPolicy",
            swiftSettings: strict
        ),
        .target(
            name: "ProxmoxTools",
            dependencies: [
                "SSH",
                "ShellPolicy",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "proxmox-tools",
            dependencies: [
                "ProxmoxTools",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "shell-policy-bench", dependencies: ["ShellPolicy"], swiftSettings: strict),
        .executableTarget(name: "proxmox-tools-bench", dependencies: ["ProxmoxTools", "SSH", .product(name: "MCP", package: "swift-sdk"), .product(name: "ArgumentParser", package: "swift-argument-parser")], swiftSettings: strict),
        .testTarget(
            name: "ProxmoxToolsTests",
            dependencies: [
                "ProxmoxTools",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
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
            dependencies: ["SSH"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ProxmoxTools",
                "SSH",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
