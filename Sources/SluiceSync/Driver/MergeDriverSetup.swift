import Foundation
import SluiceDocuments
import SluiceGit

/// Registers `sluice merge-driver` with git, so plain `git merge` and `git pull` merge documents as Sluice does.
public enum MergeDriverSetup {
    /// The git config name of the driver.
    public static let name = "sluice"
    /// The line `.gitattributes` carries.
    public static let attributesLine = "*.json merge=sluice"

    /// `.gitattributes` with the driver line added (unchanged when it is already there).
    public static func attributes(adding existing: String?) -> String {
        let current = existing ?? ""
        if current.split(separator: "\n").contains(where: { $0.trimmingCharacters(in: .whitespaces) == attributesLine }) { return current }
        let separator = current.isEmpty || current.hasSuffix("\n") ? "" : "\n"
        return current + separator + "# JSON documents merge structurally (sluice merge-driver); see docs/merge.md\n" + attributesLine + "\n"
    }

    /// The command git runs: `<sluice> merge-driver %O %A %B %P`.
    public static func driverCommand(executable: String) -> String {
        "\(shellQuoted(executable)) merge-driver %O %A %B %P"
    }

    /// Sets the driver in the repository's own config.
    public static func register(in repository: Repository, executable: String) throws {
        try repository.setConfigString("merge.\(name).name", "Sluice structural JSON merge")
        try repository.setConfigString("merge.\(name).driver", driverCommand(executable: executable))
    }

    /// Whether the repository's config names a driver command.
    public static func isRegistered(in repository: Repository) -> Bool {
        ((try? repository.configString("merge.\(name).driver")) ?? nil)?.contains("merge-driver") == true
    }

    private static func shellQuoted(_ text: String) -> String {
        let safe = text.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+".unicodeScalars.contains($0) }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
