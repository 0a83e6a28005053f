import Foundation
import SluiceDocuments
import SluiceGit

/// A remote as `sluice remote list` shows it, with how far the environment is ahead or behind it.
public struct RemoteSummary: Codable, Sendable, Hashable {
    public var name: String
    public var url: String
    /// Commits here that the remote's copy of this environment lacks (nil before the first fetch).
    public var ahead: Int?
    /// Commits there that this environment lacks (nil before the first fetch).
    public var behind: Int?
}

extension SyncService {
    /// Adds a remote: a path to a bare repository, or a `file://`, `ssh://`, `user@host:path` or `https://` URL.
    public func addRemote(name: String, url: String) throws(WorkspaceError) {
        guard name.range(of: "^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", options: .regularExpression) != nil else {
            throw .invalidInput("remote name \"\(name)\" may contain only letters, digits, '.', '_' and '-'")
        }
        let location = try Self.remoteLocation(url)
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let repository = try context.repository()
        if try lift({ try repository.remotes() }).contains(where: { $0.name == name }) { throw .refused(.remoteExists(name)) }
        try lift { try repository.addRemote(name: name, url: location) }
    }

    /// Removes a remote and its tracking branches.
    public func removeRemote(name: String) throws(WorkspaceError) {
        let lock = try context.lock()
        defer { withExtendedLifetime(lock) {} }
        let repository = try context.repository()
        guard try lift({ try repository.remotes() }).contains(where: { $0.name == name }) else { throw .notFound(.remote, query: name) }
        try lift { try repository.removeRemote(name: name) }
    }

    /// The remotes, with ahead/behind counts for the current environment where a fetch has been made.
    public func remotes() throws(WorkspaceError) -> [RemoteSummary] {
        try Self.remoteSummaries(try context.repository())
    }

    static func remoteSummaries(_ repository: Repository) throws(WorkspaceError) -> [RemoteSummary] {
        try lift {
            let branch = try repository.currentBranch()
            let head = try repository.headCommitID()
            return try repository.remotes().map { remote in
                var summary = RemoteSummary(name: remote.name, url: remote.url)
                if let branch, let head, let upstream = try repository.resolveReference("refs/remotes/\(remote.name)/\(branch)") {
                    let counts = try repository.aheadBehind(local: head, upstream: upstream)
                    summary.ahead = counts.ahead
                    summary.behind = counts.behind
                }
                return summary
            }
        }
    }

    /// Checks a remote location and makes a plain path absolute.
    static func remoteLocation(_ url: String) throws(WorkspaceError) -> String {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidInput("remote URL must not be empty or contain control characters")
        }
        if let scheme = trimmed.range(of: "://").map({ String(trimmed[..<$0.lowerBound]).lowercased() }) {
            guard ["file", "ssh", "https", "http", "git"].contains(scheme) else {
                throw .invalidInput("remote URL scheme \(scheme):// is not supported (use a path, file://, ssh:// or https://)")
            }
            return trimmed
        }
        if trimmed.range(of: "^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:", options: .regularExpression) != nil { return trimmed }
        let absolute = trimmed.hasPrefix("/") ? trimmed : FileManager.default.currentDirectoryPath + "/" + trimmed
        return URL(fileURLWithPath: absolute).standardizedFileURL.path
    }
}
