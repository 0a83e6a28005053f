import Testing

@testable import SluiceDocuments

@Suite("Cron expressions")
struct CronExpressionTests {
    @Test("fields, lists, ranges, steps, names and shorthands")
    func parses() throws {
        let weekdays = try CronExpression("*/15 8-18/2 * jan,Jul mon-fri")
        #expect(weekdays.minutes == [0, 15, 30, 45] && weekdays.hours == [8, 10, 12, 14, 16, 18])
        #expect(weekdays.months == [1, 7] && weekdays.weekdays == [1, 2, 3, 4, 5] && !weekdays.daysRestricted && weekdays.weekdaysRestricted)
        #expect(try CronExpression("0 0 * * 7").weekdays == [0])
        #expect(try CronExpression("5/20 * * * *").minutes == [5, 25, 45])
        #expect(try CronExpression("@hourly") == CronExpression("0 * * * *"))
        #expect(try CronExpression("  @Daily ") == CronExpression("0 0 * * *"))
        #expect(try CronExpression("0 0 29 2 *").days == [29])
    }

    @Test(
        "refusals name the field and the reason",
        arguments: [
            ("99 99 * * 1", "field 1 (minute): 99 is outside 0–59"), ("0 24 * * *", "field 2 (hour): 24 is outside 0–23"),
            ("0 0 0 * *", "field 3 (day of month): 0 is outside 1–31"), ("0 0 * 13 *", "field 4 (month): 13 is outside 1–12"),
            ("0 0 * * 8", "field 5 (day of week): 8 is outside 0–7"), ("* * * *", "has 5 fields"), ("* * * * * *", "this has 6"),
            ("*/0 * * * *", "the step in \"*/0\""), ("5-1 * * * *", "runs backwards"), ("1,,2 * * * *", "an empty item"),
            ("0 0 * foo *", "\"foo\" is not a number or a name"), ("@often", "unknown name"), ("0 0 30 2 *", "would never run"),
            ("1/2/3 * * * *", "more than one /"), ("", "this has 0"),
        ])
    func refusals(text: String, message: String) {
        #expect {
            _ = try CronExpression(text)
        } throws: { error in
            "\(error)".contains(message)
        }
    }
}
