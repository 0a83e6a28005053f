import SluiceDocuments

/// Every block type the runner can run, by catalog id, and the catalog's types it cannot run yet with the reason.
public struct BlockRegistry: Sendable {
    /// Whether and how a catalog type runs.
    public enum Availability: Sendable, Equatable {
        /// An implementation runs it.
        case available
        /// It is in the catalog but cannot run in this version; the reason says why and what brings it.
        case unavailable(reason: String)
    }

    private let implementations: [String: any BlockImplementation]
    private let unavailable: [String: String]
    /// The type of every implementation given, in order, duplicates included (a test checks there are none).
    let registeredTypes: [String]

    /// A registry of `implementations` (one per type) and of types declared unavailable with their reasons.
    public init(_ implementations: [any BlockImplementation], unavailable: [String: String] = [:]) {
        self.implementations = Dictionary(implementations.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first })
        self.unavailable = unavailable
        registeredTypes = implementations.map(\.type)
    }

    /// The implementation of a block type, if it has one.
    public func implementation(of type: String) -> (any BlockImplementation)? { implementations[type] }

    /// Whether a block type runs, or why not; nil for a type neither implemented nor declared unavailable.
    public func availability(of type: String) -> Availability? {
        if implementations[type] != nil { return .available }
        return unavailable[type].map { .unavailable(reason: $0) }
    }

    /// The ids of every implemented type.
    public var implementedTypes: [String] { implementations.keys.sorted() }

    /// The ids declared unavailable.
    public var unavailableTypes: [String] { unavailable.keys.sorted() }

    /// The blocks of this version of Sluice.
    public static let standard = BlockRegistry(
        [
            TriggerBlock(type: BlockTypeID.assetUploaded), TriggerBlock(type: BlockTypeID.webhook), TriggerBlock(type: BlockTypeID.schedule),
            TriggerBlock(type: BlockTypeID.scheduledSearch),
            TriggerBlock(type: BlockTypeID.flowCalled), TriggerBlock(type: BlockTypeID.manual),
            IfConditionBlock(), ApplyOnEachBlock(), CallFlowBlock(), DelayBlock(),
            UploadMediaBlock(), AssetInfoBlock(), UpdateTagsBlock(), UpdateStructuredMetadataBlock(), UpdateContextualMetadataBlock(),
            MoveToFolderBlock(), ChangePublicIDBlock(), DuplicateAssetBlock(), DeleteAssetBlock(), SearchMediaBlock(), RelateAssetsBlock(),
            CreateAssetURLBlock(), EditMediaBlock(), ExportMetadataCSVBlock(), ManualModerationBlock(),
            HTTPRequestBlock(), SlackMessageBlock(), WebhookPostBlock(),
            NotificationBlock(),
        ],
        unavailable: [:])
}
