import Foundation
import SluiceJSON

/// A `{{namespace.path}}` reference found inside a document value.
public struct DynamicReference: Sendable, Hashable {
    /// The namespaces dynamic values read from (DESIGN §6).
    public enum Namespace: String, Sendable, CaseIterable {
        case trigger, blocks, vars, env, secrets
    }

    /// Where the reference appears.
    public var pointer: JSONPointer
    /// The text between the braces, trimmed.
    public var expression: String
    /// The namespace, or nil when it is not one Sluice knows.
    public var namespace: Namespace?
    /// The path segments after the namespace.
    public var segments: [String]
    /// Whether the reference is the whole string (and so keeps its JSON type at run time).
    public var isWholeValue: Bool
}

/// Finds dynamic values in JSON.
public enum DynamicValues {
    /// Every reference inside `value`, with pointers below `base`.
    public static func references(in value: JSONValue, at base: JSONPointer = .root) -> [DynamicReference] {
        var result: [DynamicReference] = []
        var path = base.tokens
        collect(value, path: &path, into: &result)
        return result
    }

    /// Walks `value` keeping the path as a token stack, so pointers are built only for strings that hold references.
    private static func collect(_ value: JSONValue, path: inout [String], into result: inout [DynamicReference]) {
        switch value {
        case .string(let text):
            if text.utf8.count >= 4, opensReference(text) { result += references(inText: text, at: JSONPointer(tokens: path)) }
        case .array(let items):
            for (index, item) in items.enumerated() {
                path.append(String(index))
                collect(item, path: &path, into: &result)
                path.removeLast()
            }
        case .object(let object):
            for (key, item) in object {
                path.append(key)
                collect(item, path: &path, into: &result)
                path.removeLast()
            }
        case .null, .bool, .number: break
        }
    }

    /// The pointers of strings inside `value` with a `{{` that no `}}` closes (text a run would leave as it is).
    public static func unclosed(in value: JSONValue, at base: JSONPointer = .root) -> [JSONPointer] {
        switch value {
        case .string(let text):
            guard opensReference(text) else { return [] }
            var closedUpTo = 0
            scan(text) { range, _ in closedUpTo = range.upperBound }
            let rest = Array(text.utf8)[closedUpTo...]
            return zip(rest, rest.dropFirst()).contains { $0 == UInt8(ascii: "{") && $1 == UInt8(ascii: "{") } ? [base] : []
        case .array(let items): return items.enumerated().flatMap { unclosed(in: $1, at: base.appending($0)) }
        case .object(let object): return object.flatMap { unclosed(in: $0.value, at: base.appending($0.key)) }
        case .null, .bool, .number: return []
        }
    }

    /// The references inside one string.
    public static func references(inText text: String, at pointer: JSONPointer) -> [DynamicReference] {
        var result: [DynamicReference] = []
        let count = text.utf8.count
        scan(text) { range, expression in
            let parts = expression.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            result.append(
                DynamicReference(
                    pointer: pointer, expression: expression, namespace: parts.first.flatMap(DynamicReference.Namespace.init(rawValue:)),
                    segments: Array(parts.dropFirst()), isWholeValue: range.lowerBound == 0 && range.upperBound == count
                ))
        }
        return result
    }

    /// `text` with each `{{expression}}` replaced by `{{transform(expression)}}` where `transform` returns a new
    /// expression; the rest of the text, spacing inside untouched references included, stays as it was.
    public static func rewrite(_ text: String, _ transform: (DynamicReference) -> String?) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var copied = 0
        scan(text) { range, _ in
            let original = String(decoding: bytes[range], as: UTF8.self)
            guard let reference = references(inText: original, at: .root).first, let replacement = transform(reference) else { return }
            output += bytes[copied..<range.lowerBound]
            output += Array("{{\(replacement)}}".utf8)
            copied = range.upperBound
        }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// `text` with each `{{expression}}` replaced by `replacement(reference)`; text outside the braces is kept.
    public static func substitute<Failure: Error>(
        _ text: String, _ replacement: (DynamicReference) throws(Failure) -> String
    ) throws(Failure) -> String {
        let bytes = Array(text.utf8)
        var ranges: [(Range<Int>, String)] = []
        scan(text) { range, expression in ranges.append((range, expression)) }
        var output = ""
        var copied = 0
        for (range, _) in ranges {
            let original = String(decoding: bytes[range], as: UTF8.self)
            guard let reference = references(inText: original, at: .root).first else { continue }
            output += String(decoding: bytes[copied..<range.lowerBound], as: UTF8.self)
            output += try replacement(reference)
            copied = range.upperBound
        }
        output += String(decoding: bytes[copied...], as: UTF8.self)
        return output
    }

    /// Calls `body` with the UTF-8 byte range of each `{{…}}` in `text` and its trimmed expression.
    private static func scan(_ text: String, _ body: (Range<Int>, String) -> Void) {
        let bytes = Array(text.utf8)
        let brace = UInt8(ascii: "{")
        let closing = UInt8(ascii: "}")
        var index = 0
        while index + 1 < bytes.count {
            guard bytes[index] == brace, bytes[index + 1] == brace else {
                index += 1
                continue
            }
            var end = index + 2
            while end + 1 < bytes.count, !(bytes[end] == closing && bytes[end + 1] == closing) { end += 1 }
            guard end + 1 < bytes.count else { break }
            body(index..<(end + 2), trimmed(bytes[(index + 2)..<end]))
            index = end + 2
        }
    }

    /// Whether `text` holds `{{`, without Foundation's general substring search.
    private static func opensReference(_ text: String) -> Bool {
        var afterBrace = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "{") {
                if afterBrace { return true }
                afterBrace = true
            } else {
                afterBrace = false
            }
        }
        return false
    }

    /// The expression between braces without surrounding spaces and tabs; other Unicode spaces are trimmed too.
    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> String {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        let start = bytes.firstIndex { !blank($0) } ?? bytes.endIndex
        let end = bytes[start...].lastIndex { !blank($0) }.map { $0 + 1 } ?? start
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        guard let first = bytes[start..<end].first, let last = bytes[start..<end].last, first >= 0x80 || last >= 0x80 else { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
