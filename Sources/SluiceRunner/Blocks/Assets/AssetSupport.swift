import Foundation
import SluiceJSON
import SluiceMedia

extension MediaLibrary {
    /// An asset as JSON, for payloads, or a block failure naming the missing asset.
    func jsonAsset(_ publicID: String) throws(BlockFailure) -> JSONValue {
        try library { try self.asset(publicID) }.jsonValue
    }
}

/// Runs a media library call, turning its error into a block failure.
func library<T>(_ body: () throws -> T) throws(BlockFailure) -> T {
    do { return try body() } catch let error as BlockFailure { throw error } catch let error as MediaError {
        throw BlockFailure(error.description)
    } catch { throw BlockFailure("\(error)") }
}

extension BlockContext {
    /// The asset `config.asset` names, changed by `change` in the catalog; the asset as it is afterwards.
    func updateAsset(_ change: (inout Asset) -> Void) throws(BlockFailure) -> BlockOutcome {
        // Updates read the asset themselves (and fail when it is missing): no separate lookup first.
        let publicID = try string("asset")
        let updated = try library { try services.library.update(publicID, change) }
        return BlockOutcome(output: updated.jsonValue)
    }
}
