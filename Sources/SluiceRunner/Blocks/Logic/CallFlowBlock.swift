import SluiceDocuments
import SluiceJSON

/// Trigger Another Flow: runs a flow of the directory with an asset and key-value data, waiting for it when asked.
struct CallFlowBlock: BlockImplementation {
    let type = BlockTypeID.callFlow
    let waitsOutside = true

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        guard let directory = context.services.flows else { throw BlockFailure("calling another flow is not available here") }
        let flowID = try context.string("flow")
        guard var callable = directory.callableFlow(flowID) else {
            throw BlockFailure("flow \(flowID) cannot be called: it does not exist, has errors, or has no \"Triggered by Another Flow\" trigger")
        }
        var trigger: JSONObject = ["data": context.config["data"] ?? .object(JSONObject())]
        if let asset = try context.optionalString("asset") { trigger["asset"] = try context.services.library.jsonAsset(asset) }
        callable.inputs.trigger = .object(trigger)
        // The data may carry this run's secrets: the called run redacts them too.
        callable.inputs.inheritedSecrets.formUnion(context.redactor.secrets)
        let run: RunRecord
        do { run = try await context.runner.run(callable.flow, callable.inputs) } catch let failure as BlockFailure { throw failure } catch {
            throw BlockFailure("flow \(flowID): \(error)")
        }
        if context.config["wait"]?.boolValue == true, run.status == .failed {
            throw BlockFailure("flow \(callable.flow.name) failed: \(run.error ?? "")")
        }
        return BlockOutcome(output: ["runId": .string(run.id), "status": .string(run.status.rawValue)])
    }
}
