import Foundation
import SluiceWorkspace

/// Prints a command's notices on standard error as they come, each once: `sluice: note: …`, and for documents left
/// out, `sluice: warning: skipped invalid document …`.
final class StandardErrorNotices: NoticeSink, @unchecked Sendable {
    private let showsSkippedDocuments: Bool
    private let lock = NSLock()
    // Guarded by `lock`.
    private var printed: Set<Notice> = []

    init(showsSkippedDocuments: Bool) { self.showsSkippedDocuments = showsSkippedDocuments }

    func notice(_ notice: Notice) {
        if notice.isWarning, !showsSkippedDocuments { return }
        guard lock.withLock({ printed.insert(notice).inserted }) else { return }
        Output.note("sluice: \(notice.isWarning ? "warning" : "note"): \(notice)")
    }
}
