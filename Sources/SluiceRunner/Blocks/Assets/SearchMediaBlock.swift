import SluiceJSON

/// Search Media: the assets the search language expression finds.
struct SearchMediaBlock: BlockImplementation {
    let type = "search-media"

    func run(_ context: BlockContext) throws(BlockFailure) -> BlockOutcome {
        let expression = try context.string("expression")
        let limit = context.config["maxResults"]?.intValue ?? 100
        let found = try library { try context.services.library.search(expression, limit: limit) }
        return BlockOutcome(output: ["total": .number(JSONNumber(found.count)), "assets": .array(found.map(\.jsonValue))])
    }
}
