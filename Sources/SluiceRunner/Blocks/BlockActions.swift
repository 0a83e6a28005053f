import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia

/// Runs one block by type. Apply on Each is run by the executor itself (it runs a part of the graph per item).
enum BlockActions {
    /// Whether a block type waits on something outside the process (a server, a clock, another flow), so its timeout
    /// must be able to cut it short.
    static func waitsOutside(_ type: String) -> Bool {
        [BlockTypeID.delay, BlockTypeID.callFlow, "http-request", "slack-message", "webhook-post", "upload-media"].contains(type)
    }

    static func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        let type = context.block.type
        if BlockCatalog.type(type)?.isTrigger == true { return BlockOutcome(output: context.trigger) }
        if let outcome = try AssetBlocks.run(type, context) { return outcome }
        if let outcome = try await HTTPBlocks.run(type, context, connection: context.connection, timeout: context.timeout) { return outcome }
        switch type {
        case BlockTypeID.ifCondition:
            let holds = try Conditions.holds(context.config)
            return BlockOutcome(output: ["result": .bool(holds)], branches: [holds ? .then : .else])
        case BlockTypeID.delay:
            guard let seconds = context.config["seconds"]?.doubleValue, seconds >= 0 else {
                throw BlockFailure("config/seconds must be a number ≥ 0")
            }
            do { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) } catch { throw BlockFailure("cancelled while waiting") }
            return BlockOutcome(output: ["waited": .number(JSONNumber(seconds))])
        case BlockTypeID.callFlow:
            guard let call = context.services.callFlow else { throw BlockFailure("calling another flow is not available here") }
            let flowID = try context.string("flow")
            var trigger: JSONObject = ["data": context.config["data"] ?? .object(JSONObject())]
            if let asset = try context.optionalString("asset") { trigger["asset"] = try context.services.library.jsonAsset(asset) }
            do {
                let result = try await call(flowID, .object(trigger), context.config["wait"]?.boolValue ?? false)
                return BlockOutcome(output: result)
            } catch let failure as BlockFailure { throw failure } catch { throw BlockFailure("flow \(flowID): \(error)") }
        case BlockTypeID.notification:
            return try notify(context)
        case "manual-moderation":
            _ = try context.asset()
            return BlockOutcome(output: ["decision": .null], waits: true)
        default:
            throw BlockFailure("the \(type) block cannot run in this version of Sluice yet")
        }
    }
}

extension MediaLibrary {
    /// An asset as JSON, for payloads, or a block failure naming the missing asset.
    func jsonAsset(_ publicID: String) throws(BlockFailure) -> JSONValue {
        try library { try self.asset(publicID) }.jsonValue
    }
}
