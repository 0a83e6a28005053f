import SluiceDocuments
import SluiceJSON

/// One block type as `sluice blocks` lists it: the catalog entry and whether this version can run it.
public struct BlockListing: Codable, Sendable {
    public var type: String
    public var name: String
    public var category: String
    public var summary: String
    public var ports: [String]
    public var app: String?
    public var configSchema: JSONValue
    /// Whether this version of Sluice runs it.
    public var available: Bool
    /// Why it cannot run yet, when it cannot.
    public var unavailableReason: String?
}

extension BlockRegistry {
    /// Every catalog type with its availability here, in catalog order.
    public func listing() -> [BlockListing] {
        BlockCatalog.all.map { type in
            let reason: String? =
                switch availability(of: type.id) {
                case .available?: nil
                case .unavailable(let reason)?: reason
                case nil: "no implementation is registered for it"
                }
            return BlockListing(
                type: type.id, name: type.name, category: type.category.rawValue, summary: type.summary, ports: type.ports.map(\.rawValue),
                app: type.app, configSchema: type.configSchema, available: reason == nil, unavailableReason: reason)
        }
    }
}
