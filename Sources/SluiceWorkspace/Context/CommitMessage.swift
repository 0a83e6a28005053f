/// A commit message: a short subject, and a body when there is more to say.
struct CommitMessage: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    var subject: String
    var body: String?

    init(_ subject: String, body: String? = nil) {
        self.subject = subject
        self.body = body
    }

    init(stringLiteral value: String) { self.init(value) }

    init(stringInterpolation: DefaultStringInterpolation) { self.init(String(stringInterpolation: stringInterpolation)) }

    /// The full message git stores.
    var text: String { body.map { "\(subject)\n\n\($0)\n" } ?? subject }

    /// `"<prefix> (a, b)"` for a few paths; for many, `"<prefix> (1,000 documents)"` with one path per line in the body,
    /// so that `git log --oneline` stays readable.
    static func naming(_ prefix: String, paths: [String]) -> CommitMessage {
        let inline = "\(prefix) (\(paths.joined(separator: ", ")))"
        if paths.count <= 3, inline.count <= 100 { return CommitMessage(inline) }
        let count = paths.count.formatted(.number.grouping(.automatic).locale(.init(identifier: "en_US")))
        return CommitMessage("\(prefix) (\(count) \(paths.count == 1 ? "file" : "files"))", body: paths.joined(separator: "\n"))
    }
}
