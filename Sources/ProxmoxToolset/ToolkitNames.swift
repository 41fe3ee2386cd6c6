import ToolKit

/// In this module `Tool` is the tool kit's protocol, not MCP's tool description (both modules
/// are imported by the tools that build schemas from MCP `Value`s).
typealias Tool = ToolKit.Tool
