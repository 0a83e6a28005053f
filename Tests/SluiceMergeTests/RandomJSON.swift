import SluiceJSON

/// Random JSON documents and random edits of them, for property tests.
///
/// Documents are objects whose member names say what they hold: `items` is always an array of
/// objects with unique string ids, `tags` an array of scalars, and `a`…`e` anything (scalars,
/// objects, arrays of scalars, arrays of id objects). Small value pools make sides collide often.
enum RandomJSON {
    static let anyKeys = ["a", "b", "c", "d", "e"]
    static let allKeys = anyKeys + ["items", "tags"]
    static let idPool = (0..<8).map { "i\($0)" }
    static let scalars: [JSONValue] = [
        .null, true, false, 0, 1, 2, .number(JSONNumber(literal: "1.0") ?? JSONNumber(1)), "x", "y", "z",
    ]

    /// A random document: an object with a few members.
    static func document(_ rng: inout some RandomNumberGenerator) -> JSONValue {
        .object(object(depth: 3, rng: &rng))
    }

    /// A value fit for member `key` (see the type's documentation).
    static func value(forKey key: String, depth: Int, rng: inout some RandomNumberGenerator) -> JSONValue {
        switch key {
        case "items": return .array(idArray(depth: depth, rng: &rng))
        case "tags": return .array(scalarArray(&rng))
        default: return anyValue(depth: depth, rng: &rng)
        }
    }

    /// Any value, nesting at most `depth` levels.
    static func anyValue(depth: Int, rng: inout some RandomNumberGenerator) -> JSONValue {
        let choice = depth <= 0 ? 0 : Int.random(in: 0..<6, using: &rng)
        switch choice {
        case 1, 2: return .object(object(depth: depth - 1, rng: &rng))
        case 3: return .array(scalarArray(&rng))
        case 4: return .array(idArray(depth: depth - 1, rng: &rng))
        default: return scalar(&rng)
        }
    }

    static func scalar(_ rng: inout some RandomNumberGenerator) -> JSONValue {
        scalars[Int.random(in: scalars.indices, using: &rng)]
    }

    static func object(depth: Int, rng: inout some RandomNumberGenerator) -> JSONObject {
        var object = JSONObject()
        for key in allKeys.shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)) {
            object[key] = value(forKey: key, depth: depth, rng: &rng)
        }
        return object
    }

    static func scalarArray(_ rng: inout some RandomNumberGenerator) -> [JSONValue] {
        (0..<Int.random(in: 0...5, using: &rng)).map { _ in scalar(&rng) }
    }

    static func idArray(depth: Int, rng: inout some RandomNumberGenerator) -> [JSONValue] {
        idPool.shuffled(using: &rng).prefix(Int.random(in: 0...4, using: &rng)).map {
            idObject($0, depth: depth, rng: &rng)
        }
    }

    static func idObject(_ id: String, depth: Int, rng: inout some RandomNumberGenerator) -> JSONValue {
        var object = JSONObject()
        object["id"] = .string(id)
        for key in anyKeys.shuffled(using: &rng).prefix(Int.random(in: 0...2, using: &rng)) {
            object[key] = anyValue(depth: max(depth - 1, 0), rng: &rng)
        }
        return .object(object)
    }
}
