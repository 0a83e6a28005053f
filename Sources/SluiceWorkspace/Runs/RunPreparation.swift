import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner

/// What the runs of one operation share, taken from one snapshot: the validation, the flows, their inputs (variables,
/// decrypted secrets and connections), the media library, the run store and the runner.
final class RunPreparation {
    let context: WorkspaceContext
    let snapshot: WorkspaceSnapshot
    let environment: String
    let notifications: NotificationWriter
    /// How the runners made here treat Delays and what time they see (``RunService``'s settings).
    let parksDelaysFrom: Double?
    let clock: @Sendable () -> Date
    /// Where the notifications written are committed with others' later; nil: committed by ``finish()``.
    let batch: NotificationBatch?

    init(
        _ snapshot: WorkspaceSnapshot, parksDelaysFrom: Double? = nil, clock: @escaping @Sendable () -> Date = Date.init,
        batch: NotificationBatch? = nil
    ) throws(WorkspaceError) {
        self.snapshot = snapshot
        context = snapshot.context
        environment = try snapshot.currentEnvironment()
        notifications = NotificationWriter(context: context)
        self.parksDelaysFrom = parksDelaysFrom
        self.clock = clock
        self.batch = batch
    }

    private var openedStore: RunStore?
    /// The work-tree files (workspace-relative) the prepared flows, inputs and runners were read from: a long-running
    /// process keeps them prepared while none of these changes (``PreparedFlows``).
    private(set) var readPaths: Set<String> = [WorkspaceLayout.manifestPath, WorkspaceLayout.environmentVariablesPath]

    /// The run store of the environment, opened once.
    func store() throws(WorkspaceError) -> RunStore {
        if let openedStore { return openedStore }
        let store = try RunService.store(context, environment: environment)
        openedStore = store
        return store
    }

    /// The media library of the environment.
    func library() throws(WorkspaceError) -> MediaLibrary {
        try MediaService.library(context, environment: environment)
    }

    /// The flow as the runner takes it, refused when its document (or one it refers to) has errors.
    func runnable(_ record: FlowRecord) throws(WorkspaceError) -> RunnableFlow {
        let errors = snapshot.errors(at: record.path)
        guard errors.isEmpty else { throw .invalidDocuments(errors) }
        return RunnableFlow(record.flow, path: record.path)
    }

    /// The values a run of `record` reads: environment variables, the flow's secrets and its blocks' connections.
    func inputs(_ record: FlowRecord, trigger: JSONValue, triggerType: String, touchpoints: [String] = []) throws(WorkspaceError)
        -> FlowRunner.Inputs
    {
        readPaths.formUnion([record.path, record.secretsPath])
        return FlowRunner.Inputs(
            trigger: trigger, triggerType: triggerType, environment: try snapshot.environmentVariables().variables,
            secrets: try snapshot.decryptedSecrets(of: record), touchpoints: touchpoints, connections: try connections(for: record.flow))
    }

    /// A runner over this environment's library and run store, whose Trigger Another Flow blocks find the flows that
    /// `flows` call (and those call, in turn), and whose Notification blocks write through ``notifications``.
    func runner(for flows: [RunnableFlow]) throws(WorkspaceError) -> FlowRunner {
        let manifest = try snapshot.manifest()
        let services = BlockServices(
            library: try library(), exportFolder: context.localStatePath("exports"),
            deliveryBaseURL: manifest.deliveryBaseURL ?? DeliveryURL.defaultBase, environment: try snapshot.currentEnvironment(),
            namedTransformations: snapshot.namedTransformations(), flows: try callableFlows(from: flows), notifications: notifications,
            outboundRequests: manifest.outboundRequests ?? .any)
        return FlowRunner(store: try store(), services: services, parksDelaysFrom: parksDelaysFrom, clock: clock)
    }

    /// Commits what the runs wrote (notifications), or leaves it to the batch.
    func finish() {
        if let batch { batch.add(notifications.takeWritten()) } else { notifications.commit(into: context) }
    }

    /// The connections a flow's blocks name, with their credentials decrypted.
    private func connections(for flow: Flow) throws(WorkspaceError) -> [String: RunConnection] {
        let wanted = Set(flow.graph.compactMap(\.connection))
        guard !wanted.isEmpty else { return [:] }
        let box = try snapshot.secretBox()
        var result: [String: RunConnection] = [:]
        for record in snapshot.connections() where wanted.contains(record.connection.id) {
            readPaths.insert(record.path)
            let connection = record.connection
            var credentials: [String: String] = [:]
            for (key, sealed) in connection.credentials {
                credentials[key] = try box.openValue(
                    sealed, documentID: connection.id, field: JSONPointer(tokens: ["credentials", key]), path: record.path)
            }
            result[connection.id] = RunConnection(
                id: connection.id, app: connection.app, name: connection.name, enabled: connection.enabled, settings: connection.settings,
                credentials: credentials)
        }
        return result
    }

    /// The flows that the Trigger Another Flow blocks of `flows` name, and those they name in turn, that can be called:
    /// valid, with the "Triggered by Another Flow" trigger.
    private func callableFlows(from flows: [RunnableFlow]) throws(WorkspaceError) -> CallableFlows {
        var callable: [String: CallableFlow] = [:]
        var pending = flows.flatMap(\.blocks)
        while let block = pending.popLast() {
            guard block.type == BlockTypeID.callFlow, let id = block.config["flow"]?.stringValue, callable[id] == nil,
                let record = try? snapshot.flow(id), record.flow.graph.first?.type == BlockTypeID.flowCalled,
                let target = try? runnable(record)
            else { continue }
            callable[id] = CallableFlow(flow: target, inputs: try inputs(record, trigger: .null, triggerType: BlockTypeID.flowCalled))
            pending += target.blocks
        }
        return CallableFlows(flows: callable)
    }
}

/// The flows a batch of runs may call, prepared before the runs start.
struct CallableFlows: FlowDirectory {
    let flows: [String: CallableFlow]

    func callableFlow(_ id: String) -> CallableFlow? { flows[id] }
}
