import SluiceJSON

/// A base document and two edited descendants.
struct MergeCase: Sendable, CustomStringConvertible {
    let base: JSONValue
    let ours: JSONValue
    let theirs: JSONValue

    var description: String { "base \(base)\nours \(ours)\ntheirs \(theirs)" }
}
