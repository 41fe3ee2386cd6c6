import ArgumentParser
import Foundation
import ProxmoxModel

extension GlobalOptions {
    /// The inventory for this invocation: `--hosts-dir`, else the search path, read with this
    /// process's environment and working directory.
    ///
    /// A broken or missing inventory is printed to stderr (file:line, problem, fix) and ends the
    /// process with status 255, ssh's status for its own configuration errors, so scripts can tell
    /// it apart from a remote command's failure.
    func loadInventory() throws -> Inventory {
        do {
            return try InventoryLoader.load(
                explicit: hostsDir,
                environment: ProcessInfo.processInfo.environment,
                currentDirectory: FileManager.default.currentDirectoryPath)
        } catch {
            FileHandle.standardError.write(Data("proxmox-tools: \(error)\n".utf8))
            throw ExitCode(ExitStatus.failure)
        }
    }
}
