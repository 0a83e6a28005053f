/// Bounds-checked reads of integers from a byte buffer: every read past the end is nil, never a trap.
struct ByteReader {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func byte(at offset: Int) -> UInt8? { offset >= 0 && offset < bytes.count ? bytes[offset] : nil }

    func slice(_ offset: Int, _ count: Int) -> ArraySlice<UInt8>? {
        offset >= 0 && count >= 0 && offset + count <= bytes.count ? bytes[offset..<(offset + count)] : nil
    }

    func starts(with prefix: [UInt8]) -> Bool { matches(prefix, at: 0) }

    func matches(_ expected: [UInt8], at offset: Int) -> Bool { slice(offset, expected.count).map { Array($0) == expected } ?? false }

    func uint16BE(at offset: Int) -> Int? { slice(offset, 2).map { $0.reduce(0) { $0 << 8 | Int($1) } } }

    func uint32BE(at offset: Int) -> Int? { slice(offset, 4).map { $0.reduce(0) { $0 << 8 | Int($1) } } }

    func uint16LE(at offset: Int) -> Int? { slice(offset, 2).map { $0.reversed().reduce(0) { $0 << 8 | Int($1) } } }

    func uint24LE(at offset: Int) -> Int? { slice(offset, 3).map { $0.reversed().reduce(0) { $0 << 8 | Int($1) } } }

    func uint32LE(at offset: Int) -> Int? { slice(offset, 4).map { $0.reversed().reduce(0) { $0 << 8 | Int($1) } } }
}
