import SluiceDocuments
import Testing

@testable import SluiceRunner

@Suite("Block registry")
struct BlockRegistryTests {
    let registry = BlockRegistry.standard

    @Test("every catalog type has exactly one implementation or is declared unavailable with a reason")
    func catalogIsCovered() {
        for type in BlockCatalog.all.map(\.id) {
            let implementations = registry.registeredTypes.filter { $0 == type }.count
            let declared = registry.unavailableTypes.contains(type)
            #expect(implementations + (declared ? 1 : 0) == 1, "\(type): \(implementations) implementation(s), declared unavailable: \(declared)")
            if case .unavailable(let reason)? = registry.availability(of: type) { #expect(!reason.isEmpty) }
        }
    }

    @Test("nothing is registered for a type the catalog does not know")
    func noStrays() {
        let catalog = Set(BlockCatalog.all.map(\.id))
        #expect(Set(registry.registeredTypes).subtracting(catalog).isEmpty)
        #expect(Set(registry.unavailableTypes).subtracting(catalog).isEmpty)
    }

    @Test("the listing says which types run and why the others do not")
    func listing() throws {
        let rows = registry.listing()
        #expect(rows.map(\.type) == BlockCatalog.all.map(\.id))
        let unavailable = rows.filter { !$0.available }.map(\.type)
        #expect(unavailable.isEmpty, "every block of the catalog runs")
        #expect(rows.filter(\.available).count == registry.implementedTypes.count)
        // A type declared unavailable is listed with its reason.
        let partial = BlockRegistry([NotificationBlock()], unavailable: ["edit-media": "needs the image library"])
        let editMedia = try #require(partial.listing().first { $0.type == "edit-media" })
        #expect(!editMedia.available && editMedia.unavailableReason == "needs the image library")
    }

    @Test("only blocks that wait on something outside race their timeout")
    func waitingBlocks() {
        let waiting = Set(registry.implementedTypes.filter { registry.implementation(of: $0)?.waitsOutside == true })
        #expect(waiting == [BlockTypeID.delay, BlockTypeID.callFlow, "http-request", "slack-message", "webhook-post", "upload-media"])
    }
}
