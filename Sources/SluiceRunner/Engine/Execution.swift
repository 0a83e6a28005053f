import Foundation
import SluiceDocuments
import SluiceJSON

/// How a part of a run ended.
enum ScopeResult: Sendable {
    case completed
    /// A block waits: for a moderation decision, or until a time (the earliest a parked Delay wakes).
    case waiting(wakeAt: Date?)
    case failed(block: String, message: String)
}

/// One run being executed: schedules ready blocks, records each finished block, and runs Apply on Each branches.
actor Execution {
    let runner: FlowRunner
    let run: RunRecord
    let flow: RunnableFlow
    let inputs: FlowRunner.Inputs
    let journal: RunJournal
    /// Steps recorded before (a resumed run), by `scope|block`.
    let finished: [String: StepRecord]
    let decisions: [String: Bool]
    var sequence: Int

    init(
        runner: FlowRunner, run: RunRecord, flow: RunnableFlow, inputs: FlowRunner.Inputs, journal: RunJournal,
        finished: [String: StepRecord],
        decisions: [String: Bool], sequence: Int
    ) {
        self.runner = runner
        self.run = run
        self.flow = flow
        self.inputs = inputs
        self.journal = journal
        self.finished = finished
        self.decisions = decisions
        self.sequence = sequence
    }

    private enum State {
        case pending, running, skipped
        case done(emitted: Set<SluiceDocuments.Port>)
    }

    /// A block's run, as the child task reports it.
    struct Finished: Sendable {
        var block: Block
        var result: Result<BlockOutcome, BlockFailure>
        var inputs: JSONValue?
        var attempts: Int
        var started: Date
        var ended: Date
    }

    /// Runs `blocks` (the whole flow, or one item's pass through a loop body) until nothing more can run.
    func execute(_ blocks: [Block], graph: FlowGraph, scopeKey: String, scope initial: RunScope) async throws -> ScopeResult {
        var scope = initial
        let incoming = FlowGraph.incoming(blocks)
        var states = Dictionary(uniqueKeysWithValues: blocks.map { ($0.id, State.pending) })
        var failure: (block: String, message: String)?
        var waiting = false
        var wakeAt: Date?

        /// Settles skips and returns the blocks that can start.
        func ready() -> [Block] {
            var changed = true
            var result: [Block] = []
            while changed {
                changed = false
                result = []
                for block in blocks {
                    guard case .pending? = states[block.id] else { continue }
                    let edges = incoming[block.id] ?? []
                    var activated = edges.isEmpty
                    var settled = true
                    for edge in edges {
                        switch states[edge.source] {
                        case .done(let emitted)?: if emitted.contains(edge.port) { activated = true }
                        case .skipped?: break
                        default: settled = false
                        }
                    }
                    if activated && (settled || edges.isEmpty) {
                        result.append(block)
                    } else if settled {
                        states[block.id] = .skipped
                        changed = true
                    }
                }
            }
            return result
        }

        try await withThrowingTaskGroup(of: Finished.self) { group in
            var running = 0
            while true {
                for block in failure == nil ? ready() : [] {
                    states[block.id] = .running
                    running += 1
                    let snapshot = scope
                    let earlier = finished["\(scopeKey)|\(block.id)"]
                    if let record = earlier, record.status == .succeeded || record.status == .failed {
                        // Finished before a crash or a pause: reuse, never repeat.
                        let reused = Finished(
                            block: block, result: record.reused, inputs: nil, attempts: -1, started: record.startedAt, ended: record.startedAt)
                        group.addTask { reused }
                    } else if block.type == BlockTypeID.applyOnEach {
                        let body = graph.loopBodies[block.id] ?? []
                        group.addTask { await self.runLoop(block, body: body, graph: graph, scopeKey: scopeKey, scope: snapshot) }
                    } else {
                        let timeout = block.timeoutSeconds ?? runner.defaultTimeout
                        let context = BlockContext(
                            block: block, config: block.config, services: runner.services, runID: run.id, flow: flow, trigger: inputs.trigger,
                            connection: block.connection.flatMap { inputs.connections[$0] }, timeout: timeout, runner: runner,
                            decision: decisions[block.id], parked: earlier?.status == .waiting ? earlier?.output : nil,
                            redactor: journal.redact)
                        let implementation = runner.registry.implementation(of: block.type)
                        let availability = runner.registry.availability(of: block.type)
                        group.addTask {
                            await Self.runBlock(context, implementation, availability: availability, scope: snapshot, timeout: timeout)
                        }
                    }
                }
                guard running > 0, let done = try await group.next() else { break }
                running -= 1
                let block = done.block
                var emitted: Set<SluiceDocuments.Port> = []
                switch done.result {
                case .success(let outcome):
                    if outcome.waits {
                        waiting = true
                        if let time = outcome.wakeAt { wakeAt = min(wakeAt ?? time, time) }
                    } else {
                        scope.outputs[block.id] = outcome.output
                        emitted = Set([.next] + outcome.branches)
                    }
                case .failure(let error):
                    if block.targets(.onError).isEmpty {
                        if failure == nil { failure = (block.id, error.message) }
                    } else {
                        emitted = [.onError]
                        scope.outputs[block.id] = ["error": .string(error.message)]
                    }
                }
                states[block.id] = .done(emitted: emitted)
                if done.attempts >= 0 { try record(done, scopeKey: scopeKey, emitted: emitted) }
            }
        }
        if let failure { return .failed(block: failure.block, message: failure.message) }
        return waiting ? .waiting(wakeAt: wakeAt) : .completed
    }

    /// Writes a finished block to the store, secrets redacted.
    private func record(_ done: Finished, scopeKey: String, emitted: Set<SluiceDocuments.Port>) throws {
        let (status, output, error): (StepStatus, JSONValue?, String?) =
            switch done.result {
            case .success(let outcome): (outcome.waits ? .waiting : .succeeded, outcome.output, nil)
            case .failure(let failure): (.failed, nil, failure.message)
            }
        let step = StepRecord(
            runID: run.id, scope: scopeKey, blockID: done.block.id, blockType: done.block.type, status: status,
            ports: SluiceDocuments.Port.allCases.filter(emitted.contains).map(\.rawValue), inputs: done.inputs, output: output,
            error: error, attempts: done.attempts, startedAt: done.started, finishedAt: done.ended, sequence: sequence)
        sequence += 1
        try journal.save(step)
    }

    /// Runs a loop body once per item of `config.items`, in order; each pass sees `{{blocks.<loop>.output.item}}`.
    private func runLoop(_ loop: Block, body: [Block], graph: FlowGraph, scopeKey: String, scope: RunScope) async -> Finished {
        let started = runner.clock()
        func finish(_ result: Result<BlockOutcome, BlockFailure>, inputs: JSONValue?) -> Finished {
            Finished(block: loop, result: result, inputs: inputs, attempts: 1, started: started, ended: runner.clock())
        }
        let resolved: (value: JSONValue, logged: JSONValue)
        do { resolved = try DynamicResolver.resolve(loop.config, in: scope) } catch {
            return finish(.failure(BlockFailure(error.description)), inputs: nil)
        }
        let items: [JSONValue]
        do { items = try ApplyOnEachBlock.items(resolved.value) } catch { return finish(.failure(error), inputs: resolved.logged) }
        for (index, item) in items.enumerated() {
            var pass = scope
            pass.outputs[loop.id] = ["item": item, "index": .number(JSONNumber(index))]
            do {
                switch try await execute(body, graph: graph, scopeKey: "\(scopeKey)\(loop.id)#\(index)/", scope: pass) {
                case .completed: continue
                case .waiting(let wakeAt):
                    let outcome = BlockOutcome(output: ["index": .number(JSONNumber(index))], waits: true, wakeAt: wakeAt)
                    return finish(.success(outcome), inputs: resolved.logged)
                case .failed(let block, let message):
                    return finish(.failure(BlockFailure("item \(index): block \(block): \(message)")), inputs: resolved.logged)
                }
            } catch {
                return finish(.failure(BlockFailure("item \(index): \(error)")), inputs: resolved.logged)
            }
        }
        return finish(.success(BlockOutcome(output: ["count": .number(JSONNumber(items.count))])), inputs: resolved.logged)
    }

    /// Resolves the block's config and runs its implementation with its timeout, trying again with doubling backoff as
    /// its retry says.
    private static func runBlock(
        _ context: BlockContext, _ implementation: (any BlockImplementation)?, availability: BlockRegistry.Availability?, scope: RunScope,
        timeout: Double
    ) async -> Finished {
        let started = Date()
        let block = context.block
        let resolved: (value: JSONValue, logged: JSONValue)
        do { resolved = try DynamicResolver.resolve(block.config, in: scope) } catch {
            return Finished(
                block: block, result: .failure(BlockFailure(error.description)), inputs: nil, attempts: 1, started: started, ended: Date())
        }
        guard let implementation else {
            let reason: String =
                if case .unavailable(let reason)? = availability { reason } else { "no implementation is registered for it" }
            let failure = BlockFailure("the \(block.type) block cannot run in this version of Sluice: \(reason)")
            return Finished(block: block, result: .failure(failure), inputs: resolved.logged, attempts: 1, started: started, ended: Date())
        }
        var resolvedContext = context
        resolvedContext.config = resolved.value
        let attempts = max(1, block.retry?.attempts ?? 1)
        var backoff = block.retry?.backoffSeconds ?? 1
        var attempt = 0
        while true {
            attempt += 1
            // Blocks that only compute finish on their own (they cannot be interrupted anyway): only blocks that wait on
            // something outside get the timeout race, which costs two child tasks.
            let result: Result<BlockOutcome, BlockFailure>
            if implementation.waitsOutside {
                result = await withTimeout(timeout) { [resolvedContext] () async throws(BlockFailure) -> BlockOutcome in
                    try await implementation.run(resolvedContext)
                }
            } else {
                do { result = .success(try await implementation.run(resolvedContext)) } catch { result = .failure(error) }
            }
            if case .failure = result, attempt < attempts {
                try? await Task.sleep(nanoseconds: Seconds.nanoseconds(backoff))
                backoff *= 2
                continue
            }
            return Finished(block: block, result: result, inputs: resolved.logged, attempts: attempt, started: started, ended: Date())
        }
    }

    /// `body`'s result, or a failure after `seconds`.
    private static func withTimeout(
        _ seconds: Double, _ body: @escaping @Sendable () async throws(BlockFailure) -> BlockOutcome
    ) async -> Result<BlockOutcome, BlockFailure> {
        await withTaskGroup(of: Result<BlockOutcome, BlockFailure>?.self) { group in
            group.addTask {
                do { return .success(try await body()) } catch let failure as BlockFailure { return .failure(failure) } catch {
                    return .failure(BlockFailure("\(error)"))
                }
            }
            group.addTask {
                try? await Task.sleep(nanoseconds: Seconds.nanoseconds(seconds))
                return Task.isCancelled ? nil : .failure(BlockFailure("timed out after \(Seconds.text(seconds)) s", isTransient: true))
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(BlockFailure("timed out after \(Seconds.text(seconds)) s", isTransient: true))
        }
    }
}

extension StepRecord {
    /// The outcome this recorded step stands for, when it is reused instead of run again.
    var reused: Result<BlockOutcome, BlockFailure> {
        guard status == .succeeded else { return .failure(BlockFailure(error ?? "failed")) }
        let branches = ports.compactMap(SluiceDocuments.Port.init(rawValue:)).filter { $0 == .then || $0 == .else }
        return .success(BlockOutcome(output: output ?? .null, branches: branches))
    }
}
