import SluiceDocuments

/// The code behind one block type of the catalog. Each implementation is its own type, in its own file; the runner
/// finds it through the ``BlockRegistry``.
public protocol BlockImplementation: Sendable {
    /// The catalog id of the block type it runs.
    var type: String { get }
    /// Whether the block waits on something outside the process (a server, a clock, another flow), so its timeout must
    /// be able to cut it short. Blocks that only compute finish on their own and skip the timeout race.
    var waitsOutside: Bool { get }
    /// Runs the block with its config resolved.
    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome
}

extension BlockImplementation {
    public var waitsOutside: Bool { false }
}
