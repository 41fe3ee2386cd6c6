/// Turns a `DecodingError` (input that passed the schema but still does not decode — a schema
/// and struct that disagree) into a sentence naming the argument.
enum ArgumentDecoding {
    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return String(describing: error) }
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "the arguments" : "argument '\(text)'"
        }
        switch decoding {
        case .typeMismatch(let type, let context):
            return "\(path(context.codingPath)) must be \(type): \(context.debugDescription)"
        case .valueNotFound(_, let context):
            return "\(path(context.codingPath)) must not be null"
        case .keyNotFound(let key, let context):
            return "missing required \(path(context.codingPath + [key]))"
        case .dataCorrupted(let context):
            return "\(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return String(describing: decoding)
        }
    }
}
