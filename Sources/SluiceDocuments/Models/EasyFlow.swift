import SluiceJSON

/// The trigger of an easy flow.
public struct EasyTrigger: Codable, Sendable, Hashable {
    public var type: String
    public var config: JSONValue
    public init(type: String, config: JSONValue = .object(JSONObject())) {
        self.type = type
        self.config = config
    }
}

/// Conditions over dynamic values; `all` or `any` of the rules must hold.
public struct ConditionGroup: Codable, Sendable, Hashable {
    public var match: Match
    public var rules: [ConditionRule]
    public init(match: Match = .all, rules: [ConditionRule]) {
        self.match = match
        self.rules = rules
    }

    /// How rules combine.
    public enum Match: String, Codable, Sendable { case all, any }
}

/// One comparison: `value` (usually a dynamic value) `operator` `operand`.
public struct ConditionRule: Codable, Sendable, Hashable {
    public var value: JSONValue
    public var `operator`: ConditionOperator
    public var operand: JSONValue?
    public init(value: JSONValue, operator: ConditionOperator, operand: JSONValue? = nil) {
        self.value = value
        self.operator = `operator`
        self.operand = operand
    }
}

/// The comparisons an If block and easy-flow conditions offer.
public enum ConditionOperator: String, Codable, Sendable, CaseIterable {
    case equals, notEquals, contains, startsWith, greaterThan, lessThan, isEmpty, isNotEmpty, matchesRegex, isOneOf
}

/// Compiles an easy flow to the same block graph a power flow has.
public enum EasyFlowCompiler {
    /// The id of the compiled trigger block.
    public static let triggerBlockID = "trigger"
    /// The id of the compiled conditions block.
    public static let conditionsBlockID = "conditions"

    /// trigger → (if conditions → then) → action 1 → action 2 → …
    public static func compile(_ flow: Flow) -> [Block] {
        guard let trigger = flow.trigger else { return [] }
        let actions = flow.actions ?? []
        var blocks: [Block] = []
        var triggerBlock = Block(id: triggerBlockID, type: trigger.type, name: "Trigger", config: trigger.config)
        let firstAction = actions.first.map { [$0.id] } ?? []
        if let conditions = flow.conditions, !conditions.rules.isEmpty {
            triggerBlock.next = [conditionsBlockID]
            let config = (try? JSONValueEncoder().encode(conditions)) ?? .null
            var ifBlock = Block(id: conditionsBlockID, type: BlockTypeID.ifCondition, name: "Conditions", config: config)
            ifBlock.setTargets(firstAction, for: .then)
            blocks = [triggerBlock, ifBlock]
        } else {
            triggerBlock.setTargets(firstAction, for: .next)
            blocks = [triggerBlock]
        }
        for (index, action) in actions.enumerated() {
            var block = action
            if index + 1 < actions.count { block.next = [actions[index + 1].id] }
            blocks.append(block)
        }
        return blocks
    }
}
