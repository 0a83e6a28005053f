import Foundation
import SluiceJSON
import SluiceTestSupport
import Testing

@testable import SluiceDocuments

/// A bounded fuzz run over the parsers that read what users and other machines write: documents (JSON, schema, flow
/// checks), search expressions, cron expressions and media transformations. Inputs are seeded mutations of real documents and generated
/// queries, so a failure is reproducible from its seed; the run is a fixed number of inputs (a few seconds), and
/// `SLUICE_FUZZ_ROUNDS` multiplies it for a longer run by hand. The property is the one users rely on: any input gives
/// a result or one bounded error line, never a crash, a hang or a message that echoes the input at length.
@Suite("Fuzzing the parsers")
struct FuzzTests {
    static let rounds = max(1, Int(ProcessInfo.processInfo.environment["SLUICE_FUZZ_ROUNDS"] ?? "") ?? 1)

    /// Every document of the merge fixtures, a named transformation and the flow the parser tests break.
    static func seeds() throws -> [(kind: DocumentKind, bytes: [UInt8])] {
        let named = #"{"kind": "transformation", "id": "trf_thumb", "schemaVersion": 1, "transformation": "c_fill,g_auto,w_400,h_300/f_webp"}"#
        var seeds: [(DocumentKind, [UInt8])] = [(.flow, Array(validFlowText.utf8)), (.transformation, Array(named.utf8))]
        let root = TestEnvironment.fixtures + "/merge"
        for folder in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
            for side in ["base.json", "ours.json", "theirs.json"] {
                guard let data = FileManager.default.contents(atPath: "\(root)/\(folder)/\(side)"),
                    let kind = (try? JSONParser.parse(Array(data)))?["kind"]?.stringValue.flatMap(DocumentKind.init(rawValue:))
                else { continue }
                seeds.append((kind, Array(data)))
            }
        }
        return seeds
    }

    /// Tokens that take parsers to their edges: structure, huge and odd numbers, escapes, dynamic values, controls.
    static let tokens: [String] = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "null", "true", "-0", "1e309", "2e10", "-1e300", "0.0000001",
        "99999999999999999999999", "{{", "}}", "{{secrets.", "{{blocks.x.output}}", "\u{0}", "\u{1b}[31m", "\u{202e}", "\u{200b}", "é", "😀",
        "\n", "\"next\": [\"tag\"]", "\"blocks\": []", "\"type\": \"apply-on-each\"", "\"kind\": \"flow\"", "\"id\": \"../x\"",
    ]

    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = result.isEmpty ? 0 : Int.random(in: 0..<result.count, using: &rng)
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !result.isEmpty: result[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: result.insert(contentsOf: Array(tokens.randomElement(using: &rng)!.utf8), at: at)
            case 2 where !result.isEmpty: result.removeSubrange(at..<min(result.count, at + Int.random(in: 1...40, using: &rng)))
            case 3: result = Array(result.prefix(at))
            case 4:
                let depth = Int.random(in: 100...3_000, using: &rng)
                result.insert(contentsOf: Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8), at: at)
            case 5 where !result.isEmpty:
                // Duplicate a slice: repeated keys, repeated blocks.
                let end = min(result.count, at + Int.random(in: 1...200, using: &rng))
                result.insert(contentsOf: result[at..<end], at: end)
            default: result.insert(contentsOf: Array(String(repeating: "9", count: Int.random(in: 20...400, using: &rng)).utf8), at: at)
            }
        }
        return result
    }

    @Test("mutated documents of every kind: a document or problems, each one bounded line, never a crash")
    func documents() throws {
        let seeds = try Self.seeds()
        #expect(Set(seeds.map(\.kind)) == Set(DocumentKind.allCases))
        var rng = SplitMix64(seed: 0x5EED_D0C5)
        var parsed = 0
        var refused = 0
        for _ in 0..<(4_000 * Self.rounds) {
            let seed = seeds.randomElement(using: &rng)!
            let bytes = Self.mutate(seed.bytes, &rng)
            let result = DocumentParser.parse(path: "flows/fuzz/flow.json", kind: seed.kind, bytes: bytes)
            if result.document == nil {
                refused += 1
                #expect(
                    result.problems.contains { $0.severity == .error },
                    "refused without an error: \(String(decoding: bytes.prefix(200), as: UTF8.self))")
            } else {
                parsed += 1
            }
            for problem in result.problems {
                #expect(problem.description.count < 2_000, "a problem of \(problem.description.count) characters: \(problem.description.prefix(300))")
            }
        }
        // The run exercised both sides: documents that still load and ones that do not.
        #expect(parsed > 100 && refused > 1_000, "\(parsed) parsed, \(refused) refused")
    }

    static let queryTokens: [String] = [
        "tags:a", "folder:products/*", "width>=800", "bytes<2mb", "created:2026-05-01", "metadata.sku=A-17", "context.alt:\"red bag\"", "AND",
        "OR", "NOT", "-", "(", ")", "\"", ":", "!=", ">", "type:video", "format:jpeg", "public_id:shoes/*", "bytes>1e309", "width>nan",
        "created>2026-02-30", "updated<2026-05-01T10:00:00Z", "facts.duration>3", "facts.hasGPS:true", "facts.camera:", "x", "\u{0}", "\n", "😀",
        "metadata.=1", "tags", "<=", "=",
    ]

    @Test("generated search expressions: a query or one error at a place inside the text, never a crash")
    func queries() {
        var rng = SplitMix64(seed: 0x0051_EA2C)
        var accepted = 0
        for _ in 0..<(20_000 * Self.rounds) {
            var text = (0..<Int.random(in: 0...12, using: &rng)).map { _ in Self.queryTokens.randomElement(using: &rng)! }.joined(
                separator: Bool.random(using: &rng) ? " " : "")
            if Int.random(in: 0..<50, using: &rng) == 0 {
                let depth = Int.random(in: 20...5_000, using: &rng)
                text = String(repeating: Bool.random(using: &rng) ? "(" : "NOT ", count: depth) + text
            }
            do {
                _ = try MediaQuery.parse(text)
                accepted += 1
            } catch {
                #expect((1...(text.count + 1)).contains(error.position), "position \(error.position) in \(text.count) characters")
                #expect(error.description.count < 400)
            }
        }
        #expect(accepted > 1_000, "\(accepted) accepted")
    }

    @Test("generated cron expressions: a schedule or one error, never a crash")
    func crons() {
        let parts = ["*", "*/", "0", "59", "60", "-", ",", "/", "jan", "MON", "7", "99999999999999999999", "@daily", "@", " ", "\t", "-1"]
        var rng = SplitMix64(seed: 0xC2_0E)
        var accepted = 0
        for _ in 0..<(20_000 * Self.rounds) {
            let text = (0..<Int.random(in: 0...14, using: &rng)).map { _ in parts.randomElement(using: &rng)! }.joined()
            do {
                _ = try CronExpression(text)
                accepted += 1
            } catch {
                #expect(!error.description.isEmpty && error.description.count < 400)
            }
        }
        #expect(accepted > 10, "\(accepted) accepted")
    }

    @Test("generated transformations: a transformation whose canonical text reads back the same, or one error line at a place inside the text")
    func transformations() {
        let parts = [
            "c_", "w_", "h_", "ar_", "g_", "x_", "y_", "q_", "f_", "a_", "e_", "bo_", "b_", "dpr_", "fl_", "t_", "fill", "pad", "crop", "scale",
            "thumb", "lfill", "limit", "fit", "auto", "auto:good", "north_east", "center", "0.5", "1.0", "400", "0", "-3", "16:9", "99999999999",
            "webp", "jpeg", "avif", "exif", "hflip.90", "grayscale", "blur:300", "sharpen", "4px_solid_black", "rgb:ff00aa", "rgb:f0a8", "2.0",
            "progressive", "name", ",", "/", "_", ":", ".", "\u{0}", "\n", "\u{202E}", "é", "😀", " ",
        ]
        var rng = SplitMix64(seed: 0x7F0_12A)
        var accepted = 0
        for _ in 0..<(20_000 * Self.rounds) {
            let text = (0..<Int.random(in: 0...16, using: &rng)).map { _ in parts.randomElement(using: &rng)! }.joined()
            do {
                let parsed = try Transformation.parse(text)
                accepted += 1
                #expect(try Transformation.parse(parsed.description) == parsed, "\(text) → \(parsed.description)")
            } catch {
                #expect((0...(text.count + 1)).contains(error.position), "position \(error.position) in \(text.count) characters")
                #expect(error.description.count < 400 && !error.description.contains("\n"))
            }
        }
        #expect(accepted > 200, "\(accepted) accepted")
    }
}
