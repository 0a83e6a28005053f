import SluiceDocuments
import SluiceJSON

/// What `{{…}}` references read from while a flow runs (DESIGN §6).
public struct RunScope: Sendable {
    /// `{{trigger…}}`: the trigger payload (`asset`, `data`).
    public var trigger: JSONValue
    /// `{{blocks.<id>.output…}}`: outputs of finished blocks by id.
    public var outputs: [String: JSONValue]
    /// `{{vars…}}`: the flow's variables.
    public var variables: [String: JSONValue]
    /// `{{env…}}`: the environment's variables.
    public var environment: [String: JSONValue]
    /// `{{secrets…}}`: the flow's secrets, decrypted; never logged.
    public var secrets: [String: String]

    /// A scope.
    public init(
        trigger: JSONValue, outputs: [String: JSONValue] = [:], variables: [String: JSONValue] = [:], environment: [String: JSONValue] = [:],
        secrets: [String: String] = [:]
    ) {
        self.trigger = trigger
        self.outputs = outputs
        self.variables = variables
        self.environment = environment
        self.secrets = secrets
    }
}

/// A reference that names nothing in the scope.
public struct UnresolvedReference: Error, Sendable, Hashable, CustomStringConvertible {
    public var expression: String
    public var pointer: JSONPointer
    public var reason: String
    public var description: String { "{{\(expression)}} at \(pointer.display): \(reason)" }
}

/// Resolves dynamic values. A reference that is a whole string keeps the JSON type of what it names; inside text it
/// is written as text (strings as they are, other values as compact JSON). Every resolution also gives a copy for the
/// run record in which secret values are replaced by `[secret]`.
public enum DynamicResolver {
    /// The marker that stands for a secret value in run records.
    public static let redacted = Redactor.marker

    /// `value` with every reference resolved, and the same for the run record with secrets redacted.
    public static func resolve(_ value: JSONValue, in scope: RunScope, at pointer: JSONPointer = .root) throws(UnresolvedReference) -> (
        value: JSONValue, logged: JSONValue
    ) {
        switch value {
        case .string(let text):
            guard text.contains("{{") else { return (value, value) }
            return try resolve(text, in: scope, at: pointer)
        case .array(let items):
            var resolved: [JSONValue] = []
            var logged: [JSONValue] = []
            for (index, item) in items.enumerated() {
                let (one, log) = try resolve(item, in: scope, at: pointer.appending(index))
                resolved.append(one)
                logged.append(log)
            }
            return (.array(resolved), .array(logged))
        case .object(let object):
            var resolved = JSONObject()
            var logged = JSONObject()
            for (key, item) in object {
                let (one, log) = try resolve(item, in: scope, at: pointer.appending(key))
                resolved[key] = one
                logged[key] = log
            }
            return (.object(resolved), .object(logged))
        case .null, .bool, .number:
            return (value, value)
        }
    }

    private static func resolve(_ text: String, in scope: RunScope, at pointer: JSONPointer) throws(UnresolvedReference) -> (
        value: JSONValue, logged: JSONValue
    ) {
        let references = DynamicValues.references(inText: text, at: pointer)
        if references.count == 1, let only = references.first, only.isWholeValue {
            let (value, isSecret) = try lookup(only, in: scope)
            return (value, isSecret ? .string(redacted) : value)
        }
        var sawSecret = false
        let resolved = try DynamicValues.substitute(text) { reference throws(UnresolvedReference) -> String in
            let (value, isSecret) = try lookup(reference, in: scope)
            sawSecret = sawSecret || isSecret
            return stringify(value)
        }
        let logged =
            sawSecret
            ? DynamicValues.substitute(text) { reference in
                reference.namespace == .secrets ? redacted : ((try? lookup(reference, in: scope)).map { stringify($0.0) } ?? "")
            } : resolved
        return (.string(resolved), .string(logged))
    }

    /// Text for a value inside a string.
    public static func stringify(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return value.compactText()
    }

    private static func lookup(_ reference: DynamicReference, in scope: RunScope) throws(UnresolvedReference) -> (JSONValue, Bool) {
        func fail(_ reason: String) -> UnresolvedReference {
            UnresolvedReference(expression: reference.expression, pointer: reference.pointer, reason: reason)
        }
        guard let namespace = reference.namespace else {
            throw fail("unknown namespace (trigger, blocks, vars, env, secrets)")
        }
        var path = reference.segments
        let root: JSONValue
        switch namespace {
        case .trigger: root = scope.trigger
        case .vars:
            guard let key = path.first, let value = scope.variables[key] else { throw fail("no flow variable \"\(path.first ?? "")\"") }
            root = value
            path.removeFirst()
        case .env:
            guard let key = path.first, let value = scope.environment[key] else { throw fail("no environment variable \"\(path.first ?? "")\"") }
            root = value
            path.removeFirst()
        case .secrets:
            guard path.count == 1, let value = scope.secrets[path[0]] else { throw fail("no flow secret \"\(path.first ?? "")\"") }
            return (.string(value), true)
        case .blocks:
            guard path.count >= 2, path[1] == "output" else { throw fail("expected blocks.<block id>.output…") }
            guard let output = scope.outputs[path[0]] else { throw fail("block \"\(path[0])\" has no output (it has not run, or failed)") }
            root = output
            path.removeFirst(2)
        }
        var current = root
        for segment in path {
            if let index = Int(segment), case .array(let items) = current {
                guard items.indices.contains(index) else { throw fail("index \(index) is past the end (\(items.count) items)") }
                current = items[index]
            } else if case .object(let object) = current, let next = object[segment] {
                current = next
            } else {
                throw fail("nothing at \"\(segment)\"")
            }
        }
        return (current, false)
    }
}
