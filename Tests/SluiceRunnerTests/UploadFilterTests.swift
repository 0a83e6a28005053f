import Foundation
import SluiceJSON
import Testing

@testable import SluiceMedia
@testable import SluiceRunner

@Suite("On Asset Upload filter")
struct UploadFilterTests {
    static let asset = Asset(
        publicID: "products/bags/red-bag", resourceType: .image, format: "jpg", bytes: 10, width: 1, height: 1, folder: "products/bags",
        tags: ["product", "red"], metadata: ["sku": "B-17", "price": 49.5], context: [:], related: [], contentHash: "x", originalFilename: nil,
        createdAt: Date(), updatedAt: Date())

    @Test(
        "each part of the filter decides as MediaFlows describes",
        arguments: [
            ([:], true),
            (["resourceTypes": ["image"]], true), (["resourceTypes": ["video", "raw"]], false),
            (["tags": ["operator": "anyOf", "values": ["red", "blue"]]], true), (["tags": ["operator": "anyOf", "values": ["blue"]]], false),
            (["tags": ["operator": "allOf", "values": ["red", "product"]]], true),
            (["tags": ["operator": "allOf", "values": ["red", "sale"]]], false),
            (["tags": ["operator": "empty"]], false), (["tags": ["operator": "notEmpty"]], true),
            (["metadata": ["sku": "B-17"]], true), (["metadata": ["price": 49.5]], true), (["metadata": ["price": "49.5"]], true),
            (["metadata": ["sku": "B-18"]], false), (["metadata": ["missing": "x"]], false),
            (["folder": ["path": "products/bags"]], true), (["folder": ["path": "products"]], false),
            (["folder": ["path": "products", "includeSubfolders": true]], true), (["folder": ["path": "prod", "includeSubfolders": true]], false),
            (["folder": ["path": "", "includeSubfolders": true]], true),
            (["resourceTypes": ["image"], "tags": ["operator": "anyOf", "values": ["red"]], "folder": ["path": "shoes"]], false),
        ] as [(JSONValue, Bool)])
    func filter(config: JSONValue, expected: Bool) {
        #expect(UploadFilter.matches(config, Self.asset) == expected)
    }
}
