import CLibGit2

/// HEAD, branches and compare-and-swap reference updates.
extension Repository {
    /// The short name of the branch HEAD points at (also when that branch is unborn), or nil when
    /// HEAD is detached.
    public func currentBranch() throws -> String? {
        guard let target = try headSymbolicTarget() else { return nil }
        let prefix = "refs/heads/"
        guard target.hasPrefix(prefix) else { return nil }
        return String(target.dropFirst(prefix.count))
    }

    /// The commit HEAD resolves to, or nil when the current branch is unborn.
    public func headCommitID() throws -> ObjectID? {
        try resolveReference("HEAD")
    }

    /// The full name HEAD points at (`refs/heads/main`), or nil when HEAD is detached.
    func headSymbolicTarget() throws -> String? {
        let head = try makeHandle("git_reference_lookup", ReferenceHandle.init) { out in
            git_reference_lookup(&out, pointer, "HEAD")
        }
        return withExtendedLifetime(head) {
            guard git_reference_type(head.pointer) == GIT_REFERENCE_SYMBOLIC,
                let target = git_reference_symbolic_target(head.pointer)
            else { return nil }
            return String(cString: target)
        }
    }

    /// The object id a reference resolves to (symbolic references are followed; tags are not
    /// peeled). `name` is a full name (`refs/heads/main`, `refs/remotes/origin/main`), `HEAD`, or
    /// a short name, tried first as a local branch and then with git's usual rules (tags, remote
    /// branches). Returns nil when no such reference exists, or it is an unborn symbolic reference;
    /// throws for names git considers malformed (`GIT_EINVALIDSPEC`).
    public func resolveReference(_ name: String) throws -> ObjectID? {
        if name == "HEAD" || name.hasPrefix("refs/") {
            return try referenceTarget(fullName: name)
        }
        if let branch = try referenceTarget(fullName: "refs/heads/\(name)") {
            return branch
        }
        let reference: ReferenceHandle
        do {
            reference = try makeHandle("git_reference_dwim", ReferenceHandle.init) { out in
                git_reference_dwim(&out, pointer, name)
            }
        } catch let error as GitError where error.isNotFound || error.code == GIT_EINVALIDSPEC.rawValue {
            return nil
        }
        return try withExtendedLifetime(reference) { () throws -> ObjectID? in
            guard let fullName = git_reference_name(reference.pointer) else { return nil }
            return try referenceTarget(fullName: String(cString: fullName))
        }
    }

    private func referenceTarget(fullName: String) throws -> ObjectID? {
        var oid = git_oid()
        do {
            try git("git_reference_name_to_id") { git_reference_name_to_id(&oid, pointer, fullName) }
        } catch let error as GitError where error.isNotFound {
            return nil
        }
        return ObjectID(oid)
    }

    /// Compare-and-swap: moves the direct reference `name` (full name, for example
    /// `refs/heads/main`) to `newID` only if it currently points at `expected`
    /// (nil = it must not exist yet). The check and the write happen under the reference's lock
    /// file. Throws a ``GitError`` with `isConflictingUpdate` when the reference moved meanwhile,
    /// exists although `expected` is nil, is missing although `expected` is not nil, or is locked.
    /// `logMessage` is recorded in the reflog.
    public func updateReference(_ name: String, to newID: ObjectID, expected: ObjectID?, logMessage: String) throws {
        var target = newID.oid
        var out: OpaquePointer?
        defer { git_reference_free(out) }
        guard var current = expected?.oid else {
            try git("git_reference_create") {
                git_reference_create(&out, pointer, name, &target, 0, logMessage)
            }
            return
        }
        do {
            try git("git_reference_create_matching") {
                git_reference_create_matching(&out, pointer, name, &target, 1, &current, logMessage)
            }
        } catch let error as GitError where error.isNotFound {
            throw GitError(
                code: GIT_EMODIFIED.rawValue,
                errorClass: error.errorClass,
                message: "reference '\(name)' does not exist, expected it at \(expected.map(\.description) ?? "")",
                function: error.function
            )
        }
    }

    /// Deletes the reference `name` (full name). When `expected` is not nil the reference must
    /// currently point at it, otherwise a ``GitError`` with `isConflictingUpdate` is thrown and
    /// nothing changes. Throws `isNotFound` when the reference does not exist.
    public func deleteReference(_ name: String, expected: ObjectID?) throws {
        let reference = try makeHandle("git_reference_lookup", ReferenceHandle.init) { out in
            git_reference_lookup(&out, pointer, name)
        }
        try withExtendedLifetime(reference) {
            if let expected {
                let current = git_reference_target(reference.pointer).map { ObjectID($0) }
                guard current == expected else {
                    throw GitError(
                        code: GIT_EMODIFIED.rawValue,
                        errorClass: Int32(bitPattern: GIT_ERROR_REFERENCE.rawValue),
                        message: "reference '\(name)' is at \(current?.description ?? "a symbolic target"), expected \(expected)",
                        function: "git_reference_delete"
                    )
                }
            }
            // libgit2 deletes only if the reference still has the value read above.
            try git("git_reference_delete") { git_reference_delete(reference.pointer) }
        }
    }

    /// Local branch short names, sorted.
    public func branches() throws -> [String] {
        try branchNames(GIT_BRANCH_LOCAL)
    }

    /// Remote-tracking branch names like `origin/main`, sorted. Symbolic ones such as
    /// `origin/HEAD` are left out.
    public func remoteTrackingBranches() throws -> [String] {
        try branchNames(GIT_BRANCH_REMOTE)
    }

    private func branchNames(_ type: git_branch_t) throws -> [String] {
        let iterator = try makeHandle("git_branch_iterator_new", BranchIteratorHandle.init) { out in
            git_branch_iterator_new(&out, pointer, type)
        }
        return try withExtendedLifetime(iterator) { () throws -> [String] in
            var names: [String] = []
            while true {
                var out: OpaquePointer?
                var kind = GIT_BRANCH_LOCAL
                let result = git_branch_next(&out, &kind, iterator.pointer)
                if result == GIT_ITEROVER.rawValue { break }
                guard result >= 0, let out else { throw GitError.last(code: result, function: "git_branch_next") }
                let reference = ReferenceHandle(out)
                try withExtendedLifetime(reference) {
                    guard git_reference_type(reference.pointer) == GIT_REFERENCE_DIRECT else { return }
                    var name: UnsafePointer<CChar>?
                    try git("git_branch_name") { git_branch_name(&name, reference.pointer) }
                    if let name { names.append(String(cString: name)) }
                }
            }
            return names.sorted()
        }
    }

    /// Creates the local branch `name` at commit `at`. Throws `isConflictingUpdate` (`GIT_EEXISTS`)
    /// when it already exists.
    public func createBranch(_ name: String, at: ObjectID) throws {
        let commit = try lookupCommit(at)
        var out: OpaquePointer?
        defer { git_reference_free(out) }
        try withExtendedLifetime(commit) {
            try git("git_branch_create") { git_branch_create(&out, pointer, name, commit.pointer, 0) }
        }
    }

    /// Points HEAD at `refs/heads/<branch>` (the branch may be unborn). Does not touch the index or
    /// work tree: call ``checkout(commit:force:)`` first when switching between existing branches.
    public func setHead(branch: String) throws {
        try git("git_repository_set_head") { git_repository_set_head(pointer, "refs/heads/\(branch)") }
    }
}
