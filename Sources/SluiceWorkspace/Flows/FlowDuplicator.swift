import Foundation
import SluiceDocuments
import SluiceJSON

/// Copies a flow with a new flow id and new block ids, rewriting every port and `{{blocks.<id>…}}` reference.
public enum FlowDuplicator {
    /// The copy: new ids, disabled, not a favorite, no import source.
    public static func duplicate(_ flow: Flow) -> Flow {
        var copy = flow
        copy.id = Identifiers.documentID(.flow)
        copy.enabled = false
        copy.favorite = false
        copy.source = nil
        var mapping: [String: String] = [:]
        for block in flow.authoredBlocks { mapping[block.id] = Identifiers.blockID() }
        let rewrite = { (blocks: [Block]) in
            blocks.map { block -> Block in
                var block = block
                block.id = mapping[block.id] ?? block.id
                for port in Port.allCases { block.setTargets(block.targets(port).map { mapping[$0] ?? $0 }, for: port) }
                block.config = rewriteReferences(in: block.config, mapping: mapping)
                return block
            }
        }
        copy.blocks = copy.blocks.map(rewrite)
        copy.actions = copy.actions.map(rewrite)
        if var conditions = copy.conditions {
            conditions.rules = conditions.rules.map { rule in
                var rule = rule
                rule.value = rewriteReferences(in: rule.value, mapping: mapping)
                rule.operand = rule.operand.map { rewriteReferences(in: $0, mapping: mapping) }
                return rule
            }
            copy.conditions = conditions
        }
        return copy
    }

    /// Replaces `{{blocks.OLD` with `{{blocks.NEW` in every string of `value`.
    static func rewriteReferences(in value: JSONValue, mapping: [String: String]) -> JSONValue {
        switch value {
        case .string(let text):
            guard text.contains("{{") else { return value }
            return .string(
                DynamicValues.rewrite(text) { reference in
                    guard reference.namespace == .blocks, let old = reference.segments.first, let new = mapping[old] else { return nil }
                    return (["blocks", new] + reference.segments.dropFirst()).joined(separator: ".")
                })
        case .array(let items): return .array(items.map { rewriteReferences(in: $0, mapping: mapping) })
        case .object(let object):
            var rewritten = JSONObject()
            for (key, item) in object { rewritten[key] = rewriteReferences(in: item, mapping: mapping) }
            return .object(rewritten)
        case .null, .bool, .number: return value
        }
    }
}
