/// Receives structural events from `JSONByteParser`; the fast path uses `NoParseObserver`,
/// whose empty methods specialise away entirely.
protocol JSONParseObserver {
    /// The top-level value starts at `offset`.
    mutating func beginRoot(at offset: Int)
    /// A member named `key` (whose opening quote is at `offset`) is about to be parsed.
    mutating func pushKey(_ key: String, at offset: Int)
    /// Array element `index`, starting at `offset`, is about to be parsed.
    mutating func pushIndex(_ index: Int, at offset: Int)
    /// The member or element pushed last is complete.
    mutating func pop()
    /// The pointer of the value currently being parsed, if tracked.
    var currentPointer: JSONPointer? { get }
}

/// Tracks nothing; used for the fast path.
struct NoParseObserver: JSONParseObserver {
    @inline(__always) mutating func beginRoot(at offset: Int) {}
    @inline(__always) mutating func pushKey(_ key: String, at offset: Int) {}
    @inline(__always) mutating func pushIndex(_ index: Int, at offset: Int) {}
    @inline(__always) mutating func pop() {}
    var currentPointer: JSONPointer? { nil }
}

/// Tracks the current path, so errors can say which value failed.
struct PathTrackingObserver: JSONParseObserver {
    var tokens: [String] = []

    mutating func beginRoot(at offset: Int) {}
    mutating func pushKey(_ key: String, at offset: Int) { tokens.append(key) }
    mutating func pushIndex(_ index: Int, at offset: Int) { tokens.append(String(index)) }
    mutating func pop() { tokens.removeLast() }
    var currentPointer: JSONPointer? { JSONPointer(tokens: tokens) }
}

/// Tracks the current path and records where every value (or member key) starts.
struct SourceMapObserver: JSONParseObserver {
    var tokens: [String] = []
    var pointers: [JSONPointer] = []
    var offsets: [Int] = []

    mutating func beginRoot(at offset: Int) {
        pointers.append(.root)
        offsets.append(offset)
    }

    mutating func pushKey(_ key: String, at offset: Int) {
        tokens.append(key)
        pointers.append(JSONPointer(tokens: tokens))
        offsets.append(offset)
    }

    mutating func pushIndex(_ index: Int, at offset: Int) {
        tokens.append(String(index))
        pointers.append(JSONPointer(tokens: tokens))
        offsets.append(offset)
    }

    mutating func pop() { tokens.removeLast() }
    var currentPointer: JSONPointer? { JSONPointer(tokens: tokens) }
}
