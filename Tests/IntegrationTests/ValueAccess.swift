import MCP

/// Reading MCP `Value` trees in tests: `result["nodes"]?[1]?["vms"]`.
extension Value {
    subscript(key: String) -> Value? { objectValue?[key] }
    subscript(index: Int) -> Value? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
