import MCP
import Testing
import ToolKit

@Suite("Schema validator")
struct RegistrySchemaValidatorTests {
    let validator = SchemaValidator(subject: "output")

    @Test func nullableTypesAcceptNullAndTheType() {
        let schema = JSONSchema.nullable(JSONSchema.integer())
        #expect(validator.violation(of: schema, by: .null) == nil)
        #expect(validator.violation(of: schema, by: 3) == nil)
        #expect(validator.violation(of: schema, by: "3") == "the output must be an integer or null, got string")
    }

    @Test func nestedPathsAreNamed() {
        let schema = JSONSchema.object(["nodes": JSONSchema.array(of: JSONSchema.object(["ok": JSONSchema.boolean()], required: ["ok"]))])
        #expect(validator.violation(of: schema, by: ["nodes": [["ok": true], ["ok": "yes"]]])
                == "output 'nodes[1].ok' must be a boolean, got string")
        #expect(validator.violation(of: schema, by: ["nodes": [[:]]]) == "missing required output 'nodes[0].ok'")
    }

    @Test func mapsCheckEveryValue() {
        let schema = JSONSchema.map(of: JSONSchema.string())
        #expect(validator.violation(of: schema, by: ["a": "1", "b": "2"]) == nil)
        #expect(validator.violation(of: schema, by: ["a": "1", "b": 2]) == "output 'b' must be a string, got integer")
    }

    @Test func openObjectsAllowExtraKeysClosedOnesDoNot() {
        let open = JSONSchema.object(["a": JSONSchema.string()], additionalProperties: true)
        let closed = JSONSchema.object(["a": JSONSchema.string()])
        #expect(validator.violation(of: open, by: ["a": "x", "b": 1]) == nil)
        #expect(validator.violation(of: closed, by: ["a": "x", "b": 1]) == "unknown output 'b'; known: a")
    }
}
