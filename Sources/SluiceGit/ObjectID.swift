import CLibGit2

/// A git object name (a SHA-1 of 20 bytes), printed as 40 lowercase hex digits.
public struct ObjectID: Sendable, Hashable, CustomStringConvertible, Comparable {
    /// The raw bytes of the object name.
    public let bytes: [UInt8]

    /// Parses a full 40-digit hex object name (either case). Returns nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 40 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        var index = 0
        while index < digits.count {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else {
                return nil
            }
            bytes.append(high << 4 | low)
            index += 2
        }
        self.bytes = bytes
    }

    /// The id git gives a blob of `bytes` (hashing only; nothing is written).
    public init(blobHashing bytes: [UInt8]) {
        var oid = git_oid()
        _ = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        self.init(oid)
    }

    /// Copies a libgit2 object id.
    init(_ oid: git_oid) {
        self.bytes = withUnsafeBytes(of: oid.id) { Array($0) }
    }

    /// Copies a borrowed libgit2 object id pointer.
    init(_ oid: UnsafePointer<git_oid>) {
        self.init(oid.pointee)
    }

    /// The libgit2 representation.
    var oid: git_oid {
        var oid = git_oid()
        withUnsafeMutableBytes(of: &oid.id) { buffer in
            for (offset, byte) in bytes.prefix(buffer.count).enumerated() {
                buffer[offset] = byte
            }
        }
        return oid
    }

    /// 40 lowercase hex digits.
    public var description: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Orders ids by their bytes, which is the same as ordering their hex strings.
    public static func < (lhs: ObjectID, rhs: ObjectID) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
