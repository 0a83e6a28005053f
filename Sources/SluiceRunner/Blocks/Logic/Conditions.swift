import Foundation
import SluiceDocuments
import SluiceJSON

/// If Condition and easy-flow conditions: rules over resolved values, all or any of them.
enum Conditions {
    /// Whether the condition group (`match`, `rules`) holds.
    static func holds(_ group: JSONValue) throws(BlockFailure) -> Bool {
        guard case .array(let rules)? = group["rules"] else { throw BlockFailure("config/rules must be a list") }
        let any = group["match"]?.stringValue == "any"
        var results: [Bool] = []
        for (index, rule) in rules.enumerated() {
            guard let name = rule["operator"]?.stringValue, let op = ConditionOperator(rawValue: name) else {
                throw BlockFailure(
                    "config/rules/\(index)/operator is not one of \(ConditionOperator.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            results.append(try evaluate(rule["value"] ?? .null, op, rule["operand"] ?? .null, rule: index))
        }
        return any ? results.contains(true) : !results.contains(false)
    }

    static func evaluate(_ value: JSONValue, _ op: ConditionOperator, _ operand: JSONValue, rule: Int) throws(BlockFailure) -> Bool {
        switch op {
        case .equals: return same(value, operand)
        case .notEquals: return !same(value, operand)
        case .contains:
            if case .array(let items) = value { return items.contains { same($0, operand) } }
            return DynamicResolver.stringify(value).contains(DynamicResolver.stringify(operand))
        case .startsWith: return DynamicResolver.stringify(value).hasPrefix(DynamicResolver.stringify(operand))
        case .greaterThan, .lessThan:
            guard let left = number(value), let right = number(operand) else {
                throw BlockFailure("rule \(rule): \(op.rawValue) compares numbers; got \(value.compactText()) and \(operand.compactText())")
            }
            return op == .greaterThan ? left > right : left < right
        case .isEmpty: return isEmpty(value)
        case .isNotEmpty: return !isEmpty(value)
        case .matchesRegex:
            let pattern = DynamicResolver.stringify(operand)
            guard let regex = try? NSRegularExpression(pattern: pattern) else {
                throw BlockFailure("rule \(rule): \"\(pattern)\" is not a regular expression")
            }
            let text = DynamicResolver.stringify(value)
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
        case .isOneOf:
            guard case .array(let options) = operand else { throw BlockFailure("rule \(rule): isOneOf needs a list operand") }
            return options.contains { same(value, $0) }
        }
    }

    /// Equal as JSON, numbers by value (1 equals 1.0), and text that reads as a number equal to that number.
    private static func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        if let a = number(left), let b = number(right), left.numberValue != nil || right.numberValue != nil { return a == b }
        return left == right
    }

    private static func number(_ value: JSONValue) -> Double? {
        if let number = value.doubleValue { return number }
        if case .string(let text) = value { return Double(text.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    private static func isEmpty(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.isEmpty
        case .array(let items): items.isEmpty
        case .object(let object): object.isEmpty
        case .bool, .number: false
        }
    }
}
