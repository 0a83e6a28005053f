import CLibGit2
import Foundation

/// A git repository opened through libgit2. Owns its `git_repository` handle and frees it in
/// `deinit`. Not Sendable: use one instance from one task/thread at a time (open another
/// instance for concurrent work).
///
/// Paths inside the work tree are relative to the work tree root and use `/` separators.
public final class Repository {
    /// The owned `git_repository`.
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        git_repository_free(pointer)
    }

    /// Opens the repository whose work tree (or git directory) is exactly `path`. Does not search
    /// parent directories; throws a ``GitError`` (`isNotFound`) when `path` is not a repository.
    public static func open(at path: String) throws -> Repository {
        LibGit2.ensureInitialized()
        let pointer = try makeHandle("git_repository_open", { $0 }) { out in
            git_repository_open(&out, path)
        }
        return Repository(pointer: pointer)
    }

    /// Finds the repository containing `path` by walking up the directory tree.
    /// Returns nil when no enclosing repository exists.
    public static func discover(from path: String) throws -> Repository? {
        LibGit2.ensureInitialized()
        do {
            let pointer = try makeHandle("git_repository_open_ext", { $0 }) { out in
                git_repository_open_ext(&out, path, 0, nil)
            }
            return Repository(pointer: pointer)
        } catch let error as GitError where error.isNotFound {
            return nil
        }
    }

    /// Creates a new non-bare repository at `path` (creating missing directories) whose HEAD is the
    /// unborn branch `refs/heads/<initialBranch>`. Throws if a repository already exists there.
    public static func create(at path: String, initialBranch: String) throws -> Repository {
        try initialize(at: path, bare: false, initialBranch: initialBranch)
    }

    /// Creates a new bare repository at `path` whose HEAD is the unborn branch
    /// `refs/heads/<initialBranch>`. Throws if a repository already exists there.
    public static func createBare(at path: String, initialBranch: String = "main") throws -> Repository {
        try initialize(at: path, bare: true, initialBranch: initialBranch)
    }

    private static func initialize(at path: String, bare: Bool, initialBranch: String) throws -> Repository {
        LibGit2.ensureInitialized()
        guard git_reference_is_valid_name("refs/heads/\(initialBranch)") == 1 else {
            throw GitError.invalidArgument("invalid branch name '\(initialBranch)'", function: "git_repository_init_ext")
        }
        var options = git_repository_init_options()
        try git("git_repository_init_options_init") {
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION))
        }
        var flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        if bare {
            flags |= GIT_REPOSITORY_INIT_BARE.rawValue
        }
        options.flags = flags
        let pointer = try initialBranch.withCString { (branch) throws -> OpaquePointer in
            options.initial_head = branch
            return try makeHandle("git_repository_init_ext", { $0 }) { out in
                git_repository_init_ext(&out, path, &options)
            }
        }
        return Repository(pointer: pointer)
    }

    /// The absolute path of the work tree without a trailing slash; nil for a bare repository.
    public var workingDirectory: String? {
        guard let path = git_repository_workdir(pointer) else { return nil }
        return Self.trimmingTrailingSlash(String(cString: path))
    }

    /// The absolute path of the git directory (`.../.git` or the bare repository) without a
    /// trailing slash.
    public var gitDirectory: String {
        guard let path = git_repository_path(pointer) else { return "" }
        return Self.trimmingTrailingSlash(String(cString: path))
    }

    /// True for a bare repository (no work tree).
    public var isBare: Bool {
        git_repository_is_bare(pointer) == 1
    }

    /// True when HEAD names a branch that has no commit yet.
    public var isHeadUnborn: Bool {
        get throws {
            try gitValue("git_repository_head_unborn") { git_repository_head_unborn(pointer) } == 1
        }
    }

    static func trimmingTrailingSlash(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") {
            path.removeLast()
        }
        return path
    }
}
