import Foundation
import SluiceSync

extension Conflict {
    /// One line for a terminal: `/blocks/1/name: both sides changed it differently`.
    var summary: String {
        let what =
            switch kind {
            case .bothModified: "both sides changed it differently"
            case .deleteModify:
                switch (ours, theirs) {
                case (nil, nil): "one side deleted it, the other changed it"
                case (nil, _): "we deleted it, they changed it"
                default: "they deleted it, we changed it"
                }
            case .addAdd: "both sides added it differently"
            case .typeChange: "the sides changed its type"
            case .sequence: "both sides edited the same part of the array"
            case .invalid: "together the two sides' changes break a rule here" + (rule.map { ": \($0)" } ?? " (see `sluice validate`)")
            case .fileFolder: "one side has a file here and the other a folder of the same name; ours is kept"
            case .fileMode: "both sides changed the file's mode differently; ours is kept"
            case .notJSON: "a version is not JSON and git's line merge conflicts; ours is kept whole"
            }
        return "\(pointer.display): \(what)"
    }
}

extension CocoaError {
    /// A plain sentence for a file-system error, instead of Foundation's "NSCocoaErrorDomain error 256".
    var sentence: String {
        let path = (userInfo[NSFilePathErrorKey] as? String) ?? (userInfo[NSURLErrorKey] as? URL)?.path
        let cause: String? =
            if let underlying = userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                String(cString: strerror(Int32(underlying.code))).lowercased()
            } else { nil }
        let what: String =
            switch code {
            case .fileNoSuchFile, .fileReadNoSuchFile: "no such file or folder"
            case .fileReadNoPermission, .fileWriteNoPermission: "permission denied"
            case .fileWriteOutOfSpace: "no space left on the device"
            case .fileWriteVolumeReadOnly: "the volume is read-only"
            case .fileWriteFileExists: "it exists already"
            case .fileReadCorruptFile: "the file is damaged or not in the expected format"
            case .fileReadTooLarge: "the file is too large"
            default: cause ?? "the file operation failed (code \(code.rawValue))"
            }
        let detail = cause.map { $0 == what ? "" : " (\($0))" } ?? ""
        return (path.map { "\($0): " } ?? "") + what + detail
    }
}
