import SluiceDocuments
import SluiceJSON

/// One change a user makes to a flow, applied to the typed model so the expected merge is easy to compute.
enum FlowEdit: Hashable, CustomStringConvertible {
    /// Renames the flow (its `name`; the folder stays).
    case rename
    /// Extends the flow's `description` (the line after `name`).
    case editDescription
    /// Adds a flow variable; its name sorts after the templates' ones, so the text grows at the end of `variables`.
    case addVariable(String)
    /// Turns the flow on or off (`enabled`).
    case toggleEnabled
    /// Stars or unstars the flow (`favorite`).
    case toggleFavorite
    /// Renames block `index`.
    case renameBlock(Int)
    /// Gives block `index` a time-out (a new member after its ports).
    case setTimeout(Int)
    /// Changes the first text value in block `index`'s configuration (adds one if it has none).
    case changeConfig(Int)

    /// Every single-side edit, for flows changed on one side only.
    static let all: [FlowEdit] = [
        .rename, .editDescription, .addVariable("webhookUrl"), .toggleEnabled, .toggleFavorite, .renameBlock(0), .renameBlock(1), .renameBlock(2),
        .setTimeout(0), .setTimeout(1), .changeConfig(0), .changeConfig(1), .changeConfig(2),
    ]

    /// Pairs of edits (ours, theirs) made to one flow on both sides: always different members or blocks. The first
    /// three touch neighbouring lines of the canonical text (`enabled` and `favorite`, `name` and `description`, two
    /// variables appended at the end of `variables`), which a line merge reports as a conflict; the others are a few
    /// lines apart or more.
    static let pairs: [(FlowEdit, FlowEdit)] = [
        (.toggleEnabled, .toggleFavorite),
        (.rename, .editDescription),
        (.addVariable("webhookUrl"), .addVariable("workspaceOwner")),
        (.rename, .toggleEnabled),
        (.setTimeout(0), .renameBlock(1)),
        (.changeConfig(1), .renameBlock(2)),
        (.renameBlock(0), .setTimeout(2)),
        (.toggleFavorite, .changeConfig(0)),
    ]

    var description: String {
        switch self {
        case .rename: "rename"
        case .editDescription: "description"
        case .addVariable(let name): "variable \(name)"
        case .toggleEnabled: "enabled"
        case .toggleFavorite: "favorite"
        case .renameBlock(let index): "block \(index) name"
        case .setTimeout(let index): "block \(index) timeoutSeconds"
        case .changeConfig(let index): "block \(index) config"
        }
    }

    /// Applies the edit to `flow` (whose blocks come from a template with at least three blocks).
    func apply(to flow: inout Flow) {
        switch self {
        case .rename: flow.name += " (renamed)"
        case .editDescription: flow.description = (flow.description ?? "") + " Reviewed by the media team."
        case .addVariable(let name): flow.variables = (flow.variables ?? [:]).merging([name: .string("\(name)-value")]) { old, _ in old }
        case .toggleEnabled: flow.enabled.toggle()
        case .toggleFavorite: flow.favorite.toggle()
        case .renameBlock(let index): Self.edit(&flow, block: index) { $0.name += " (edited)" }
        case .setTimeout(let index): Self.edit(&flow, block: index) { $0.timeoutSeconds = 30 }
        case .changeConfig(let index):
            Self.edit(&flow, block: index) { block in
                guard case .object(var config) = block.config else { return }
                if let key = config.keys.first(where: { config[$0]?.stringValue != nil }), let text = config[key]?.stringValue {
                    config[key] = .string(text + "-v2")
                } else {
                    config["comment"] = "changed"
                }
                block.config = .object(config)
            }
        }
    }

    private static func edit(_ flow: inout Flow, block index: Int, _ change: (inout Block) -> Void) {
        guard var blocks = flow.blocks, blocks.indices.contains(index) else { return }
        change(&blocks[index])
        flow.blocks = blocks
    }
}

/// SplitMix64: a small, seeded, deterministic generator, so every run builds the same repository.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A document id in Sluice's format (`flw_` and 16 base-32 characters).
    mutating func flowID() -> String {
        let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")
        return "flw_" + String((0..<16).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
    }
}
