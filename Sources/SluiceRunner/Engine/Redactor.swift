import Foundation
import SluiceJSON

/// Replaces secret values by `[secret]` in text and JSON. A run has one, made from its flow's secrets, its connections'
/// credentials and the secrets of the run that called it; every record a run leaves passes through it (`RunJournal`).
///
/// Besides each value as it is, it replaces the forms a value takes on its way out of a block: percent-encoded (a URL
/// in an error), escaped inside a JSON string (a reply that echoes a request), and base64 (an `Authorization` header).
/// Values shorter than three characters are not replaced: they would hide ordinary text and protect nothing.
public struct Redactor: Sendable, Hashable {
    /// What stands for a secret value.
    public static let marker = "[secret]"
    /// The shortest value that is replaced.
    public static let shortest = 3

    /// The secret values as given (handed on to a called flow).
    public let secrets: Set<String>
    /// Every form to replace, longest first so that a value containing another is replaced whole.
    private let forms: [String]

    /// A redactor for `secrets`.
    public init(secrets: some Sequence<String>) {
        let kept = Set(secrets.filter { $0.count >= Self.shortest })
        var forms = Set<String>()
        for secret in kept {
            forms.insert(secret)
            for allowed in [CharacterSet.alphanumerics, .urlQueryAllowed, .urlPathAllowed] {
                if let encoded = secret.addingPercentEncoding(withAllowedCharacters: allowed) { forms.insert(encoded) }
            }
            forms.insert(String(JSONValue.string(secret).compactText().dropFirst().dropLast()))
            forms.insert(Data(secret.utf8).base64EncodedString())
        }
        self.secrets = kept
        self.forms = forms.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// A redactor that replaces nothing.
    public static let none = Redactor(secrets: [])

    /// True when nothing is replaced.
    public var isEmpty: Bool { forms.isEmpty }

    /// This redactor and `other`'s secrets together.
    public func adding(_ other: some Sequence<String>) -> Redactor { Redactor(secrets: secrets.union(other)) }

    /// `text` with every secret replaced.
    public func callAsFunction(_ text: String) -> String {
        var result = text
        for form in forms where result.contains(form) { result = result.replacingOccurrences(of: form, with: Self.marker) }
        return result
    }

    /// `text` with every secret replaced.
    public func callAsFunction(_ text: String?) -> String? { text.map { self($0) } }

    /// `value` with every secret replaced, in strings and in member names.
    public func callAsFunction(_ value: JSONValue) -> JSONValue {
        guard !forms.isEmpty else { return value }
        switch value {
        case .string(let text): return .string(self(text))
        case .array(let items): return .array(items.map { self($0) })
        case .object(let object):
            var copy = JSONObject()
            for (key, item) in object { copy[self(key)] = self(item) }
            return .object(copy)
        case .null, .bool, .number: return value
        }
    }

    /// `value` with every secret replaced.
    public func callAsFunction(_ value: JSONValue?) -> JSONValue? { value.map { self($0) } }

    /// The run with its trigger payload and error redacted.
    public func callAsFunction(_ run: RunRecord) -> RunRecord {
        var copy = run
        copy.trigger = self(run.trigger)
        copy.error = self(run.error)
        return copy
    }

    /// The step with its inputs, output and error redacted.
    public func callAsFunction(_ step: StepRecord) -> StepRecord {
        var copy = step
        copy.inputs = self(step.inputs)
        copy.output = self(step.output)
        copy.error = self(step.error)
        return copy
    }
}

/// The one way a run writes its records: every run, step and error passes through the run's redactor on its way to
/// the store, to the caller and to the error notification.
struct RunJournal: Sendable {
    let store: RunStore
    let redact: Redactor

    /// Records a new run and returns it as recorded.
    func begin(_ run: RunRecord, touching assets: [String]) throws -> RunRecord {
        let recorded = redact(run)
        try store.insert(recorded, touching: assets)
        return recorded
    }

    /// Records a step.
    func save(_ step: StepRecord) throws { try store.save(redact(step)) }

    /// Records the end (or the parking) of a run and returns it as recorded.
    func finish(_ run: RunRecord) throws -> RunRecord {
        let recorded = redact(run)
        try store.finish(
            recorded.id, status: recorded.status, at: recorded.finishedAt, failedBlock: recorded.failedBlock, error: recorded.error,
            wakeAt: recorded.wakeAt)
        return recorded
    }
}
