import Foundation
import SluiceDocuments
import SluiceJSON
import SluiceMedia
import Testing

@testable import SluiceRunner

@Suite("Flow runner")
struct FlowRunnerTests {
    @Test("blocks run in order, read earlier outputs, change the library, and every step is recorded")
    func linear() async throws {
        let fixture = try RunnerFixture()
        let flow = RunnerFixture.flow(
            [
                block("info", "asset-info", ["asset": "{{trigger.asset.publicId}}"], next: ["tag"]),
                block(
                    "tag", "update-tags",
                    ["asset": "{{blocks.info.output.publicId}}", "operation": "add", "tags": ["seen", "{{trigger.asset.format}}"]], next: ["url"]),
                block("url", "create-asset-url", ["asset": "{{trigger.asset.publicId}}", "transformation": "c_fill,w_{{vars.width}}"]),
            ], variables: ["width": 800])
        let run = try await fixture.run(flow)
        #expect(run.status == .succeeded && run.finishedAt != nil)
        #expect(try fixture.library.asset("products/red-bag").tags == ["jpg", "product", "seen"])
        let steps = try fixture.steps(run)
        #expect(try fixture.store.steps(of: run.id).map(\.blockID) == ["start", "info", "tag", "url"])
        #expect(steps["url"]?.output?["url"] == "http://localhost:8080/media/main/c_fill,w_800/products/red-bag.jpg")
        #expect(steps["tag"]?.inputs?["tags"] == ["seen", "jpg"])
        #expect(steps["info"]?.ports == ["next"] && steps["info"]?.attempts == 1)
        #expect(try fixture.store.run(run.id)?.status == .succeeded)
    }

    /// Two branches after the trigger overlap in time: each starts before the other ends.
    @Test("blocks whose inputs are ready run concurrently")
    func parallelBranches() async throws {
        let fixture = try RunnerFixture()
        var flow = RunnerFixture.flow([block("left", BlockTypeID.delay, ["seconds": 0.3]), block("right", BlockTypeID.delay, ["seconds": 0.3])])
        flow.blocks[0].next = ["left", "right"]
        let run = try await fixture.run(flow)
        let steps = try fixture.steps(run)
        let left = try #require(steps["left"])
        let right = try #require(steps["right"])
        let leftEnd = try #require(left.finishedAt)
        let rightEnd = try #require(right.finishedAt)
        #expect(left.startedAt < rightEnd && right.startedAt < leftEnd)
    }

    @Test("If takes then or else; the branch not taken is skipped, and a block joining both runs once")
    func ifBranches() async throws {
        let fixture = try RunnerFixture()
        var check = block(
            "check", BlockTypeID.ifCondition,
            ["match": "all", "rules": [["value": "{{trigger.asset.width}}", "operator": "greaterThan", "operand": 200]]])
        check.then = ["wide"]
        check.else = ["narrow"]
        let flow = RunnerFixture.flow([
            check,
            block("wide", "update-tags", ["asset": "{{trigger.asset.publicId}}", "operation": "add", "tags": ["wide"]], next: ["done"]),
            block("narrow", "update-tags", ["asset": "{{trigger.asset.publicId}}", "operation": "add", "tags": ["narrow"]], next: ["done"]),
            block("done", "asset-info", ["asset": "{{trigger.asset.publicId}}"]),
        ])
        let wide = try await fixture.run(flow, asset: "products/red-bag")
        #expect(try fixture.steps(wide).keys.sorted() == ["check", "done", "start", "wide"])
        #expect(try fixture.steps(wide)["check"]?.ports == ["next", "then"])
        let narrow = try await fixture.run(flow, asset: "products/logo")
        #expect(try fixture.steps(narrow).keys.sorted() == ["check", "done", "narrow", "start"])
        #expect(try fixture.library.asset("products/logo").tags == ["narrow", "product"])
    }

    @Test("onError catches a failure; without it the run fails and names the block and the error")
    func errors() async throws {
        let fixture = try RunnerFixture()
        var failing = block("info", "asset-info", ["asset": "products/missing"])
        failing.onError = ["recover"]
        let caught = try await fixture.run(RunnerFixture.flow([failing, block("recover", "asset-info", ["asset": "{{trigger.asset.publicId}}"])]))
        #expect(caught.status == .succeeded)
        let caughtSteps = try fixture.steps(caught)
        #expect(caughtSteps["info"]?.status == .failed && caughtSteps["recover"]?.status == .succeeded)

        let failed = try await fixture.run(
            RunnerFixture.flow([
                block("info", "asset-info", ["asset": "products/missing"], next: ["after"]), block("after", "asset-info", ["asset": "x"]),
            ]))
        #expect(failed.status == .failed && failed.failedBlock == "info")
        #expect(failed.error == "no asset \"products/missing\" (`sluice assets list` shows them)")
        #expect(try fixture.steps(failed)["after"] == nil)

        let unresolved = try await fixture.run(RunnerFixture.flow([block("info", "asset-info", ["asset": "{{blocks.nothing.output.publicId}}"])]))
        #expect(unresolved.error == "{{blocks.nothing.output.publicId}} at /asset: block \"nothing\" has no output (it has not run, or failed)")
    }

    @Test("a whole-field reference keeps its type, text references are stringified, and secrets never reach the record")
    func dynamicValuesAndSecrets() async throws {
        let fixture = try RunnerFixture()
        let flow = RunnerFixture.flow([
            block(
                "meta", "update-structured-metadata",
                [
                    "asset": "{{trigger.asset.publicId}}",
                    "values": ["width": "{{trigger.asset.width}}", "label": "{{env.brand}}-{{trigger.asset.width}}", "token": "{{secrets.apiKey}}"],
                ])
        ])
        let run = try await fixture.run(flow, secrets: ["apiKey": "SUPER-SECRET-VALUE"], environment: ["brand": "acme"])
        #expect(run.status == .succeeded)
        let metadata = try fixture.library.asset("products/red-bag").metadata
        #expect(metadata["width"] == 240 && metadata["label"] == "acme-240" && metadata["token"] == "SUPER-SECRET-VALUE")
        let recorded = try fixture.store.steps(of: run.id).map { "\($0.inputs?.compactText() ?? "") \($0.output?.compactText() ?? "")" }.joined()
        #expect(!recorded.contains("SUPER-SECRET-VALUE") && recorded.contains("[secret]"))
    }

    @Test("a block that outlives its timeout fails, after as many attempts as its retry allows")
    func timeoutAndRetry() async throws {
        let fixture = try RunnerFixture()
        var slow = block("slow", BlockTypeID.delay, ["seconds": 5])
        slow.timeoutSeconds = 0.1
        slow.retry = RetryPolicy(attempts: 2, backoffSeconds: 0.05)
        let run = try await fixture.run(RunnerFixture.flow([slow]))
        #expect(run.status == .failed && run.error == "timed out after 0.1 s")
        #expect(try fixture.steps(run)["slow"]?.attempts == 2)
    }

    @Test("numbers too large for a wait neither trap nor hang: a long time-out, a dynamic delay of 1e300 seconds")
    func hugeWaits() async throws {
        let fixture = try RunnerFixture()
        var quick = block("quick", BlockTypeID.delay, ["seconds": 0], next: ["wait"])
        quick.timeoutSeconds = 2e10
        let run = try await fixture.run(
            RunnerFixture.flow([quick, block("wait", BlockTypeID.delay, ["seconds": "{{vars.wait}}"])], variables: ["wait": 1e300]))
        #expect(run.status == .failed)
        #expect(try fixture.steps(run)["quick"]?.status == .succeeded)
        #expect(run.error?.contains("config/seconds must be a number from 0 to 2592000") == true, "\(run.error ?? "")")
    }

    @Test("a number of seconds converts to nanoseconds, milliseconds and text without trapping")
    func secondsConversions() {
        #expect(Seconds.nanoseconds(1.5) == 1_500_000_000)
        #expect(Seconds.nanoseconds(-1) == 0 && Seconds.nanoseconds(.nan) == 0)
        #expect(Seconds.nanoseconds(2e10) == UInt64.max && Seconds.nanoseconds(.infinity) == UInt64.max)
        #expect(Seconds.nanoseconds(18_446_744_073.709_55) > 18_446_744_073_000_000_000)  // just below the edge: converts
        #expect(Seconds.milliseconds(0.25) == 250 && Seconds.milliseconds(0) == 1 && Seconds.milliseconds(.nan) == 1)
        #expect(Seconds.milliseconds(1e300) == Int64.max / 1_000_000)
        #expect(Seconds.text(30) == "30" && Seconds.text(0.1) == "0.1" && Seconds.text(1e300) == "1e+300")
    }

    @Test("Apply on Each runs its branch once per item, each pass recorded in its own scope")
    func applyOnEach() async throws {
        let fixture = try RunnerFixture()
        var loop = block("loop", BlockTypeID.applyOnEach, ["items": "{{blocks.find.output.assets}}"], next: ["after"])
        loop.each = ["tag"]
        let flow = RunnerFixture.flow([
            block("find", "search-media", ["expression": "folder:products format:jpg OR format:png"], next: ["loop"]),
            loop,
            block("tag", "update-tags", ["asset": "{{blocks.loop.output.item.publicId}}", "operation": "add", "tags": ["looped"]]),
            block("after", "search-media", ["expression": "tags:looped"]),
        ])
        let run = try await fixture.run(flow)
        #expect(run.status == .succeeded, "\(run.error ?? "")")
        let steps = try fixture.steps(run)
        #expect(steps["loop#0/tag"] != nil && steps["loop#1/tag"] != nil && steps["loop#2/tag"] == nil)
        #expect(steps["after"]?.output?["total"] == 2 && steps["loop"]?.output?["count"] == 2)
    }

    @Test("moderation parks the run; a decision resumes it on then or else without repeating finished blocks")
    func moderationAndResume() async throws {
        let fixture = try RunnerFixture()
        var review = block("review", "manual-moderation", ["asset": "{{trigger.asset.publicId}}"])
        review.then = ["approved"]
        review.else = ["rejected"]
        let flow = RunnerFixture.flow([
            block("copy", "duplicate-asset", ["asset": "{{trigger.asset.publicId}}"], next: ["review"]),
            review,
            block("approved", "update-tags", ["asset": "{{blocks.copy.output.publicId}}", "operation": "add", "tags": ["approved"]]),
            block("rejected", "delete-asset", ["asset": "{{blocks.copy.output.publicId}}"]),
        ])
        let parked = try await fixture.run(flow)
        #expect(parked.status == .waiting && parked.finishedAt == nil)
        #expect(try fixture.steps(parked)["review"]?.status == .waiting)

        let inputs = FlowRunner.Inputs(trigger: parked.trigger, triggerType: "manual")
        let resumed = try await fixture.runner.resume(parked.id, flow: flow, inputs, decisions: ["review": true])
        #expect(resumed.status == .succeeded)
        #expect(try fixture.library.search("public_id:products/red-bag*").map(\.publicID) == ["products/red-bag-copy", "products/red-bag"])
        #expect(try fixture.library.asset("products/red-bag-copy").tags == ["approved", "product"])
        #expect(try fixture.steps(resumed)["review"]?.ports == ["next", "then"])
        // Resuming a finished run changes nothing.
        #expect(try await fixture.runner.resume(parked.id, flow: flow, inputs).status == .succeeded)
    }

    @Test("touchpoints count each asset once per run")
    func touchpoints() async throws {
        let fixture = try RunnerFixture()
        let flow = RunnerFixture.flow([block("info", "asset-info", ["asset": "{{trigger.asset.publicId}}"])])
        let run = try await fixture.run(flow)
        try fixture.store.touch(runID: run.id, flowID: flow.id, asset: "products/red-bag", at: Date())
        _ = try await fixture.run(flow, asset: "products/logo")
        #expect(try fixture.store.touchpoints(from: .distantPast, to: .distantFuture) == [flow.id: 2])
    }

    @Test("an easy flow counts an asset only when its conditions hold")
    func easyFlowTouchpoints() async throws {
        let fixture = try RunnerFixture()
        let template = try #require(FlowTemplates.all.first { $0.id == "tag-large-jpegs" })
        var flow = template.makeFlow(named: "Large JPEGs")
        flow.conditions?.rules[1].operand = 200
        let runnable = RunnableFlow(flow, path: "flows/large-jpegs/flow.json")
        let wide = try await fixture.run(runnable, asset: "products/red-bag")
        let png = try await fixture.run(runnable, asset: "products/logo")
        #expect(wide.status == .succeeded && png.status == .succeeded)
        #expect(try fixture.library.asset("products/red-bag").tags.contains("large"))
        #expect(try fixture.store.touchpoints(from: .distantPast, to: .distantFuture) == [flow.id: 1])
    }
}
