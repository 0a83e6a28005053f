import Foundation
import SluiceDocuments
import Testing

/// When a schedule fires: on the wall clock of its time zone, across daylight-saving changes.
@Suite("Cron schedules in time")
struct CronScheduleTests {
    static func time(_ text: String) throws -> Date { try Date(text, strategy: .iso8601) }

    static func next(_ cron: String, after: String, zone: String = "UTC") throws -> Date? {
        try CronExpression(cron).next(after: time(after), in: try #require(TimeZone(identifier: zone)))
    }

    @Test("the next time is the first matching minute strictly after, in the schedule's zone")
    func next() throws {
        #expect(try Self.next("*/15 * * * *", after: "2026-12-02T10:07:30Z") == Self.time("2026-12-02T10:15:00Z"))
        #expect(try Self.next("*/15 * * * *", after: "2026-12-02T10:15:00Z") == Self.time("2026-12-02T10:30:00Z"))
        // Monday 06:00 in Paris (UTC+1 in winter).
        #expect(try Self.next("0 6 * * mon", after: "2026-02-25T00:00:00Z", zone: "Europe/Paris") == Self.time("2026-03-02T05:00:00Z"))
        #expect(try Self.next("@daily", after: "2026-12-31T23:59:59Z", zone: "America/New_York") == Self.time("2027-01-01T05:00:00Z"))
        // A day in either day field: the 1st, or a Friday.
        #expect(try Self.next("0 0 1 * fri", after: "2026-12-02T00:00:00Z") == Self.time("2026-12-04T00:00:00Z"))
        // 29 February comes in 2028; 31 April never, so the expression is refused.
        #expect(try Self.next("0 0 29 2 *", after: "2026-03-01T00:00:00Z") == Self.time("2028-02-29T00:00:00Z"))
        #expect(throws: CronExpression.Error.self) { try CronExpression("0 0 31 4 *") }
    }

    @Test("a wall-clock time the clocks skip fires once at the jump; one they pass twice fires the first time")
    func daylightSaving() throws {
        // Paris, 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
        #expect(try Self.next("30 2 * * *", after: "2026-03-28T12:00:00Z", zone: "Europe/Paris") == Self.time("2026-03-29T01:00:00Z"))
        #expect(try Self.next("30 2 * * *", after: "2026-03-29T01:00:00Z", zone: "Europe/Paris") == Self.time("2026-03-30T00:30:00Z"))
        // Every 15 minutes across the jump: 01:45 CET, then 03:00 CEST (the skipped hour fires once, at the jump).
        let quarter = try CronExpression("*/15 * * * *")
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let around = quarter.occurrences(
            after: try Self.time("2026-03-29T00:30:00Z"), through: try Self.time("2026-03-29T01:20:00Z"), in: paris, limit: 10)
        #expect(
            around == [try Self.time("2026-03-29T00:45:00Z"), try Self.time("2026-03-29T01:00:00Z"), try Self.time("2026-03-29T01:15:00Z")],
            "\(around)")
        // 25 October 2026: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice and fires the first time only.
        #expect(try Self.next("30 2 * * *", after: "2026-10-24T12:00:00Z", zone: "Europe/Paris") == Self.time("2026-10-25T00:30:00Z"))
        #expect(try Self.next("30 2 * * *", after: "2026-10-25T00:30:00Z", zone: "Europe/Paris") == Self.time("2026-10-26T01:30:00Z"))
        // Hourly across the fall: 02:00 CEST, then 03:00 CET (the repeated 02:00 does not fire again).
        #expect(try Self.next("0 * * * *", after: "2026-10-25T00:00:00Z", zone: "Europe/Paris") == Self.time("2026-10-25T02:00:00Z"))
    }

    @Test("occurrences stop at the end and at the limit")
    func occurrences() throws {
        let hourly = try CronExpression("@hourly")
        let utc = TimeZone(identifier: "UTC")!
        let start = try Self.time("2026-12-01T00:00:00Z")
        #expect(hourly.occurrences(after: start, through: start.addingTimeInterval(5 * 3_600), in: utc, limit: 100).count == 5)
        #expect(hourly.occurrences(after: start, through: start.addingTimeInterval(500 * 3_600), in: utc, limit: 7).count == 7)
        #expect(hourly.occurrences(after: start, through: start.addingTimeInterval(59 * 60), in: utc, limit: 100).isEmpty)
    }
}
