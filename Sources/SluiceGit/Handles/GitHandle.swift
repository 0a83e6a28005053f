import CLibGit2

/// One kind of libgit2 object: the pointer type its constructors hand out and the function that frees it.
protocol GitHandleKind {
    associatedtype Pointer
    /// Frees one object of this kind.
    static func free(_ pointer: Pointer)
}

/// Owns one libgit2 pointer and frees it exactly once, when the owner goes away. Not Sendable: libgit2 objects
/// belong to the thread that uses them.
final class GitHandle<Kind: GitHandleKind> {
    /// The owned pointer; valid while this object is alive.
    let pointer: Kind.Pointer

    /// Takes ownership of `pointer`.
    init(_ pointer: Kind.Pointer) {
        self.pointer = pointer
    }

    deinit {
        Kind.free(pointer)
    }
}

/// The kinds of libgit2 objects SluiceGit holds, each with its free function.
enum GitObjectKinds {
    enum Blob: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_blob_free(pointer) } }
    enum BranchIterator: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_branch_iterator_free(pointer) } }
    enum Commit: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_commit_free(pointer) } }
    enum Config: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_config_free(pointer) } }
    enum Diff: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_diff_free(pointer) } }
    enum Index: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_index_free(pointer) } }
    enum Reference: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_reference_free(pointer) } }
    /// `git_remote_free` also disconnects the remote.
    enum Remote: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_remote_free(pointer) } }
    enum RevWalk: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_revwalk_free(pointer) } }
    enum Signature: GitHandleKind {
        static func free(_ pointer: UnsafeMutablePointer<git_signature>) { git_signature_free(pointer) }
    }
    enum StatusList: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_status_list_free(pointer) } }
    enum TreeBuilder: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_treebuilder_free(pointer) } }
    enum TreeEntry: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_tree_entry_free(pointer) } }
    enum Tree: GitHandleKind { static func free(_ pointer: OpaquePointer) { git_tree_free(pointer) } }
}

typealias BlobHandle = GitHandle<GitObjectKinds.Blob>
typealias BranchIteratorHandle = GitHandle<GitObjectKinds.BranchIterator>
typealias CommitHandle = GitHandle<GitObjectKinds.Commit>
typealias ConfigHandle = GitHandle<GitObjectKinds.Config>
typealias DiffHandle = GitHandle<GitObjectKinds.Diff>
typealias IndexHandle = GitHandle<GitObjectKinds.Index>
typealias ReferenceHandle = GitHandle<GitObjectKinds.Reference>
typealias RemoteHandle = GitHandle<GitObjectKinds.Remote>
typealias RevWalkHandle = GitHandle<GitObjectKinds.RevWalk>
typealias SignatureHandle = GitHandle<GitObjectKinds.Signature>
typealias StatusListHandle = GitHandle<GitObjectKinds.StatusList>
typealias TreeBuilderHandle = GitHandle<GitObjectKinds.TreeBuilder>
typealias TreeEntryHandle = GitHandle<GitObjectKinds.TreeEntry>
typealias TreeHandle = GitHandle<GitObjectKinds.Tree>
