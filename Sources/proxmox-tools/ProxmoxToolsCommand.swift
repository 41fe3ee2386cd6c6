import ArgumentParser
import ProxmoxModel

@main
struct ProxmoxToolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxmox-tools",
        abstract: "Run commands and read state on Proxmox VE nodes over SSH, from a shell or an AI assistant (MCP).",
        discussion: """
            Examples:
              proxmox-tools hosts                          # the inventory (hosts.d/*.yaml)
              proxmox-tools --host pve2 "qm list"          # run a command on one node
              proxmox-tools --host pve2 --json "uptime"    # the same, as a JSON result
              proxmox-tools serve                          # MCP server on stdin/stdout
            """,
        version: ProxmoxToolsVersion.current,
        subcommands: [
            RunCommand.self,
            HostsCommand.self,
            PolicyCommand.self,
            ServeCommand.self,
            TokensCommand.self,   // issue 19: principals of serve --http
            ToolsCommand.self,
            CallCommand.self,
            VMsCommand.self,
            ContainersCommand.self,
            NodeStatusCommand.self,
            StorageCommand.self,
            ClusterCommand.self,
            SnapshotsCommand.self,
            TasksCommand.self,
            TaskLogCommand.self,
            BackupsCommand.self,
            HACommand.self,
            ReplicationCommand.self,
            CephCommand.self,
            ZFSCommand.self,
            PowerCommand.self,
            SnapshotCommand.self,
            BackupCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )
}
