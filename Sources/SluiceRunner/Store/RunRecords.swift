import Foundation
import SluiceJSON

/// The state of a run.
public enum RunStatus: String, Sendable, Codable, CaseIterable {
    /// Started and not finished (running now, or stopped by a crash: `sluice runs resume` continues it).
    case running
    /// Parked: on a manual moderation decision, or on a Delay until its ``RunRecord/wakeAt``.
    case waiting
    case succeeded
    case failed
}

/// The state of one block in a run.
public enum StepStatus: String, Sendable, Codable {
    case succeeded, failed, skipped, waiting
}

/// One run of a flow, as `sluice runs` lists it.
public struct RunRecord: Sendable, Hashable, Codable {
    public var id: String
    public var flowID: String
    public var flowName: String
    /// The flow's file when the run started.
    public var flowPath: String
    /// The trigger block's type (`manual`, `asset.uploaded`, …).
    public var triggerType: String
    /// The trigger payload (`asset`, `data`).
    public var trigger: JSONValue
    public var status: RunStatus
    public var startedAt: Date
    public var finishedAt: Date?
    /// The block whose failure failed the run.
    public var failedBlock: String?
    public var error: String?
    /// When a run parked on a Delay wakes (`sluice serve` resumes it then); nil for any other run.
    public var wakeAt: Date?

    /// A run record.
    public init(
        id: String, flowID: String, flowName: String, flowPath: String, triggerType: String, trigger: JSONValue, status: RunStatus,
        startedAt: Date, finishedAt: Date?, failedBlock: String?, error: String?, wakeAt: Date? = nil
    ) {
        self.id = id
        self.flowID = flowID
        self.flowName = flowName
        self.flowPath = flowPath
        self.triggerType = triggerType
        self.trigger = trigger
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.failedBlock = failedBlock
        self.error = error
        self.wakeAt = wakeAt
    }

    enum CodingKeys: String, CodingKey {
        case id, flowID = "flowId", flowName, flowPath, triggerType, trigger, status, startedAt, finishedAt, failedBlock, error, wakeAt
    }
}

/// One block of a run: its resolved inputs (secrets redacted), output, error and timing.
public struct StepRecord: Sendable, Hashable, Codable {
    public var runID: String
    /// Where in the run: empty for the flow itself, `loop#2` for the third item of Apply on Each block `loop`.
    public var scope: String
    public var blockID: String
    public var blockType: String
    public var status: StepStatus
    /// The ports the block continued on (`next`, `then`, `else`, `onError`).
    public var ports: [String]
    public var inputs: JSONValue?
    public var output: JSONValue?
    public var error: String?
    public var attempts: Int
    public var startedAt: Date
    public var finishedAt: Date?
    /// The order in which steps finished.
    public var sequence: Int

    /// A step record.
    public init(
        runID: String, scope: String, blockID: String, blockType: String, status: StepStatus, ports: [String], inputs: JSONValue?,
        output: JSONValue?, error: String?, attempts: Int, startedAt: Date, finishedAt: Date?, sequence: Int
    ) {
        self.runID = runID
        self.scope = scope
        self.blockID = blockID
        self.blockType = blockType
        self.status = status
        self.ports = ports
        self.inputs = inputs
        self.output = output
        self.error = error
        self.attempts = attempts
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.sequence = sequence
    }

    enum CodingKeys: String, CodingKey {
        case runID = "runId", scope, blockID = "blockId", blockType, status, ports, inputs, output, error, attempts, startedAt, finishedAt, sequence
    }

    /// Seconds from start to finish.
    public var seconds: Double? { finishedAt.map { $0.timeIntervalSince(startedAt) } }
}
