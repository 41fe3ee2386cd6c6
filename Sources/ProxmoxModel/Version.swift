/// The package version, shown by `--version` and in the MCP `serverInfo`.
public enum ProxmoxToolsVersion {
    public static let current = "0.1.0"
}
