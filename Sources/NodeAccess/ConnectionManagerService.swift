public import ServiceLifecycle

/// The connection manager as a `Service`: idle until the group shuts down (or is cancelled), then
/// it closes every SSH session. Listed before the server, it is shut down after it.
public struct ConnectionManagerService: Service, CustomStringConvertible {
    public let manager: ConnectionManager

    public init(_ manager: ConnectionManager) { self.manager = manager }

    public var description: String { "ConnectionManagerService" }

    public func run() async throws {
        try? await gracefulShutdown()   // throws only when cancelled: the sessions close all the same
        await manager.shutdown()
    }
}
