/// A regular expression of the shape most schema patterns have: `^`, then literal characters, escapes and bracket
/// classes, each with an optional quantifier, then `$`; matched directly, without a regular expression engine.
///
/// Anything else (groups, alternation, `.`, lazy quantifiers, back references) is not this shape, and `init` returns
/// nil so the caller uses `NSRegularExpression`. `$` matches at the end of the text or before a line break that ends
/// it, as `NSRegularExpression` does.
struct AnchoredPattern: Sendable {
    /// What one position of the text must hold.
    enum Element: Sendable, Equatable {
        case scalar(Unicode.Scalar)
        /// A bracket class or `\s`/`\S`: ranges of scalar values, and whether white space is in it.
        case set(ranges: [ClosedRange<UInt32>], whitespace: Bool, negated: Bool)

        func matches(_ scalar: Unicode.Scalar) -> Bool {
            switch self {
            case .scalar(let expected): return scalar == expected
            case .set(let ranges, let whitespace, let negated):
                let inSet = ranges.contains { $0.contains(scalar.value) } || (whitespace && AnchoredPattern.isSpace(scalar))
                return inSet != negated
            }
        }
    }

    struct Item: Sendable {
        var element: Element
        var minimum: Int
        var maximum: Int
    }

    let items: [Item]

    /// The most steps one match may take before giving up on this matcher (a pattern that backtracks a lot).
    private static let stepLimit = 100_000

    /// Parses `source`; nil when it is not of the simple anchored shape.
    init?(_ source: String) {
        var scalars = Array(source.unicodeScalars)
        guard scalars.first == "^", scalars.last == "$", scalars.count >= 2 else { return nil }
        scalars = Array(scalars[1..<(scalars.count - 1)])
        if scalars.last == "\\" { return nil }  // the `$` was escaped
        var items: [Item] = []
        var index = 0
        while index < scalars.count {
            guard let (element, next) = Self.element(in: scalars, at: index) else { return nil }
            index = next
            var item = Item(element: element, minimum: 1, maximum: 1)
            if index < scalars.count {
                switch scalars[index] {
                case "*": (item.minimum, item.maximum) = (0, Int.max); index += 1
                case "+": (item.minimum, item.maximum) = (1, Int.max); index += 1
                case "?": (item.minimum, item.maximum) = (0, 1); index += 1
                case "{":
                    guard let (bounds, after) = Self.bounds(in: scalars, at: index) else { return nil }
                    (item.minimum, item.maximum) = bounds
                    index = after
                default: break
                }
                // A lazy or possessive quantifier is not this shape.
                if index < scalars.count, item.maximum != 1 || item.minimum != 1, ["?", "+"].contains(scalars[index]) { return nil }
            }
            items.append(item)
        }
        self.items = items
    }

    /// Whether `text` matches; nil when the match took too many steps to finish here.
    func matches(_ text: String) -> Bool? {
        let scalars = Array(text.unicodeScalars)
        var steps = 0
        if let matched = match(scalars, item: 0, at: 0, end: scalars.count, steps: &steps), matched { return true }
        // `$` also matches before a line break that ends the text.
        if let last = scalars.last, Self.lineBreaks.contains(last) {
            let end = scalars.count >= 2 && scalars[scalars.count - 2] == "\r" && last == "\n" ? scalars.count - 2 : scalars.count - 1
            return match(scalars, item: 0, at: 0, end: end, steps: &steps)
        }
        return steps > Self.stepLimit ? nil : false
    }

    /// `\\s` as `NSRegularExpression` reads it: tab, line feed, form feed, carriage return and Unicode separators.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator: true
        default: ["\t", "\n", "\u{0C}", "\r"].contains(scalar)
        }
    }

    private static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]

    private func match(_ scalars: [Unicode.Scalar], item: Int, at position: Int, end: Int, steps: inout Int) -> Bool? {
        steps += 1
        guard steps <= Self.stepLimit else { return nil }
        guard item < items.count else { return position == end }
        let current = items[item]
        var count = 0
        while count < current.maximum, position + count < end, current.element.matches(scalars[position + count]) { count += 1 }
        while count >= current.minimum {
            switch match(scalars, item: item + 1, at: position + count, end: end, steps: &steps) {
            case true?: return true
            case nil: return nil
            case false?: count -= 1
            }
        }
        return false
    }

    /// Escapes that stand for themselves.
    private static let punctuation = Set("^$\\.*+?()[]{}|/-".unicodeScalars)

    private static func element(in scalars: [Unicode.Scalar], at index: Int) -> (Element, Int)? {
        let scalar = scalars[index]
        switch scalar {
        case "[": return set(in: scalars, at: index + 1)
        case "\\":
            guard index + 1 < scalars.count else { return nil }
            let escaped = scalars[index + 1]
            switch escaped {
            case "s": return (.set(ranges: [], whitespace: true, negated: false), index + 2)
            case "S": return (.set(ranges: [], whitespace: true, negated: true), index + 2)
            default: return punctuation.contains(escaped) ? (.scalar(escaped), index + 2) : nil
            }
        case "^", "$", ".", "*", "+", "?", "(", ")", "]", "{", "}", "|": return nil
        default: return (.scalar(scalar), index + 1)
        }
    }

    /// A bracket class whose body starts at `start`: single characters, ranges and escaped punctuation.
    private static func set(in scalars: [Unicode.Scalar], at start: Int) -> (Element, Int)? {
        var index = start
        let negated = index < scalars.count && scalars[index] == "^"
        if negated { index += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        func member(at position: Int) -> (Unicode.Scalar, Int)? {
            guard position < scalars.count else { return nil }
            let scalar = scalars[position]
            if scalar == "\\" {
                guard position + 1 < scalars.count, punctuation.contains(scalars[position + 1]) else { return nil }
                return (scalars[position + 1], position + 2)
            }
            if scalar == "[" { return nil }  // POSIX classes and nested sets are not this shape
            return (scalar, position + 1)
        }
        while index < scalars.count, scalars[index] != "]" {
            guard let (low, next) = member(at: index) else { return nil }
            if next + 1 < scalars.count, scalars[next] == "-", scalars[next + 1] != "]" {
                guard let (high, after) = member(at: next + 1), low.value <= high.value else { return nil }
                ranges.append(low.value...high.value)
                index = after
            } else {
                ranges.append(low.value...low.value)
                index = next
            }
        }
        guard index < scalars.count, !ranges.isEmpty else { return nil }
        return (.set(ranges: ranges, whitespace: false, negated: negated), index + 1)
    }

    /// `{n}`, `{n,}` or `{n,m}` starting at `index`.
    private static func bounds(in scalars: [Unicode.Scalar], at index: Int) -> ((Int, Int), Int)? {
        guard let close = scalars[index...].firstIndex(of: "}") else { return nil }
        let body = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
        let parts = body.split(separator: ",", omittingEmptySubsequences: false)
        guard let minimum = parts.first.flatMap({ Int($0) }) else { return nil }
        switch parts.count {
        case 1: return ((minimum, minimum), close + 1)
        case 2 where parts[1].isEmpty: return ((minimum, Int.max), close + 1)
        case 2: guard let maximum = Int(parts[1]), maximum >= minimum else { return nil }; return ((minimum, maximum), close + 1)
        default: return nil
        }
    }
}
