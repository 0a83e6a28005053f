import Foundation
import SluiceJSON

/// A `{{namespace.path}}` reference found inside a document value.
public struct DynamicReference: Sendable, Hashable {
    /// The namespaces dynamic values read from (DESIGN §6).
    public enum Namespace: String, Sendable, CaseIterable {
        case trigger, blocks, vars, env, secrets
    }

    /// Where the reference appears.
    public var pointer: JSONPointer
    /// The text between the braces, trimmed.
    public var expression: String
    /// The namespace, or nil when it is not one Sluice knows.
    public var namespace: Namespace?
    /// The path segments after the namespace.
    public var segments: [String]
    /// Whether the reference is the whole string (and so keeps its JSON type at run time).
    public var isWholeValue: Bool
}

/// Finds dynamic values in JSON.
public enum DynamicValues {
    /// Every reference inside `value`, with pointers below `base`.
    public static func references(in value: JSONValue, at base: JSONPointer = .root) -> [DynamicReference] {
        switch value {
        case .string(let text): references(inText: text, at: base)
        case .array(let items): items.enumerated().flatMap { references(in: $1, at: base.appending($0)) }
        case .object(let object): object.flatMap { references(in: $0.value, at: base.appending($0.key)) }
        case .null, .bool, .number: []
        }
    }

    /// The references inside one string.
    public static func references(inText text: String, at pointer: JSONPointer) -> [DynamicReference] {
        guard text.contains("{{") else { return [] }
        var result: [DynamicReference] = []
        var rest = text[...]
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            let parts = expression.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let whole = open.lowerBound == text.startIndex && close.upperBound == text.endIndex
            result.append(DynamicReference(
                pointer: pointer, expression: expression, namespace: parts.first.flatMap(DynamicReference.Namespace.init(rawValue:)),
                segments: Array(parts.dropFirst()), isWholeValue: whole
            ))
            rest = rest[close.upperBound...]
        }
        return result
    }
}
