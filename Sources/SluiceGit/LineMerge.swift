import CLibGit2

/// Git's own three-way line merge of one file (`git_merge_file`), as `git merge-file` does it: the fallback for
/// files that are not strict JSON, where a structural merge cannot start.
public enum LineMerge {
    /// The merged text and whether git left conflict markers in it.
    public struct Result: Sendable, Equatable {
        /// The merged bytes; where the sides could not be combined they hold git's conflict markers.
        public var bytes: [UInt8]
        /// The number of conflicted regions (`<<<<<<<` markers); 0 when the merge is clean.
        public var conflicts: Int
        /// Whether git merged everything.
        public var isClean: Bool { conflicts == 0 }
    }

    /// Merges the changes from `base` to `theirs` into `ours`, line by line. `labels` name the sides in the markers.
    public static func merge(
        base: [UInt8], ours: [UInt8], theirs: [UInt8], labels: (base: String, ours: String, theirs: String) = ("base", "ours", "theirs")
    ) throws -> Result {
        LibGit2.ensureInitialized()
        var options = git_merge_file_options()
        try git("git_merge_file_options_init") { git_merge_file_options_init(&options, UInt32(GIT_MERGE_FILE_OPTIONS_VERSION)) }
        var result = git_merge_file_result()
        defer { git_merge_file_result_free(&result) }
        try withInput(base) { ancestor in
            try withInput(ours) { oursInput in
                try withInput(theirs) { theirsInput in
                    try labels.base.withCString { baseLabel in
                        try labels.ours.withCString { oursLabel in
                            try labels.theirs.withCString { theirsLabel in
                                options.ancestor_label = baseLabel
                                options.our_label = oursLabel
                                options.their_label = theirsLabel
                                try git("git_merge_file") { git_merge_file(&result, ancestor, oursInput, theirsInput, &options) }
                            }
                        }
                    }
                }
            }
        }
        let bytes: [UInt8] =
            result.ptr.map { pointer in
                Array(UnsafeRawBufferPointer(start: UnsafeRawPointer(pointer), count: result.len))
            } ?? []
        return Result(bytes: bytes, conflicts: result.automergeable != 0 ? 0 : max(1, conflictMarkers(in: bytes)))
    }

    /// Calls `body` with a libgit2 view of `bytes`, valid only during the call.
    private static func withInput<T>(_ bytes: [UInt8], _ body: (UnsafePointer<git_merge_file_input>) throws -> T) throws -> T {
        var input = git_merge_file_input()
        try git("git_merge_file_input_init") { git_merge_file_input_init(&input, UInt32(GIT_MERGE_FILE_INPUT_VERSION)) }
        return try bytes.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { characters in
                input.ptr = characters.baseAddress
                input.size = characters.count
                return try body(&input)
            }
        }
    }

    /// Lines that open a conflicted region.
    private static func conflictMarkers(in bytes: [UInt8]) -> Int {
        let marker = Array("<<<<<<< ".utf8)
        var count = 0
        var lineStart = 0
        for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0A {
            if index - lineStart >= marker.count, Array(bytes[lineStart..<lineStart + marker.count]) == marker { count += 1 }
            lineStart = index + 1
        }
        return count
    }
}
