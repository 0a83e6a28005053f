/// The flows a run may call with Trigger Another Flow, ready to run: the workspace provides them.
public protocol FlowDirectory: Sendable {
    /// The flow with `id` and the inputs its runs read, or nil when it cannot be called (it does not exist, has
    /// errors, or lacks the "Triggered by Another Flow" trigger).
    func callableFlow(_ id: String) -> CallableFlow?
}

/// A flow another flow may call, and what its runs read (variables, secrets, connections).
public struct CallableFlow: Sendable {
    public var flow: RunnableFlow
    /// The inputs of a run; the caller sets the trigger payload.
    public var inputs: FlowRunner.Inputs

    /// A callable flow.
    public init(flow: RunnableFlow, inputs: FlowRunner.Inputs) {
        self.flow = flow
        self.inputs = inputs
    }
}
