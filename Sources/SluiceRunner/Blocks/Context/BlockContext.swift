import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia

/// One block about to run: its definition, its config with dynamic values resolved, and the services.
public struct BlockContext: Sendable {
    public var block: Block
    public var config: JSONValue
    public var services: BlockServices
    public var runID: String
    public var flow: RunnableFlow
    /// The trigger payload of the run.
    public var trigger: JSONValue
    /// The block's connection, when it names one that exists.
    public var connection: RunConnection?
    /// Seconds the block may take.
    public var timeout: Double
    /// The runner running the block (Trigger Another Flow runs the called flow with it).
    public var runner: FlowRunner
    /// A moderation decision given for this block when the run was resumed (true: approved).
    public var decision: Bool?
    /// What the block recorded when it parked the run before (a Delay's wake time), when the run is resumed.
    public var parked: JSONValue?
    /// Replaces the run's secret values in anything the block writes outside the run record.
    public var redactor: Redactor

    /// A string field of the config, required.
    func string(_ key: String) throws(BlockFailure) -> String {
        guard let value = config[key] else { throw BlockFailure("config/\(key) is missing") }
        guard case .string(let text) = value else { throw BlockFailure("config/\(key) must be text, got \(value.typeName)") }
        return text
    }

    /// A string field of the config, or nil when absent.
    func optionalString(_ key: String) throws(BlockFailure) -> String? {
        guard let value = config[key], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw BlockFailure("config/\(key) must be text, got \(value.typeName)") }
        return text
    }

    /// A list of strings in the config (a single string counts as a list of one).
    func strings(_ key: String) throws(BlockFailure) -> [String] {
        switch config[key] {
        case .string(let text)?: return [text]
        case .array(let items)?:
            var result: [String] = []
            for item in items {
                guard let text = item.stringValue else { throw BlockFailure("config/\(key) must hold text, found \(item.typeName)") }
                result.append(text)
            }
            return result
        case nil, .null?: return []
        case let other?: throw BlockFailure("config/\(key) must be a list of text, got \(other.typeName)")
        }
    }

    /// The asset the block acts on (`config.asset`).
    func asset() throws(BlockFailure) -> Asset {
        let publicID = try string("asset")
        do { return try services.library.asset(publicID) } catch { throw BlockFailure(error.description) }
    }
}
