extension JSONValue {
    /// The value at `pointer`, or nil if the path does not exist. Array tokens must be
    /// indices without leading zeros and within range.
    public func value(at pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard let member = object[token] else { return nil }
                current = member
            case .array(let elements):
                guard let index = JSONPointer.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Sets the value at `pointer`, creating missing intermediate objects.
    ///
    /// Object members are replaced or appended. For arrays the token must be an existing index
    /// (replace), or the array's count or `-` (append). The root pointer replaces the whole value.
    /// Throws, leaving the value unchanged, when the path runs through a scalar, uses a non-index
    /// token on an array, or an index past the end.
    public mutating func set(_ newValue: JSONValue, at pointer: JSONPointer) throws(JSONPointerError) {
        if let problem = obstacle(toSetting: pointer) { throw problem }
        assign(newValue, tokens: pointer.tokens[...])
    }

    /// Removes and returns the value at `pointer`; nil if it does not exist or is the root.
    /// Removing an array element shifts the following elements down.
    @discardableResult
    public mutating func removeValue(at pointer: JSONPointer) -> JSONValue? {
        guard let parentPointer = pointer.parent, let token = pointer.lastToken,
            let container = value(at: parentPointer)
        else { return nil }
        var updated = container
        let removed: JSONValue?
        switch updated {
        case .object(var object):
            removed = object.removeValue(forKey: token)
            updated = .object(object)
        case .array(var elements):
            guard let index = JSONPointer.arrayIndex(token), index < elements.count else { return nil }
            removed = elements.remove(at: index)
            updated = .array(elements)
        default:
            return nil
        }
        guard removed != nil else { return nil }
        assign(updated, tokens: parentPointer.tokens[...])
        return removed
    }

    /// The reason `set(_:at:)` would fail, or nil if it can succeed.
    private func obstacle(toSetting pointer: JSONPointer) -> JSONPointerError? {
        var current: JSONValue? = self
        for (depth, token) in pointer.tokens.enumerated() {
            guard let node = current else { return nil }
            let here = JSONPointer(tokens: Array(pointer.tokens.prefix(depth)))
            switch node {
            case .object(let object):
                current = object[token]
            case .array(let elements):
                if token == "-" || JSONPointer.arrayIndex(token) == elements.count {
                    current = nil
                } else if let index = JSONPointer.arrayIndex(token), index < elements.count {
                    current = elements[index]
                } else if JSONPointer.arrayIndex(token) != nil {
                    return JSONPointerError(
                        message: "cannot set \(pointer.display): index \(token) is past the end of the array at \(here.display)"
                    )
                } else {
                    return JSONPointerError(
                        message: "cannot set \(pointer.display): \"\(token)\" is not an index into the array at \(here.display)"
                    )
                }
            default:
                return JSONPointerError(
                    message: "cannot set \(pointer.display): the value at \(here.display) is a \(node.typeName)"
                )
            }
        }
        return nil
    }

    /// Assigns along a path already checked by `obstacle(toSetting:)`, mutating in place.
    private mutating func assign(_ newValue: JSONValue, tokens: ArraySlice<String>) {
        guard let token = tokens.first else {
            self = newValue
            return
        }
        let rest = tokens.dropFirst()
        switch self {
        case .object(var object):
            self = .null
            var child = object.removeValueKeepingSlot(forKey: token) ?? .object(JSONObject())
            child.assign(newValue, tokens: rest)
            object[token] = child
            self = .object(object)
        case .array(var elements):
            self = .null
            if let index = JSONPointer.arrayIndex(token), index < elements.count {
                var child = elements[index]
                elements[index] = .null
                child.assign(newValue, tokens: rest)
                elements[index] = child
            } else {
                var child = JSONValue.object(JSONObject())
                child.assign(newValue, tokens: rest)
                elements.append(child)
            }
            self = .array(elements)
        default:
            var child = JSONValue.object(JSONObject())
            child.assign(newValue, tokens: rest)
            self = .object(JSONObject([(token, child)]))
        }
    }
}

private extension JSONObject {
    /// Takes the value out of the member (leaving `null` in its slot, so its position is kept)
    /// to let the caller mutate it without a copy.
    mutating func removeValueKeepingSlot(forKey key: String) -> JSONValue? {
        guard let slot = position(of: key) else { return nil }
        let value = values[slot]
        setValue(.null, atSlot: slot)
        return value
    }
}
