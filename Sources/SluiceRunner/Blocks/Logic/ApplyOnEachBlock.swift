import SluiceDocuments
import SluiceJSON

/// Apply on Each: the executor runs the `each` branch once per item of `config.items`, then `next`; this type reads
/// the items.
struct ApplyOnEachBlock: BlockImplementation {
    let type = BlockTypeID.applyOnEach

    /// The items the branch runs on.
    static func items(_ config: JSONValue) throws(BlockFailure) -> [JSONValue] {
        guard case .array(let items)? = config["items"] else { throw BlockFailure("config/items must resolve to a list") }
        return items
    }

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        BlockOutcome(output: ["count": .number(JSONNumber(try Self.items(context.config).count))])
    }
}
