/// Walks a hand-parsed command line: `--name value`, `--name=value` and flags without a value.
///
/// ```swift
/// var scanner = OptionScanner(arguments)
/// while let name = try scanner.next() {
///     switch name {
///     case "--flows": flows = try scanner.positiveInteger()
///     case "--json": json = true
///     default: throw scanner.unknownArgument()
///     }
/// }
/// ```
public struct OptionScanner {
    private var remaining: ArraySlice<String>
    private var inlineValue: String?
    /// The current argument as given, e.g. `--flows=200`.
    public private(set) var argument = ""
    /// The current option's name, e.g. `--flows`.
    public private(set) var name = ""

    /// A scanner over `arguments` (without the program name).
    public init(_ arguments: [String]) {
        remaining = arguments[...]
    }

    /// Moves to the next argument and returns its name, or nil after the last one. Throws when the previous option
    /// was given an inline value (`--json=yes`) that it did not take.
    public mutating func next() throws(UsageError) -> String? {
        if inlineValue != nil { throw UsageError("\(name) takes no value") }
        guard let next = remaining.popFirst() else { return nil }
        // Accept both `--flows 200` and `--flows=200`.
        let parts = next.split(separator: "=", maxSplits: 1).map(String.init)
        argument = next
        name = parts.first ?? next
        inlineValue = parts.count == 2 ? parts[1] : nil
        return name
    }

    /// The current option's value: the part after `=`, or else the next argument.
    public mutating func value() throws(UsageError) -> String {
        if let given = inlineValue {
            inlineValue = nil
            return given
        }
        guard let next = remaining.popFirst() else { throw UsageError("\(name) needs a value") }
        return next
    }

    /// The current option's value as a whole number above zero.
    public mutating func positiveInteger() throws(UsageError) -> Int {
        let text = try value()
        guard let number = Int(text), number > 0 else { throw UsageError("\(name) needs a positive whole number, got \"\(text)\"") }
        return number
    }

    /// The error for an argument the command does not know.
    public func unknownArgument() -> UsageError {
        UsageError("unknown argument \"\(argument)\"")
    }
}
