import CLibGit2
import Foundation

/// Calls a libgit2 constructor that fills an `OpaquePointer` out-parameter and wraps the result in
/// its owner class. Throws the libgit2 error (read on this thread) when the call fails.
func makeHandle<Handle>(
    _ function: String,
    _ wrap: (OpaquePointer) -> Handle,
    _ call: (inout OpaquePointer?) -> Int32
) throws -> Handle {
    var out: OpaquePointer?
    let result = call(&out)
    guard result >= 0 else {
        throw GitError.last(code: result, function: function)
    }
    guard let out else {
        throw GitError(code: -1, errorClass: 0, message: "libgit2 returned no object", function: function)
    }
    return wrap(out)
}

/// Calls `body` with a `git_strarray` view of `strings`; the C strings live only during the call.
func withStrArray<Result>(
    _ strings: [String],
    _ body: (UnsafePointer<git_strarray>) throws -> Result
) throws -> Result {
    var cStrings: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { cStrings.forEach { free($0) } }
    return try cStrings.withUnsafeMutableBufferPointer { (buffer) throws -> Result in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}
