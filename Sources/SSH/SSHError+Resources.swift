public import POSIXSupport

extension SSHError {
    /// The SSH layer's word for a thread or descriptor the system refused.
    public init(_ exhaustion: ResourceExhaustion) {
        self = .resourceExhausted(detail: exhaustion.detail)
    }

    /// The error for a descriptor-creating call that failed with `code`, or nil when `code` is
    /// not about exhaustion.
    public static func exhausted(_ code: Int32) -> SSHError? {
        ResourceLimits.exhausted(code).map(SSHError.init)
    }
}
