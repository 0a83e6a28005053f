import Foundation
import SluiceDocuments
import SluiceJSON

/// Delay: waits before continuing. Under `sluice serve` a long wait parks the run with its wake time (nothing
/// sleeps, and a restart loses nothing); resumed at or after that time, the block finishes.
struct DelayBlock: BlockImplementation {
    let type = BlockTypeID.delay
    let waitsOutside = true
    /// The longest delay the block's schema allows; a dynamic value is checked only at run time.
    static let longest = SchemaBuilder.longestWait
    static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    func run(_ context: BlockContext) async throws(BlockFailure) -> BlockOutcome {
        guard let seconds = context.config["seconds"]?.doubleValue, seconds >= 0, seconds <= Self.longest else {
            throw BlockFailure("config/seconds must be a number from 0 to \(Seconds.text(Self.longest))")
        }
        let now = context.runner.now
        // A resumed run keeps the wake time it parked with (the delay counts from when the block first ran).
        let parked = context.parked?["wakeAt"]?.stringValue.flatMap { try? Self.timeFormat.parse($0) }
        let wake = parked ?? now.addingTimeInterval(seconds)
        if now >= wake { return BlockOutcome(output: ["waited": .number(JSONNumber(seconds))]) }
        if let threshold = context.runner.parksDelaysFrom, seconds >= threshold || parked != nil {
            return BlockOutcome(
                output: ["seconds": .number(JSONNumber(seconds)), "wakeAt": .string(wake.formatted(Self.timeFormat))], waits: true, wakeAt: wake)
        }
        // Without anyone to wake the run (the command line), it sleeps until the wake time.
        let remaining = wake.timeIntervalSince(now)
        do { try await Task.sleep(nanoseconds: Seconds.nanoseconds(remaining)) } catch { throw BlockFailure("cancelled while waiting") }
        return BlockOutcome(output: ["waited": .number(JSONNumber(seconds))])
    }
}
