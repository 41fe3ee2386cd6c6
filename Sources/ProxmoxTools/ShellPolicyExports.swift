// The command policy lives in its own module (Sources/ShellPolicy); the tools, the server and the
// CLI use its public types (`CommandPolicy`, `PolicyVerdict`, `PolicyMode`, `PolicyRules`) through here.
@_exported import ShellPolicy
