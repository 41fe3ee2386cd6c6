extension Duration {
    /// The duration in seconds, for the edges that speak seconds: JSON fields such as
    /// `timeout` in `hosts --json`, and messages ("within 5 s").
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
