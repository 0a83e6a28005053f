import Foundation

/// How git should call this `sluice`: plain `sluice` when that is what PATH finds, else the absolute path.
enum SelfPath {
    static var command: String {
        let me =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        let resolved = URL(fileURLWithPath: me).resolvingSymlinksInPath().path
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder) + "/sluice").resolvingSymlinksInPath().path
            if candidate == resolved { return "sluice" }
        }
        return resolved
    }
}
