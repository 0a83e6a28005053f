import Foundation

/// The machine the figures come from.
public struct MachineFigures: Codable, Sendable {
    /// Active processor cores.
    public var processors: Int
    /// Physical memory in bytes; nil when the benchmark does not report it (and then absent from the JSON).
    public var memoryBytes: Int64?
    /// Kernel name, release and architecture, e.g. `Linux 6.8.0 x86_64`.
    public var system: String

    /// Figures given explicitly.
    public init(processors: Int, memoryBytes: Int64?, system: String) {
        self.processors = processors
        self.memoryBytes = memoryBytes
        self.system = system
    }

    /// The figures of the machine running this process; `includingMemory: false` leaves `memoryBytes` nil.
    public static func current(includingMemory: Bool = true) -> MachineFigures {
        var names = utsname()
        uname(&names)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        let info = ProcessInfo.processInfo
        return MachineFigures(
            processors: info.activeProcessorCount, memoryBytes: includingMemory ? Int64(info.physicalMemory) : nil,
            system: "\(field(names.sysname)) \(field(names.release)) \(field(names.machine))"
        )
    }
}
