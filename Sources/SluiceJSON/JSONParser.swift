import Foundation

/// Strict RFC 8259 JSON parsing into `JSONValue`.
///
/// Rejects comments, trailing commas, leading zeros, NaN/Infinity, invalid escapes, lone
/// surrogates, invalid UTF-8, unescaped control characters and duplicate keys. A leading UTF-8
/// byte order mark is skipped. Errors carry a 1-based line and a column counted in Unicode scalars.
/// A raw line break inside a string is reported as `unterminated string` at the opening quote,
/// since a missing closing quote is by far the likeliest cause.
public enum JSONParser {
    /// Parses UTF-8 bytes.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { parse(buffer: $0, limits: limits) }.get()
    }

    /// Parses UTF-8 data.
    public static func parse(_ data: Data, limits: JSONLimits = .default) throws(JSONSyntaxError) -> JSONValue {
        try data.withUnsafeBytes { raw in
            parse(buffer: raw.bindMemory(to: UInt8.self), limits: limits)
        }.get()
    }

    /// Parses a string.
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONSyntaxError) -> JSONValue {
        var text = text
        return try text.withUTF8 { parse(buffer: $0, limits: limits) }.get()
    }

    /// Parses UTF-8 bytes and records where every value starts (see `JSONSourceMap`).
    public static func parseWithSourceMap(
        _ bytes: [UInt8], limits: JSONLimits = .default
    ) throws(JSONSyntaxError) -> (value: JSONValue, sourceMap: JSONSourceMap) {
        try bytes.withUnsafeBufferPointer { parseWithSourceMap(buffer: $0, limits: limits) }.get()
    }

    /// Parses a string and records where every value starts (see `JSONSourceMap`).
    public static func parseWithSourceMap(
        _ text: String, limits: JSONLimits = .default
    ) throws(JSONSyntaxError) -> (value: JSONValue, sourceMap: JSONSourceMap) {
        var text = text
        return try text.withUTF8 { parseWithSourceMap(buffer: $0, limits: limits) }.get()
    }

    // MARK: - Implementation

    static func parse(buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits) -> Result<JSONValue, JSONSyntaxError> {
        if let error = sizeError(buffer, limits) { return .failure(error) }
        var parser = JSONByteParser(bytes: buffer, maxDepth: limits.maxDepth, observer: NoParseObserver())
        do {
            return .success(try parser.parseDocument())
        } catch {
            // Parse again tracking the path, only to say which value failed.
            var tracker = JSONByteParser(bytes: buffer, maxDepth: limits.maxDepth, observer: PathTrackingObserver())
            var pointer: JSONPointer?
            do {
                _ = try tracker.parseDocument()
            } catch let tracked where tracked.offset == error.offset {
                pointer = tracked.pointer
            } catch {}
            return .failure(syntaxError(error, pointer: pointer, in: buffer))
        }
    }

    static func parseWithSourceMap(
        buffer: UnsafeBufferPointer<UInt8>, limits: JSONLimits
    ) -> Result<(value: JSONValue, sourceMap: JSONSourceMap), JSONSyntaxError> {
        if let error = sizeError(buffer, limits) { return .failure(error) }
        var parser = JSONByteParser(bytes: buffer, maxDepth: limits.maxDepth, observer: SourceMapObserver())
        do {
            let value = try parser.parseDocument()
            let positions = JSONSourcePosition.positions(of: parser.observer.offsets, in: buffer)
            let map = JSONSourceMap(pointers: parser.observer.pointers, positions: positions)
            return .success((value, map))
        } catch {
            return .failure(syntaxError(error, pointer: error.pointer, in: buffer))
        }
    }

    private static func sizeError(_ buffer: UnsafeBufferPointer<UInt8>, _ limits: JSONLimits) -> JSONSyntaxError? {
        guard buffer.count > limits.maxBytes else { return nil }
        return JSONSyntaxError(
            line: 1, column: 1, offset: 0, pointer: nil,
            message: "document is larger than \(limits.maxBytes) bytes"
        )
    }

    private static func syntaxError(
        _ failure: JSONParseFailure, pointer: JSONPointer?, in buffer: UnsafeBufferPointer<UInt8>
    ) -> JSONSyntaxError {
        let position =
            JSONSourcePosition.positions(of: [failure.offset], in: buffer).first
            ?? JSONSourcePosition(line: 1, column: 1)
        return JSONSyntaxError(
            line: position.line, column: position.column, offset: failure.offset,
            pointer: pointer, message: failure.message
        )
    }
}
