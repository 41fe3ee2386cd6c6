public import ToolKit

extension ToolRegistry {
    /// The tools `proxmox-tools serve`, `tools` and `call` offer.
    public static let standard = ToolRegistry([
        AnyTool(RunHostCommand.self),
        AnyTool(ListHosts.self),
        AnyTool(ListVMs.self),
        AnyTool(ListContainers.self),
        AnyTool(GetVMStatus.self),
        AnyTool(GetVMConfig.self),
        AnyTool(GetContainerStatus.self),
        AnyTool(GetContainerConfig.self),
        AnyTool(GetNodeStatus.self),
        AnyTool(GetStorageStatus.self),
        AnyTool(GetClusterStatus.self),
        AnyTool(GetClusterResources.self),
        AnyTool(ListSnapshots.self),
        AnyTool(ListTasks.self),
        AnyTool(GetTaskLog.self),
        AnyTool(ListBackups.self),
        AnyTool(GetHAStatus.self),
        AnyTool(GetReplicationStatus.self),
        AnyTool(GetCephStatus.self),
        AnyTool(GetZFSHealth.self),
        AnyTool(ReadJournal.self),
        AnyTool(GuestPower.self),
        AnyTool(SnapshotCreate.self),
        AnyTool(BackupNow.self),
    ])
}
