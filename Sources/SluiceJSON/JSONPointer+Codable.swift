/// A JSON pointer is coded as its text, `/a/0/b` (the empty text for the root).
extension JSONPointer: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        do { self = try JSONPointer(parsing: try container.decode(String.self)) } catch let error as JSONPointerError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension KeyedDecodingContainer {
    /// A JSON value that may be absent (nil) or present as any value, `null` included (which `decodeIfPresent` would
    /// read as absent).
    public func decodeJSONValueIfPresent(forKey key: Key) throws -> JSONValue? {
        // Not a ternary: `nil` there would be read as `JSONValue.null` (JSONValue is ExpressibleByNilLiteral).
        guard contains(key) else { return nil }
        return try decode(JSONValue.self, forKey: key)
    }
}
