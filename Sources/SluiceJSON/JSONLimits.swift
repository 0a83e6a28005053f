/// Resource limits applied while parsing untrusted JSON.
public struct JSONLimits: Sendable, Hashable {
    /// The deepest allowed nesting of arrays and objects (the top-level container is level 1).
    public var maxDepth: Int
    /// The largest accepted document, in bytes (including any byte order mark).
    public var maxBytes: Int

    /// Creates limits; the defaults are 512 levels and 16 MiB.
    public init(maxDepth: Int = 512, maxBytes: Int = 16 * 1024 * 1024) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// 512 levels of nesting and 16 MiB.
    public static let `default` = JSONLimits()
}
