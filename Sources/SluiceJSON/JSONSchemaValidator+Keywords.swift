import Foundation

extension JSONSchemaValidator {
    // MARK: - Types and equality

    /// `expected string, found number` when `instance` fits none of the listed types.
    static func typeProblem(_ instance: JSONValue, _ names: [String]) -> String? {
        guard !names.isEmpty, !names.contains(where: { instance.hasSchemaType($0) }) else { return nil }
        var found = instance.typeName
        if names.contains("integer"), case .number(let number) = instance { found = number.literal }
        return "expected \(list(names)), found \(found)"
    }

    /// The type names a `type` keyword lists (a string or an array of strings).
    static func typeNames(_ type: JSONValue) -> [String] {
        if let single = type.stringValue { return [single] }
        return type.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// "a", "a or b", "a, b or c".
    static func list(_ items: [String]) -> String {
        guard items.count > 1, let last = items.last else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + last
    }

    /// JSON Schema equality: numbers compare by value, object key order is irrelevant.
    static func jsonEquals(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.number(let a), .number(let b)):
            return a.literal == b.literal || a.doubleValue == b.doubleValue
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { jsonEquals($0, $1) }
        case (.object(let a), .object(let b)):
            return a.count == b.count
                && a.allSatisfy { key, value in
                    b[key].map { jsonEquals(value, $0) } ?? false
                }
        default:
            return left == right
        }
    }

    // MARK: - Strings and numbers

    func checkString(_ string: String, _ schema: JSONSchemaNode, report: (String) -> Void) {
        if schema.minLength != nil || schema.maxLength != nil {
            let length = string.count
            if let minimum = schema.minLength, length < minimum {
                report(minimum == 1 ? "must not be empty" : "must be at least \(Self.count(minimum, "character"))")
            }
            if let maximum = schema.maxLength, length > maximum {
                report("must be at most \(Self.count(maximum, "character"))")
            }
        }
        if let pattern = schema.pattern {
            switch patterns.matches(pattern, string) {
            case false?: report("must match pattern \(pattern)")
            case nil: report("schema pattern \(pattern) is not a valid regular expression")
            case true?: break
            }
        }
        if schema.isURI, !Self.isAbsoluteURI(string) {
            report("must be an absolute uri such as https://example.com/path")
        }
    }

    func checkNumber(_ number: JSONNumber, _ schema: JSONSchemaNode, report: (String) -> Void) {
        let value = number.doubleValue
        if let bound = schema.minimum, value < bound.doubleValue {
            report("must be at least \(bound.literal)")
        }
        if let bound = schema.maximum, value > bound.doubleValue {
            report("must be at most \(bound.literal)")
        }
        if let bound = schema.exclusiveMinimum, value <= bound.doubleValue {
            report("must be greater than \(bound.literal)")
        }
        if let bound = schema.exclusiveMaximum, value >= bound.doubleValue {
            report("must be less than \(bound.literal)")
        }
        if let divisor = schema.multipleOf, divisor.doubleValue > 0 {
            let quotient = value / divisor.doubleValue
            if abs(quotient - quotient.rounded()) > 1e-9 * max(1, abs(quotient)) {
                report("must be a multiple of \(divisor.literal)")
            }
        }
    }

    /// An absolute URI: a scheme (`letter *(letter / digit / + - .)`), a colon, and no
    /// whitespace or control characters, accepted by `URL(string:)`.
    static func isAbsoluteURI(_ string: String) -> Bool {
        let scalars = Array(string.unicodeScalars)
        guard let colon = scalars.firstIndex(of: ":"), colon > 0, colon + 1 < scalars.count else { return false }
        guard ("a"..."z").contains(scalars[0]) || ("A"..."Z").contains(scalars[0]) else { return false }
        let schemeOK = scalars[1..<colon].allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "+" || scalar == "-" || scalar == "."
        }
        let bodyOK = !scalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "\\" || $0 == "\"" }
        guard schemeOK, bodyOK, let url = URL(string: string) else { return false }
        return url.scheme?.isEmpty == false
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    // MARK: - Arrays

    func checkArray(
        _ elements: [JSONValue], _ schema: JSONSchemaNode, at path: inout [String], depth: Int,
        into out: inout [JSONSchemaViolation]
    ) {
        if let minimum = schema.minItems, elements.count < minimum {
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "must have at least \(Self.count(minimum, "item"))"))
        }
        if let maximum = schema.maxItems, elements.count > maximum {
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "must have at most \(Self.count(maximum, "item"))"))
        }
        if schema.uniqueItems {
            duplicates: for later in elements.indices {
                for earlier in 0..<later where Self.jsonEquals(elements[earlier], elements[later]) {
                    out.append(
                        JSONSchemaViolation(
                            pointer: JSONPointer(tokens: path + [String(later)]), message: "duplicate of item \(earlier); items must be unique"
                        ))
                    continue duplicates
                }
            }
        }
        for (index, element) in elements.enumerated() {
            if let items = index < schema.prefixItems.count ? schema.prefixItems[index] : schema.items {
                path.append(String(index))
                check(element, against: items, at: &path, depth: depth + 1, into: &out)
                path.removeLast()
            }
        }
        if let contains = schema.contains,
            !elements.contains(where: { element in
                var scratch: [JSONSchemaViolation] = []
                check(element, against: contains, at: &path, depth: depth + 1, into: &scratch)
                return scratch.isEmpty
            })
        {
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "must contain at least one matching item"))
        }
    }

    // MARK: - Objects

    func checkObject(
        _ object: JSONObject, _ schema: JSONSchemaNode, at path: inout [String], depth: Int,
        into out: inout [JSONSchemaViolation]
    ) {
        for name in schema.required where !object.contains(name) {
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "missing required field \"\(name)\""))
        }
        for (trigger, required) in schema.dependentRequired where object.contains(trigger) {
            for name in required where !object.contains(name) {
                out.append(
                    JSONSchemaViolation(
                        pointer: JSONPointer(tokens: path), message: "missing field \"\(name)\", required when \"\(trigger)\" is present"
                    ))
            }
        }
        if let minimum = schema.minProperties, object.count < minimum {
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "must have at least \(Self.count(minimum, "field"))"))
        }
        if let maximum = schema.maxProperties, object.count > maximum {
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "must have at most \(Self.count(maximum, "field"))"))
        }
        guard schema.properties != nil || !schema.patternProperties.isEmpty || schema.additionalProperties != nil || schema.propertyNames != nil
        else { return }
        for (key, value) in object {
            path.append(key)
            defer { path.removeLast() }
            if let propertyNames = schema.propertyNames {
                var problems: [JSONSchemaViolation] = []
                check(.string(key), against: propertyNames, at: &path, depth: depth + 1, into: &problems)
                for problem in problems {
                    out.append(
                        JSONSchemaViolation(
                            pointer: JSONPointer(tokens: path), message: "invalid field name \"\(key)\": \(problem.message)"
                        ))
                }
            }
            var matched = false
            if let property = schema.properties?[key] {
                matched = true
                check(value, against: property, at: &path, depth: depth + 1, into: &out)
            }
            for (pattern, property) in schema.patternProperties where patterns.matches(pattern, key) == true {
                matched = true
                check(value, against: property, at: &path, depth: depth + 1, into: &out)
            }
            guard !matched, let additional = schema.additionalProperties else { continue }
            if case .rejectsAll = additional.shape {
                out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "unknown field \"\(key)\""))
            } else {
                check(value, against: additional, at: &path, depth: depth + 1, into: &out)
            }
        }
    }
}

extension JSONValue {
    /// Whether the value has the JSON Schema type `name` (`integer` = integral number).
    func hasSchemaType(_ name: String) -> Bool {
        switch (name, self) {
        case ("integer", .number(let number)): number.isIntegral
        case ("number", .number), ("string", .string), ("boolean", .bool),
            ("null", .null), ("array", .array), ("object", .object):
            true
        default: false
        }
    }
}
