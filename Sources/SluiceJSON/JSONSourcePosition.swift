/// A line and column in a JSON document, both 1-based; columns count Unicode scalars.
public struct JSONSourcePosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The 1-based line.
    public var line: Int
    /// The 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a position.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// `line:column`.
    public var description: String { "\(line):\(column)" }

    /// Orders by line, then column.
    public static func < (lhs: JSONSourcePosition, rhs: JSONSourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

extension JSONSourcePosition {
    /// Computes positions for ascending byte offsets in one pass over `bytes`.
    /// A leading byte order mark is not counted as a column.
    static func positions(of offsets: [Int], in bytes: UnsafeBufferPointer<UInt8>) -> [JSONSourcePosition] {
        var result: [JSONSourcePosition] = []
        result.reserveCapacity(offsets.count)
        var line = 1
        var column = 1
        var index = JSONByteParser<NoParseObserver>.bomLength(bytes)
        for offset in offsets {
            let target = min(offset, bytes.count)
            while index < target {
                let byte = bytes[index]
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
                index += 1
            }
            result.append(JSONSourcePosition(line: line, column: column))
        }
        return result
    }
}
