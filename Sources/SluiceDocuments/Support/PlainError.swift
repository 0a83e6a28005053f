import Foundation

/// A platform error as a plain sentence: Foundation's file errors ("The operation could not be completed.
/// (NSCocoaErrorDomain error 256.)") and POSIX errors name what happened instead.
public enum PlainError {
    /// What went wrong, in a few lower-case words, without the path (the caller names it).
    public static func sentence(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return describe(posix.code.rawValue) }
        if let cocoa = error as? CocoaError { return sentence(cocoa) }
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain { return describe(Int32(bridged.code)) }
        if bridged.domain == NSCocoaErrorDomain { return sentence(CocoaError(CocoaError.Code(rawValue: bridged.code), userInfo: bridged.userInfo)) }
        return "\(error)"
    }

    private static func sentence(_ error: CocoaError) -> String {
        let underlying = error.userInfo[NSUnderlyingErrorKey]
        let cause: String? =
            if let posix = underlying as? POSIXError {
                describe(posix.code.rawValue)
            } else if let bridged = underlying as? NSError, bridged.domain == NSPOSIXErrorDomain {
                describe(Int32(bridged.code))
            } else { nil }
        switch error.code {
        case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteVolumeReadOnly: return "the volume is read-only"
        case .fileWriteFileExists: return "it exists already"
        case .fileReadCorruptFile: return "the file is damaged or not in the expected format"
        case .fileReadTooLarge: return "the file is too large"
        case .fileReadInapplicableStringEncoding: return "the file is not text in the expected encoding"
        default: return cause ?? "the file operation failed (code \(error.code.rawValue))"
        }
    }

    private static func describe(_ code: Int32) -> String {
        switch code {
        case EISDIR: "is a folder, not a file"
        case ENOENT: "no such file or folder"
        case EACCES, EPERM: "permission denied"
        case ENOSPC: "no space left on the device"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
