extension JSONSchemaValidator {
    /// `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`.
    func checkCombinators(
        _ instance: JSONValue, _ schema: JSONSchemaNode, at path: inout [String], depth: Int,
        into out: inout [JSONSchemaViolation]
    ) {
        for part in schema.allOf {
            check(instance, against: part, at: &path, depth: depth + 1, into: &out)
        }
        if !schema.anyOf.isEmpty {
            var results: [[JSONSchemaViolation]] = []
            for branch in schema.anyOf {
                let violations = violations(of: instance, against: branch, at: &path, depth: depth)
                if violations.isEmpty { break }
                results.append(violations)
            }
            if results.count == schema.anyOf.count {
                out += explainNoMatch(instance, branches: schema.anyOf.map(\.source), results: results, at: JSONPointer(tokens: path))
            }
        }
        if !schema.oneOf.isEmpty {
            let results = schema.oneOf.map { violations(of: instance, against: $0, at: &path, depth: depth) }
            let passing = results.filter(\.isEmpty).count
            if passing == 0 {
                out += explainNoMatch(instance, branches: schema.oneOf.map(\.source), results: results, at: JSONPointer(tokens: path))
            } else if passing > 1 {
                out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "matches more than one allowed shape"))
            }
        }
        if let excluded = schema.not, violations(of: instance, against: excluded, at: &path, depth: depth).isEmpty {
            out.append(JSONSchemaViolation(pointer: JSONPointer(tokens: path), message: "matches a shape that is not allowed here"))
        }
        if let condition = schema.condition {
            let holds =
                schema.constantCondition.map { Self.holds($0, for: instance) }
                ?? violations(of: instance, against: condition, at: &path, depth: depth).isEmpty
            if let next = holds ? schema.then : schema.otherwise {
                check(instance, against: next, at: &path, depth: depth + 1, into: &out)
            }
        }
    }

    /// Whether the discriminator condition holds for `instance` (any value that is not an object passes it).
    static func holds(_ condition: JSONSchemaNode.ConstantCondition, for instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return true }
        for name in condition.required where object[name] == nil { return false }
        for (name, constant) in condition.constants {
            if let value = object[name], !jsonEquals(value, constant) { return false }
        }
        return true
    }

    private func violations(
        of instance: JSONValue, against schema: JSONSchemaNode, at path: inout [String], depth: Int
    ) -> [JSONSchemaViolation] {
        var result: [JSONSchemaViolation] = []
        check(instance, against: schema, at: &path, depth: depth + 1, into: &result)
        return result
    }

    /// Picks what to say when no branch of `anyOf`/`oneOf` matches (see the type's documentation).
    private func explainNoMatch(
        _ instance: JSONValue, branches: [JSONValue], results: [[JSONSchemaViolation]], at pointer: JSONPointer
    ) -> [JSONSchemaViolation] {
        let discriminated = branches.indices.filter { discriminatorMatches(branches[$0], instance) }
        if discriminated.count == 1 { return results[discriminated[0]] }
        let candidates = discriminated.isEmpty ? Array(branches.indices) : discriminated
        let fitting = candidates.filter { declaredTypeFits(branches[$0], instance) }
        if fitting.isEmpty {
            var expected: [String] = []
            for index in candidates {
                for name in declaredTypes(branches[index]) where !expected.contains(name) { expected.append(name) }
            }
            return [JSONSchemaViolation(pointer: pointer, message: "expected \(Self.list(expected)), found \(instance.typeName)")]
        }
        let fittingResults = fitting.map { results[$0] }
        if let first = fittingResults.first, fittingResults.allSatisfy({ $0 == first }) { return first }
        let fewest = fittingResults.map(\.count).min() ?? 0
        let best = fittingResults.filter { $0.count == fewest }
        if best.count == 1 { return best[0] }
        return [JSONSchemaViolation(pointer: pointer, message: "does not match any allowed shape")]
    }

    /// Whether `branch` constrains some properties with `const`/`enum` and the instance (an
    /// object) satisfies all of those constraints.
    private func discriminatorMatches(_ branch: JSONValue, _ instance: JSONValue) -> Bool {
        guard case .object(let object) = instance else { return false }
        var constrained = false
        for (name, propertySchema) in branchProperties(branch, budget: 8) {
            let property = dereferenced(propertySchema)
            if let constant = property["const"] {
                constrained = true
                guard let value = object[name], Self.jsonEquals(value, constant) else { return false }
            } else if let allowed = property["enum"]?.arrayValue {
                constrained = true
                guard let value = object[name], allowed.contains(where: { Self.jsonEquals($0, value) }) else {
                    return false
                }
            }
        }
        return constrained
    }

    /// The `properties` of a branch, including those reached through `$ref` and `allOf`.
    private func branchProperties(_ branch: JSONValue, budget: Int) -> [(String, JSONValue)] {
        guard budget > 0, case .object(let keywords) = branch else { return [] }
        var result: [(String, JSONValue)] = []
        for (name, schema) in keywords["properties"]?.objectValue ?? [:] {
            result.append((name, schema))
        }
        if let reference = keywords["$ref"]?.stringValue, let target = resolve(reference) {
            result += branchProperties(target, budget: budget - 1)
        }
        for part in keywords["allOf"]?.arrayValue ?? [] {
            result += branchProperties(part, budget: budget - 1)
        }
        return result
    }

    /// The `type` names a branch declares directly or through `$ref`; empty if none.
    private func declaredTypes(_ branch: JSONValue) -> [String] {
        var current = branch
        for _ in 0..<16 {
            if let type = current["type"] { return Self.typeNames(type) }
            guard let reference = current["$ref"]?.stringValue, let target = resolve(reference) else { break }
            current = target
        }
        return []
    }

    private func declaredTypeFits(_ branch: JSONValue, _ instance: JSONValue) -> Bool {
        let types = declaredTypes(branch)
        return types.isEmpty || types.contains { instance.hasSchemaType($0) }
    }
}
