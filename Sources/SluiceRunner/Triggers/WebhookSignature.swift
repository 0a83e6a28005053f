import Crypto
import Foundation
import SluiceJSON

/// The signature of Sluice's webhooks, sent by Webhook Post and checked by `sluice serve`: `X-Sluice-Timestamp` (Unix
/// seconds) and `X-Sluice-Signature: v1=<hex>`, the HMAC-SHA256 of `<timestamp>.<body>` with the shared secret.
public enum WebhookSignature {
    /// How far a request's timestamp may be from the receiver's clock: an older request is a replay.
    public static let window: TimeInterval = 300

    /// The hex HMAC-SHA256 of `<timestamp>.<body>`.
    public static func sign(secret: String, timestamp: String, body: some Sequence<UInt8>) -> String {
        var authenticator = HMAC<SHA256>(key: SymmetricKey(data: Data(secret.utf8)))
        authenticator.update(data: Data(timestamp.utf8))
        authenticator.update(data: Data(".".utf8))
        authenticator.update(data: Data(body))
        return Array(authenticator.finalize()).hexText
    }

    /// Why a request is not trusted, or nil when it is: both headers there, the timestamp within ``window`` of `now`,
    /// and the signature the secret gives (compared in constant time).
    public static func problem(timestamp: String?, signature: String?, body: [UInt8], secret: String, now: Date) -> String? {
        guard let timestamp, let signature else { return "unsigned: X-Sluice-Timestamp and X-Sluice-Signature are required" }
        guard let seconds = TimeInterval(timestamp), seconds.isFinite else { return "X-Sluice-Timestamp is not a number of seconds" }
        guard abs(now.timeIntervalSince1970 - seconds) <= window else {
            return "the timestamp is more than \(Int(window / 60)) minutes from the server's clock (a replay, or a clock to set)"
        }
        guard signature.hasPrefix("v1=") else { return "X-Sluice-Signature must be v1=<hex HMAC-SHA256 of timestamp.body>" }
        let expected = Array(sign(secret: secret, timestamp: timestamp, body: body).utf8)
        let given = Array(signature.dropFirst(3).lowercased().utf8)
        guard expected.count == given.count, zip(expected, given).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else {
            return "the signature does not match the flow's webhookSecret"
        }
        return nil
    }
}
