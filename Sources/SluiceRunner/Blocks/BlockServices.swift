import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia

/// What blocks use besides their config: the environment's media library and the hooks into the workspace.
public struct BlockServices: Sendable {
    public var library: MediaLibrary
    /// Where Export Metadata to CSV writes its files.
    public var exportFolder: String
    /// The base of the delivery URLs Create Asset URL builds when the block names none.
    public var deliveryBaseURL: String
    /// Runs another flow for Trigger Another Flow: flow id, trigger payload, whether to wait; returns its outcome.
    public var callFlow: (@Sendable (_ flowID: String, _ trigger: JSONValue, _ wait: Bool) async throws -> JSONValue)?
    /// Records a Notification block's asset; returns the block's output.
    public var notify: (@Sendable (NotificationRequest) throws -> JSONValue)?

    /// Services over `library`.
    public init(
        library: MediaLibrary, exportFolder: String, deliveryBaseURL: String = "https://media.sluice.invalid",
        callFlow: (@Sendable (String, JSONValue, Bool) async throws -> JSONValue)? = nil,
        notify: (@Sendable (NotificationRequest) throws -> JSONValue)? = nil
    ) {
        self.library = library
        self.exportFolder = exportFolder
        self.deliveryBaseURL = deliveryBaseURL
        self.callFlow = callFlow
        self.notify = notify
    }
}

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

/// Runs a media library call, turning its error into a block failure.
func library<T>(_ body: () throws -> T) throws(BlockFailure) -> T {
    do { return try body() } catch let error as BlockFailure { throw error } catch let error as MediaError {
        throw BlockFailure(error.description)
    } catch { throw BlockFailure("\(error)") }
}
