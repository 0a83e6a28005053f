import CLibGit2

/// Questions about the commit graph.
extension Repository {
    /// The best common ancestor of two commits, or nil when their histories are unrelated.
    public func mergeBase(_ one: ObjectID, _ other: ObjectID) throws -> ObjectID? {
        var result = git_oid()
        var first = one.oid
        var second = other.oid
        let code = git_merge_base(&result, pointer, &first, &second)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        guard code >= 0 else { throw GitError.last(code: code, function: "git_merge_base") }
        return ObjectID(result)
    }

    /// How many commits `local` has that `upstream` lacks (ahead), and the reverse (behind).
    public func aheadBehind(local: ObjectID, upstream: ObjectID) throws -> (ahead: Int, behind: Int) {
        var ahead = 0
        var behind = 0
        var localOID = local.oid
        var upstreamOID = upstream.oid
        try git("git_graph_ahead_behind") { git_graph_ahead_behind(&ahead, &behind, pointer, &localOID, &upstreamOID) }
        return (ahead, behind)
    }

    /// Whether `commit` has `ancestor` in its history (a commit is not its own descendant).
    public func isDescendant(_ commit: ObjectID, of ancestor: ObjectID) throws -> Bool {
        var commitOID = commit.oid
        var ancestorOID = ancestor.oid
        return try gitValue("git_graph_descendant_of") { git_graph_descendant_of(pointer, &commitOID, &ancestorOID) } == 1
    }
}
