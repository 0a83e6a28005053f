@testable import SluiceJSON

/// The error thrown by parsing `bytes`, or nil if parsing succeeds.
func syntaxError(_ bytes: [UInt8], limits: JSONLimits = .default) -> JSONSyntaxError? {
    do {
        _ = try JSONParser.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}
