/// Where each value of a parsed document starts, for pointing editors at problems.
///
/// For an object member the recorded position is that of the member's key (what editors
/// highlight); for an array element it is the element's first character; for the root it is
/// the first character of the document's value.
public struct JSONSourceMap: Sendable {
    private let positionByPointer: [JSONPointer: JSONSourcePosition]

    /// Every recorded pointer, in document order.
    public let pointers: [JSONPointer]

    init(pointers: [JSONPointer], positions: [JSONSourcePosition]) {
        self.pointers = pointers
        var map: [JSONPointer: JSONSourcePosition] = [:]
        map.reserveCapacity(pointers.count)
        for (pointer, position) in zip(pointers, positions) {
            map[pointer] = position
        }
        positionByPointer = map
    }

    /// Parses `bytes` (see `JSONParser`) and returns only the source map.
    public static func build(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONSyntaxError) -> JSONSourceMap {
        try JSONParser.parseWithSourceMap(bytes, limits: limits).sourceMap
    }

    /// Parses `text` (see `JSONParser`) and returns only the source map.
    public static func build(_ text: String, limits: JSONLimits = .default) throws(JSONSyntaxError) -> JSONSourceMap {
        try JSONParser.parseWithSourceMap(text, limits: limits).sourceMap
    }

    /// The position where the value at `pointer` starts (its key, for an object member).
    ///
    /// A pointer that does not exist in the document falls back to its nearest existing
    /// ancestor, so a "missing field" problem points at the object that lacks it. Returns nil
    /// only if no ancestor exists either (an empty map).
    public func position(of pointer: JSONPointer) -> JSONSourcePosition? {
        var tokens = pointer.tokens
        while true {
            if let position = positionByPointer[JSONPointer(tokens: tokens)] { return position }
            guard !tokens.isEmpty else { return nil }
            tokens.removeLast()
        }
    }

    /// The position recorded for exactly `pointer`, without falling back to an ancestor.
    public func exactPosition(of pointer: JSONPointer) -> JSONSourcePosition? {
        positionByPointer[pointer]
    }
}
