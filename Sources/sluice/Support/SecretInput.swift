import Foundation

/// Reads secret values from standard input, or from a hidden prompt on a terminal; never from arguments.
enum SecretInput {
    static var isTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// One value: a hidden prompt on a terminal, otherwise all of standard input without the final newline.
    static func readValue(prompt: String) throws -> String {
        if isTerminal { return try hiddenLine(prompt: prompt) }
        var text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }

    /// A line typed without echo.
    static func hiddenLine(prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var original = termios()
        tcgetattr(STDIN_FILENO, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = Swift.readLine(strippingNewline: true) else { throw CommandFailure(message: "no input") }
        return line
    }
}
