import Foundation

/// `transform` applied to every item on every core, results in the order of `items`. For pure work (parsing,
/// merging) over many items; chunks keep the scheduling cost small next to the work.
public func concurrentMap<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
    let slots = ResultSlots<Result>(count: items.count)
    let chunk = 16
    DispatchQueue.concurrentPerform(iterations: (items.count + chunk - 1) / chunk) { part in
        for index in (part * chunk)..<min(items.count, (part + 1) * chunk) {
            slots.store(transform(items[index]), at: index)
        }
    }
    return slots.values
}

/// Result slots filled from several threads, each slot written once under a lock.
private final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ value: Value, at index: Int) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    var values: [Value] {
        lock.lock()
        defer { lock.unlock() }
        return slots.compactMap { $0 }
    }
}
