import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import SluiceRunner

/// What `sluice upload` did: the assets it added and the runs their uploads started.
public struct UploadReport: Codable, Sendable {
    public var assets: [Asset]
    public var runs: [RunRecord]
    /// Flows that did not run because their documents have errors, each with its first error.
    public var skipped: [String]
}

extension Workspace {
    /// The run store of the environment checked out (`.sluice/runs/<environment>.sqlite`).
    public func runStore() throws -> RunStore {
        let path = absolute(WorkspaceLayout.localStateFolder + "/runs/" + (try currentEnvironment()) + ".sqlite")
        do { return try RunStore(path: path) } catch { throw WorkspaceError.refused("cannot open the run store \(path): \(error)") }
    }

    /// One runner for a command: this environment's media library and run store, and the flows that `flows` may call.
    /// `problems` is the workspace's validation, taken once per command.
    func flowRunner(for flows: [RunnableFlow], problems: [Problem], notifications: NotificationWriter) throws -> FlowRunner {
        let callable = try callableFlows(from: flows, problems: problems)
        let box = RunnerBox()
        let services = BlockServices(
            library: try mediaLibrary(), exportFolder: absolute(WorkspaceLayout.localStateFolder + "/exports"),
            callFlow: { flowID, trigger, wait in
                guard let (flow, inputs) = callable[flowID], let runner = box.runner else {
                    throw BlockFailure(
                        "flow \(flowID) cannot be called: it does not exist, has errors, or has no \"Triggered by Another Flow\" trigger")
                }
                var called = inputs
                called.trigger = trigger
                let run = try await runner.run(flow, called)
                if wait, run.status == .failed { throw BlockFailure("flow \(flow.name) failed: \(run.error ?? "")") }
                return ["runId": .string(run.id), "status": .string(run.status.rawValue)]
            },
            notify: { request in try notifications.add(request) })
        let runner = FlowRunner(store: try runStore(), services: services)
        box.runner = runner
        return runner
    }

    /// The flow as the runner takes it, refused when its document (or one it refers to) has errors in `problems`.
    func runnable(_ record: FlowRecord, problems: [Problem]) throws -> RunnableFlow {
        let errors = problems.filter { $0.path == record.path && $0.severity == .error }
        guard errors.isEmpty else { throw WorkspaceError.invalidDocuments(errors) }
        return RunnableFlow(record.flow, path: record.path)
    }

    /// The values a run of `record` reads: environment variables, the flow's secrets and its blocks' connections.
    func runInputs(_ record: FlowRecord, trigger: JSONValue, triggerType: String, touchpoints: [String]) throws -> FlowRunner.Inputs {
        FlowRunner.Inputs(
            trigger: trigger, triggerType: triggerType, environment: try environmentVariables().variables,
            secrets: try decryptedFlowSecrets(record), touchpoints: touchpoints, connections: try runConnections(for: record.flow))
    }

    /// The connections a flow's blocks name, with their credentials decrypted.
    func runConnections(for flow: Flow) throws -> [String: RunConnection] {
        let wanted = Set(flow.graph.compactMap(\.connection))
        guard !wanted.isEmpty else { return [:] }
        let box = try secretBox()
        var result: [String: RunConnection] = [:]
        for record in connections() where wanted.contains(record.connection.id) {
            let connection = record.connection
            var credentials: [String: String] = [:]
            for (key, sealed) in connection.credentials {
                do {
                    credentials[key] = try box.open(sealed, documentID: connection.id, field: JSONPointer(tokens: ["credentials", key]))
                } catch let error as SecretError {
                    throw WorkspaceError.refused("\(record.path): \(error)")
                }
            }
            result[connection.id] = RunConnection(
                id: connection.id, app: connection.app, name: connection.name, enabled: connection.enabled, settings: connection.settings,
                credentials: credentials)
        }
        return result
    }

    /// Flows that the Trigger Another Flow blocks of `flows` name and that can be called.
    private func callableFlows(from flows: [RunnableFlow], problems: [Problem]) throws -> [String: (RunnableFlow, FlowRunner.Inputs)] {
        var callable: [String: (RunnableFlow, FlowRunner.Inputs)] = [:]
        for block in flows.flatMap(\.blocks) where block.type == BlockTypeID.callFlow {
            guard let id = block.config["flow"]?.stringValue, callable[id] == nil, let record = try? self.flow(id),
                record.flow.graph.first?.type == BlockTypeID.flowCalled, let target = try? runnable(record, problems: problems)
            else { continue }
            callable[id] = (target, try runInputs(record, trigger: .null, triggerType: BlockTypeID.flowCalled, touchpoints: []))
        }
        return callable
    }

    /// Runs a flow now (`sluice run`): once per asset, or once without one. Disabled flows run too: this is explicit.
    public func runFlow(_ query: String, assets: [String] = [], data: JSONValue = .object(JSONObject())) async throws -> [RunRecord] {
        let record = try flow(query)
        let problems = validate()
        let flow = try runnable(record, problems: problems)
        let library = try mediaLibrary()
        let notifications = NotificationWriter(root: root)
        defer { commitNotifications(notifications) }
        let runner = try flowRunner(for: [flow], problems: problems, notifications: notifications)
        var inputs = try runInputs(record, trigger: .null, triggerType: BlockTypeID.manual, touchpoints: [])
        var runs: [RunRecord] = []
        for asset in assets.isEmpty ? [nil] : assets.map(Optional.some) {
            var trigger: JSONObject = ["data": data]
            if let asset {
                do { trigger["asset"] = try library.asset(asset).jsonValue } catch { throw WorkspaceError.refused(error.description) }
            }
            inputs.trigger = .object(trigger)
            inputs.touchpoints = asset.map { [$0] } ?? []
            runs.append(try await runner.run(flow, inputs))
        }
        return runs
    }

    /// Uploads files, then runs every enabled flow whose On Asset Upload trigger matches each new asset.
    public func upload(files: [String], options: MediaLibrary.UploadOptions, progress: (Int, String) -> Void = { _, _ in }) async throws
        -> UploadReport
    {
        let library = try mediaLibrary()
        // One bad file refuses the whole batch before anything is stored.
        for file in files {
            do { try library.check(file: file, options: options) } catch { throw WorkspaceError.refused(error.description) }
        }
        var assets: [Asset] = []
        for (index, file) in files.enumerated() {
            progress(index, file)
            do { assets.append(try library.upload(file: file, options: options)) } catch { throw WorkspaceError.refused(error.description) }
        }
        let flows = documentFacts(kinds: [.flow])
        // A flow document with errors never runs; its trigger cannot be trusted, so every upload says so.
        let broken = flows.filter { !$0.isValid }.compactMap { $0.problems.first { $0.severity == .error }.map { "\($0)" } }
        var report = UploadReport(assets: assets, runs: [], skipped: broken)
        let triggered = flows.filter { $0.flow?.enabled == true && $0.flow?.trigger == BlockTypeID.assetUploaded }
        guard !triggered.isEmpty else { return report }
        let problems = validate()
        var runnable: [(record: FlowRecord, flow: RunnableFlow, trigger: Block)] = []
        for facts in triggered {
            do {
                let record = try self.flow(facts.id ?? facts.path)
                let flow = try self.runnable(record, problems: problems)
                if let trigger = flow.trigger { runnable.append((record, flow, trigger)) }
            } catch {
                report.skipped.append("\(facts.name ?? facts.path): \(error)")
            }
        }
        let notifications = NotificationWriter(root: root)
        defer { commitNotifications(notifications) }
        let runner = try flowRunner(for: runnable.map(\.flow), problems: problems, notifications: notifications)
        for (record, flow, trigger) in runnable {
            var inputs = try runInputs(record, trigger: .null, triggerType: BlockTypeID.assetUploaded, touchpoints: [])
            for asset in assets where UploadFilter.matches(trigger.config, asset) {
                inputs.trigger = ["asset": asset.jsonValue, "data": .object(JSONObject())]
                inputs.touchpoints = [asset.publicID]
                report.runs.append(try await runner.run(flow, inputs))
            }
        }
        return report
    }

    /// Runs, newest first: of one flow (id, slug or name) and in one status when given.
    public func runs(flow query: String? = nil, status: RunStatus? = nil, limit: Int? = nil) throws -> [RunRecord] {
        let flowID = try query.map { try flow($0).flow.id }
        do { return try runStore().runs(flowID: flowID, status: status, limit: limit) } catch let error as WorkspaceError { throw error } catch {
            throw WorkspaceError.refused("cannot read runs: \(error)")
        }
    }

    /// A run and its steps: the one named, or the latest of the flow.
    public func runLog(flow query: String?, run runID: String?) throws -> (RunRecord, [StepRecord]) {
        let store = try runStore()
        let run: RunRecord?
        if let runID {
            run = try store.run(runID)
        } else {
            run = try runs(flow: query, limit: 1).first
        }
        guard let run else { throw WorkspaceError.notFound(kind: "run", query: runID ?? query ?? "") }
        if let query, let flowID = try? flow(query).flow.id, run.flowID != flowID {
            throw WorkspaceError.refused("run \(run.id) belongs to flow \(run.flowName), not \(query)")
        }
        return (run, try store.steps(of: run.id))
    }

    /// Continues the runs a crash or restart left unfinished, from the flow documents checked out now.
    public func resumeRuns() async throws -> [RunRecord] {
        let unfinished = try runStore().runs(status: .running).reversed()
        guard !unfinished.isEmpty else { return [] }
        let problems = validate()
        let flows = try unfinished.map { run in
            let record = try flow(run.flowID)
            return (run: run, record: record, flow: try runnable(record, problems: problems))
        }
        let notifications = NotificationWriter(root: root)
        defer { commitNotifications(notifications) }
        let runner = try flowRunner(for: flows.map(\.flow), problems: problems, notifications: notifications)
        var resumed: [RunRecord] = []
        for (run, record, flow) in flows {
            let inputs = try runInputs(record, trigger: run.trigger, triggerType: run.triggerType, touchpoints: [])
            resumed.append(try await runner.resume(run.id, flow: flow, inputs))
        }
        return resumed
    }
}

/// Lets the call-flow hook reach the runner it belongs to.
private final class RunnerBox: @unchecked Sendable {
    // Set once, before any run starts.
    var runner: FlowRunner?
}
