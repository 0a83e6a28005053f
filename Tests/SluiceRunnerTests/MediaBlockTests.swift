import Foundation
import SluiceDocuments
import SluiceImaging
import SluiceJSON
import SluiceMedia
import SluiceTestSupport
import Testing

@testable import SluiceRunner

/// Edit Media, Create Asset URL and notification thumbnails against a real library and libvips.
@Suite("Media blocks")
struct MediaBlockTests {
    static func runner(_ fixture: RunnerFixture, named: [String: Transformation] = [:], sink: (any NotificationSink)? = nil) -> FlowRunner {
        let services = BlockServices(
            library: fixture.library, exportFolder: fixture.directory.child("exports"), deliveryBaseURL: "https://media.example.com",
            environment: "staging", namedTransformations: named, notifications: sink)
        return FlowRunner(store: fixture.store, services: services, defaultTimeout: 30)
    }

    static func run(_ runner: FlowRunner, _ fixture: RunnerFixture, _ blocks: [Block], asset: String = "products/red-bag") async throws -> RunRecord {
        let trigger: JSONValue = ["asset": try fixture.library.asset(asset).jsonValue, "data": [:]]
        return try await runner.run(RunnerFixture.flow(blocks), FlowRunner.Inputs(trigger: trigger, triggerType: "manual", touchpoints: [asset]))
    }

    @Test("Edit Media derives the file once, outputs its size and delivery URL, and expands named transformations")
    func derive() async throws {
        let fixture = try RunnerFixture()
        let runner = Self.runner(fixture, named: ["square": try Transformation.parse("c_fill,w_100,h_100")])
        let blocks = [
            block("edit", "edit-media", ["asset": "{{trigger.asset.publicId}}", "transformation": "t_square/e_grayscale/f_webp"], next: ["again"]),
            block("again", "edit-media", ["asset": "{{trigger.asset.publicId}}", "transformation": "c_fill,h_100,w_100/e_grayscale/f_webp"]),
        ]
        let run = try await Self.run(runner, fixture, blocks)
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let steps = try fixture.steps(run)
        let output = try #require(steps["edit"]?.output)
        #expect(output["width"] == 100 && output["height"] == 100 && output["format"] == "webp")
        #expect(output["transformation"] == "c_fill,h_100,w_100/e_grayscale/f_webp")
        #expect(output["url"] == "https://media.example.com/media/staging/c_fill,h_100,w_100/e_grayscale/f_webp/products/red-bag.webp")
        #expect(steps["again"]?.output?["contentHash"] == output["contentHash"])
        #expect(try fixture.library.derivations(of: "products/red-bag").count == 1, "the same derivation is stored once")
    }

    @Test("Edit Media saves its result as a new asset, or over the original keeping its tags")
    func save() async throws {
        let fixture = try RunnerFixture()
        let runner = Self.runner(fixture)
        let new = try await Self.run(
            runner, fixture, [block("edit", "edit-media", ["asset": "{{trigger.asset.publicId}}", "transformation": "w_60", "saveAs": "new"])])
        #expect(new.status == .succeeded, "\(new.error ?? "")")
        let copy = try fixture.library.asset("products/red-bag-edited")
        #expect(copy.width == 60 && copy.tags == ["product"])
        #expect(try fixture.library.asset("products/red-bag").width == 240)
        let named = try await Self.run(
            runner, fixture,
            [
                block(
                    "edit", "edit-media", ["asset": "{{trigger.asset.publicId}}", "transformation": "w_30", "saveAs": "new", "publicId": "small/bag"])
            ])
        #expect(named.status == .succeeded)
        #expect(try fixture.library.asset("small/bag").width == 30)
        try fixture.library.update("products/red-bag") { $0.metadata["sku"] = "B-17" }
        let over = try await Self.run(
            runner, fixture,
            [block("edit", "edit-media", ["asset": "{{trigger.asset.publicId}}", "transformation": "e_grayscale", "saveAs": "overwrite"])])
        #expect(over.status == .succeeded, "\(over.error ?? "")")
        let replaced = try fixture.library.asset("products/red-bag")
        #expect(replaced.tags == ["product"] && replaced.metadata["sku"] == "B-17" && replaced.facts["colorSpace"] == "b-w")
    }

    @Test("a bad or unknown transformation fails the block with its position; raw files cannot be edited")
    func failures() async throws {
        let fixture = try RunnerFixture()
        let runner = Self.runner(fixture)
        let bad = try await Self.run(
            runner, fixture, [block("edit", "edit-media", ["asset": "{{trigger.asset.publicId}}", "transformation": "c_fill,w_-3"])])
        #expect(bad.status == .failed && bad.error?.contains("config/transformation: at character 8 (`w_-3`)") == true, "\(bad.error ?? "")")
        let unknown = try await Self.run(
            runner, fixture, [block("edit", "edit-media", ["asset": "{{trigger.asset.publicId}}", "transformation": "t_nope"])])
        #expect(unknown.error?.contains("no named transformation \"nope\"") == true, "\(unknown.error ?? "")")
        let url = try await Self.run(
            runner, fixture, [block("url", "create-asset-url", ["asset": "{{trigger.asset.publicId}}", "transformation": "t_nope"])])
        #expect(url.status == .failed)
        let notes = fixture.directory.child("notes.txt")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notes))
        var options = MediaLibrary.UploadOptions()
        options.resourceType = .raw
        _ = try fixture.library.upload(file: notes, options: options)
        let raw = try await Self.run(runner, fixture, [block("edit", "edit-media", ["asset": "notes", "transformation": "w_10"])], asset: "notes")
        #expect(raw.error == "asset \"notes\": a raw file has no pixels to transform")
    }

    @Test("Create Asset URL builds delivery URLs with the asset's own format; notifications get a real square thumbnail")
    func urlAndThumbnail() async throws {
        let fixture = try RunnerFixture()
        let sink = RedactionTests.Sink()
        let runner = Self.runner(fixture, sink: sink)
        let blocks = [
            block("url", "create-asset-url", ["asset": "{{trigger.asset.publicId}}", "transformation": "c_limit,w_800"], next: ["webp"]),
            block("webp", "create-asset-url", ["asset": "{{trigger.asset.publicId}}", "format": "webp"], next: ["notify"]),
            block("notify", BlockTypeID.notification, ["asset": "{{trigger.asset.publicId}}", "title": "New", "recipients": ["ana"]]),
        ]
        let run = try await Self.run(runner, fixture, blocks, asset: "products/logo")
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let steps = try fixture.steps(run)
        #expect(steps["url"]?.output?["url"] == "https://media.example.com/media/staging/c_limit,w_800/products/logo.png")
        #expect(steps["webp"]?.output?["url"] == "https://media.example.com/media/staging/products/logo.webp")
        let request = try #require(sink.received.withLock { $0.first })
        #expect(request.thumbnail == "/media/staging/c_thumb,g_auto,h_200,w_200/products/logo.jpg")
        let thumbnail = try #require(try fixture.library.derivations(of: "products/logo").first)
        #expect(thumbnail.width == 200 && thumbnail.height == 200 && thumbnail.format == .jpg)
    }
}
