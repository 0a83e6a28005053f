import SluiceDocuments
import SluiceJSON

/// Delay: waits before continuing.
struct DelayBlock: BlockImplementation {
    let type = BlockTypeID.delay
    let waitsOutside = true
    /// The longest delay the block's schema allows; a dynamic value is checked only at run time.
    static let longest = SchemaBuilder.longestWait

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        guard let seconds = context.config["seconds"]?.doubleValue, seconds >= 0, seconds <= Self.longest else {
            throw BlockFailure("config/seconds must be a number from 0 to \(Seconds.text(Self.longest))")
        }
        do { try await Task.sleep(nanoseconds: Seconds.nanoseconds(seconds)) } catch { throw BlockFailure("cancelled while waiting") }
        return BlockOutcome(output: ["waited": .number(JSONNumber(seconds))])
    }
}
