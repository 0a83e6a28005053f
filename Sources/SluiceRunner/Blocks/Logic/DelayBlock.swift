import SluiceDocuments
import SluiceJSON

/// Delay: waits before continuing.
struct DelayBlock: BlockImplementation {
    let type = BlockTypeID.delay
    let waitsOutside = true

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        guard let seconds = context.config["seconds"]?.doubleValue, seconds >= 0 else { throw BlockFailure("config/seconds must be a number ≥ 0") }
        do { try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) } catch { throw BlockFailure("cancelled while waiting") }
        return BlockOutcome(output: ["waited": .number(JSONNumber(seconds))])
    }
}
