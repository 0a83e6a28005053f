import SluiceJSON

/// Random edits of documents made by `RandomJSON`, keeping what member names promise
/// (ids stay unique strings in id arrays).
enum RandomEdit {
    /// `value` with random edits anywhere below it; `key` is the member name that holds it.
    static func edit(_ value: JSONValue, key: String?, rng: inout some RandomNumberGenerator) -> JSONValue {
        switch value {
        case .object(let object):
            return .object(editObject(object, keepingID: false, rng: &rng))
        case .array(let elements):
            let holdsIDs = key == "items" || (key != "tags" && IDs.of(elements) != nil && (!elements.isEmpty || Bool.random(using: &rng)))
            return .array(holdsIDs ? editIDArray(elements, rng: &rng) : editScalarArray(elements, rng: &rng))
        default:
            return key.map { RandomJSON.value(forKey: $0, depth: 1, rng: &rng) } ?? RandomJSON.scalar(&rng)
        }
    }

    /// Deletes, replaces, edits and adds members; never touches `id` when `keepingID`.
    static func editObject(_ object: JSONObject, keepingID: Bool, rng: inout some RandomNumberGenerator) -> JSONObject {
        var result = JSONObject()
        for (key, member) in object {
            if keepingID, key == "id" {
                result[key] = member
                continue
            }
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: continue
            case 1: result[key] = RandomJSON.value(forKey: key, depth: 1, rng: &rng)
            case 2, 3, 4: result[key] = edit(member, key: key, rng: &rng)
            default: result[key] = member
            }
        }
        if Bool.random(using: &rng), let key = RandomJSON.allKeys.filter({ !result.contains($0) }).randomElement(using: &rng) {
            result[key] = RandomJSON.value(forKey: key, depth: 1, rng: &rng)
        }
        return result
    }

    static func editIDArray(_ elements: [JSONValue], rng: inout some RandomNumberGenerator) -> [JSONValue] {
        var result = elements.compactMap { element -> JSONValue? in
            guard case .object(let object) = element else { return element }
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: return nil
            case 1, 2: return .object(editObject(object, keepingID: true, rng: &rng))
            default: return element
            }
        }
        let used = Set(IDs.of(result) ?? [])
        if Bool.random(using: &rng), let id = RandomJSON.idPool.filter({ !used.contains($0) }).randomElement(using: &rng) {
            result.insert(RandomJSON.idObject(id, depth: 1, rng: &rng), at: Int.random(in: 0...result.count, using: &rng))
        }
        if Int.random(in: 0..<5, using: &rng) == 0 { result.shuffle(using: &rng) }
        return result
    }

    static func editScalarArray(_ elements: [JSONValue], rng: inout some RandomNumberGenerator) -> [JSONValue] {
        var result = elements
        for _ in 0..<Int.random(in: 1...2, using: &rng) {
            switch Int.random(in: 0..<3, using: &rng) {
            case 0 where !result.isEmpty: result.remove(at: Int.random(in: result.indices, using: &rng))
            case 1 where !result.isEmpty: result[Int.random(in: result.indices, using: &rng)] = RandomJSON.scalar(&rng)
            default: result.insert(RandomJSON.scalar(&rng), at: Int.random(in: 0...result.count, using: &rng))
            }
        }
        return result
    }
}
