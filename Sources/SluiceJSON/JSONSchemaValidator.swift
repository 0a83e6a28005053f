import Foundation

/// Validates JSON instances against a hand-written JSON Schema (a draft 2020-12 subset).
///
/// Supported keywords: `type` (`integer` means an integral number), `enum`, `const`,
/// `minLength`, `maxLength` (counted in characters), `pattern`, `format` (`uri` only),
/// `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, `minItems`,
/// `maxItems`, `uniqueItems`, `items`, `prefixItems`, `contains`, `properties`, `required`,
/// `additionalProperties`, `patternProperties`, `propertyNames`, `minProperties`,
/// `maxProperties`, `dependentRequired`, `$ref` (local `#...` pointers such as `#/$defs/x`
/// or `#/definitions/x`), `allOf`, `anyOf`, `oneOf`, `not`, `if`/`then`/`else`. Annotation
/// keywords and anything else unknown are ignored. A `type` mismatch stops further checks of
/// that value against the same schema, to avoid follow-on noise.
///
/// A failed `anyOf`/`oneOf` does not list every branch: if exactly one branch's
/// `const`/`enum`-constrained properties match the instance (a discriminator such as
/// `"type": {"const": "power"}`), that branch's violations are reported; otherwise the branch
/// with the fewest violations among those whose `type` fits, or a single
/// `does not match any allowed shape`.
public struct JSONSchemaValidator: Sendable {
    /// The schema instances are validated against.
    public let schema: JSONValue
    let patterns: JSONSchemaPatternCache
    /// The schema with its keywords read into typed fields.
    private let root: JSONSchemaNode
    /// The target of every `$ref` in the schema, resolved and read once.
    private let references: [String: (source: JSONValue, node: JSONSchemaNode)]

    /// Depth of nested schema applications after which validation gives up on a branch,
    /// protecting against `$ref` cycles that do not consume the instance.
    static let maxDepth = 200

    /// Prepares a validator, reading the schema's keywords and compiling every regular expression in it once.
    public init(schema: JSONValue) {
        self.schema = schema
        var sources = Set<String>()
        var references = Set<String>()
        Self.collect(in: schema, patterns: &sources, references: &references)
        patterns = JSONSchemaPatternCache(sources)
        root = JSONSchemaNode(schema)
        self.references = references.reduce(into: [:]) { targets, reference in
            if let target = Self.resolve(reference, in: schema) { targets[reference] = (target, JSONSchemaNode(target)) }
        }
    }

    /// All violations of the schema by `instance`, in document order; empty when it is valid.
    public func validate(_ instance: JSONValue) -> [JSONSchemaViolation] {
        var violations: [JSONSchemaViolation] = []
        var path: [String] = []
        check(instance, against: root, at: &path, depth: 0, into: &violations)
        var seen = Set<JSONSchemaViolation>()
        let unique = violations.filter { seen.insert($0).inserted }
        return Self.inDocumentOrder(unique, in: instance)
    }

    /// Whether `instance` satisfies the schema.
    public func isValid(_ instance: JSONValue) -> Bool {
        validate(instance).isEmpty
    }

    // MARK: - Core

    /// Applies `schema` to `instance`, found at `path` (the pointer's tokens, a stack the walk pushes to and pops, so a
    /// pointer is built only for a violation), appending violations to `out`.
    func check(
        _ instance: JSONValue, against schema: JSONSchemaNode, at path: inout [String], depth: Int,
        into out: inout [JSONSchemaViolation]
    ) {
        switch schema.shape {
        case .rejectsAll:
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "is not allowed"))
            return
        case .acceptsAll:
            return
        case .keywords:
            break
        }
        guard depth < Self.maxDepth else {
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "schema nests too deeply (recursive $ref?)"))
            return
        }
        func report(_ message: String) {
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: message))
        }
        if let reference = schema.reference {
            if let target = references[reference]?.node {
                check(instance, against: target, at: &path, depth: depth + 1, into: &out)
            } else {
                report("schema reference \(reference) cannot be resolved")
            }
        }
        if !schema.typeNames.isEmpty, let problem = Self.typeProblem(instance, schema.typeNames) {
            report(problem)
            return
        }
        if let allowed = schema.allowed, !allowed.contains(where: { Self.jsonEquals($0, instance) }) {
            report("must be one of " + allowed.map { $0.compactText() }.joined(separator: ", "))
        }
        if let constant = schema.constant, !Self.jsonEquals(constant, instance) {
            report("must be \(constant.compactText())")
        }
        switch instance {
        case .string(let string) where schema.checksStrings:
            checkString(string, schema, report: report)
        case .number(let number) where schema.checksNumbers:
            checkNumber(number, schema, report: report)
        case .array(let elements) where schema.checksArrays:
            checkArray(elements, schema, at: &path, depth: depth, into: &out)
        case .object(let object) where schema.checksObjects:
            checkObject(object, schema, at: &path, depth: depth, into: &out)
        default:
            break
        }
        if schema.hasCombinators { checkCombinators(instance, schema, at: &path, depth: depth, into: &out) }
    }

    /// Resolves a local reference (`#`, `#/$defs/name`, `#/definitions/name`, any `#/pointer`).
    func resolve(_ reference: String) -> JSONValue? {
        references[reference]?.source ?? Self.resolve(reference, in: schema)
    }

    private static func resolve(_ reference: String, in schema: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        let fragment = String(reference.dropFirst())
        let decoded = fragment.removingPercentEncoding ?? fragment
        guard let pointer = try? JSONPointer(parsing: decoded) else { return nil }
        return schema.value(at: pointer)
    }

    /// Follows `$ref` from `schema` (a few hops at most) to the schema it stands for.
    func dereferenced(_ schema: JSONValue) -> JSONValue {
        var current = schema
        for _ in 0..<16 {
            guard let reference = current["$ref"]?.stringValue, let target = resolve(reference) else { break }
            current = target
        }
        return current
    }

    // MARK: - Ordering

    /// Sorts violations by where their pointers occur in `instance` (stable for ties).
    static func inDocumentOrder(_ violations: [JSONSchemaViolation], in instance: JSONValue) -> [JSONSchemaViolation] {
        guard violations.count > 1 else { return violations }
        return violations.enumerated().sorted { left, right in
            let order = documentOrder(left.element.pointer, right.element.pointer, in: instance)
            return order != 0 ? order < 0 : left.offset < right.offset
        }.map(\.element)
    }

    /// Negative if `left` comes first in the document, positive if `right` does, 0 if equal.
    private static func documentOrder(_ left: JSONPointer, _ right: JSONPointer, in instance: JSONValue) -> Int {
        var node: JSONValue? = instance
        for (leftToken, rightToken) in zip(left.tokens, right.tokens) {
            guard leftToken == rightToken else {
                let leftRank = rank(of: leftToken, in: node)
                let rightRank = rank(of: rightToken, in: node)
                if leftRank != rightRank { return leftRank < rightRank ? -1 : 1 }
                return leftToken < rightToken ? -1 : 1
            }
            node = node?.value(at: JSONPointer(tokens: [leftToken]))
        }
        return left.tokens.count - right.tokens.count
    }

    private static func rank(of token: String, in node: JSONValue?) -> Int {
        switch node {
        case .object(let object)?: object.position(of: token) ?? Int.max
        case .array?: JSONPointer.arrayIndex(token) ?? Int.max
        default: Int.max
        }
    }

    // MARK: - Patterns and references

    private static func collect(in schema: JSONValue, patterns: inout Set<String>, references: inout Set<String>) {
        switch schema {
        case .object(let object):
            for (key, value) in object {
                if key == "pattern", let pattern = value.stringValue { patterns.insert(pattern) }
                if key == "patternProperties", let properties = value.objectValue {
                    patterns.formUnion(properties.keys)
                }
                if key == "$ref", let reference = value.stringValue { references.insert(reference) }
                collect(in: value, patterns: &patterns, references: &references)
            }
        case .array(let elements):
            for element in elements { collect(in: element, patterns: &patterns, references: &references) }
        default:
            break
        }
    }
}

/// Regular expressions compiled once per validator. Immutable after creation, and
/// `NSRegularExpression` is safe to use from several threads, hence `@unchecked Sendable`.
final class JSONSchemaPatternCache: @unchecked Sendable {
    private let compiled: [String: NSRegularExpression]
    /// The patterns simple enough to match without the regular expression engine, which costs far more per call.
    private let anchored: [String: AnchoredPattern]

    init(_ sources: Set<String>) {
        var compiled: [String: NSRegularExpression] = [:]
        var anchored: [String: AnchoredPattern] = [:]
        for source in sources {
            compiled[source] = try? NSRegularExpression(pattern: source)
            if compiled[source] != nil { anchored[source] = AnchoredPattern(source) }
        }
        self.compiled = compiled
        self.anchored = anchored
    }

    /// Whether `pattern` matches somewhere in `string` (JSON Schema patterns are unanchored);
    /// nil if the pattern is not a valid regular expression.
    func matches(_ pattern: String, _ string: String) -> Bool? {
        if let simple = anchored[pattern], let matched = simple.matches(string) { return matched }
        let regex = compiled[pattern] ?? (try? NSRegularExpression(pattern: pattern))
        guard let regex else { return nil }
        let range = NSRange(location: 0, length: string.utf16.count)
        return regex.firstMatch(in: string, range: range) != nil
    }
}
