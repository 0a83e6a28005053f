import Foundation
import SluiceDocuments
import SluiceJSON

/// A flow as the runner executes it: its graph, read from the checked-out document when the run starts.
public struct RunnableFlow: Sendable {
    public var id: String
    public var name: String
    /// The document's path in the workspace.
    public var path: String
    /// The executable graph (power blocks, or an easy flow compiled), the trigger first.
    public var blocks: [Block]
    public var variables: [String: JSONValue]
    /// Where a failed run is reported.
    public var errorNotificationURL: String?
    /// For an easy flow with conditions, the block whose `then` means they held: only then do its assets count as
    /// touchpoints (MEDIAFLOWS.md: only assets that pass the trigger's conditions count).
    public var conditionsBlock: String?

    /// The runnable form of a valid flow document stored at `path`.
    public init(_ flow: Flow, path: String) {
        id = flow.id
        name = flow.name
        self.path = path
        blocks = flow.graph
        variables = flow.variables ?? [:]
        errorNotificationURL = flow.errorNotification?.url
        conditionsBlock = flow.type == .easy && flow.conditions != nil ? EasyFlowCompiler.conditionsBlockID : nil
    }

    /// The trigger block: the one no other block leads to.
    public var trigger: Block? {
        blocks.first { BlockCatalog.type($0.type)?.isTrigger == true }
    }
}

/// What one block produced.
public struct BlockOutcome: Sendable {
    /// What `{{blocks.<id>.output…}}` reads.
    public var output: JSONValue
    /// The branch ports to follow besides `next` (`then` or `else`); `next` is always followed after success.
    public var branches: [SluiceDocuments.Port]
    /// The block parks the run: until a decision (manual moderation), or until ``wakeAt`` (a Delay).
    public var waits: Bool
    /// When a parked run is to be resumed by the clock.
    public var wakeAt: Date?

    /// An outcome that continues on `next`, plus `branches`.
    public init(output: JSONValue = .object(JSONObject()), branches: [SluiceDocuments.Port] = [], waits: Bool = false, wakeAt: Date? = nil) {
        self.output = output
        self.branches = branches
        self.waits = waits
        self.wakeAt = wakeAt
    }
}

/// A block's failure, with a message for the run record.
public struct BlockFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Whether trying again can help (a timeout, a refused connection, a 5xx); config errors are not retried.
    public var isTransient: Bool

    /// A failure.
    public init(_ message: String, isTransient: Bool = false) {
        self.message = message
        self.isTransient = isTransient
    }

    public var description: String { message }
}
