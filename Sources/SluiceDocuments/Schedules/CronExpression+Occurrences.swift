import Foundation

extension CronExpression {
    /// The years searched for the next time before giving up (the rarest schedule, 29 February on a given weekday,
    /// fires once in 28 years; such a schedule is reported as never firing soon).
    static let searchedYears = 30

    /// The first time strictly after `time` at which the schedule fires, read on the wall clock of `zone`; nil when
    /// none comes within ``searchedYears`` years.
    ///
    /// Daylight-saving time: a wall-clock time the clocks skip (02:30 when they jump from 02:00 to 03:00) fires once,
    /// at the jump; a time they pass twice (01:30 when they fall back from 02:00 to 01:00) fires once, the first time.
    public func next(after time: Date, in zone: TimeZone) -> Date? {
        let seconds = Int(time.timeIntervalSince1970.rounded(.down))
        // The wall-clock minute after `time`, counted in seconds as if the wall clock were UTC.
        let firstWall = Self.floorDivide(seconds + zone.secondsFromGMT(for: time), 60) * 60 + 60
        var day = Self.floorDivide(firstWall, 86_400)
        let sortedHours = hours.sorted()
        let sortedMinutes = minutes.sorted()
        for _ in 0..<(Self.searchedYears * 366) {
            defer { day += 1 }
            let (month, dayOfMonth) = Self.civil(day)
            guard months.contains(month), matches(day: dayOfMonth, weekday: Self.floorModulo(day + 4, 7)) else { continue }
            for hour in sortedHours {
                for minute in sortedMinutes {
                    let wall = day * 86_400 + hour * 3_600 + minute * 60
                    guard wall >= firstWall else { continue }
                    let instant = Self.instant(wall: wall, in: zone)
                    if instant > time { return instant }
                }
            }
        }
        return nil
    }

    /// The times the schedule fires after `start` up to and including `end`, at most `limit` of them.
    public func occurrences(after start: Date, through end: Date, in zone: TimeZone, limit: Int) -> [Date] {
        var result: [Date] = []
        var cursor = start
        while result.count < limit, let next = next(after: cursor, in: zone), next <= end {
            result.append(next)
            cursor = next
        }
        return result
    }

    /// Whether a day fires: as in cron, when both day fields are restricted, either one matching is enough.
    func matches(day: Int, weekday: Int) -> Bool {
        switch (daysRestricted, weekdaysRestricted) {
        case (true, true): days.contains(day) || weekdays.contains(weekday)
        case (true, false): days.contains(day)
        case (false, true): weekdays.contains(weekday)
        case (false, false): true
        }
    }

    /// The instant a wall-clock time (seconds as if the wall clock were UTC) stands for in `zone`: the earlier of two
    /// when the clocks pass it twice, the moment of the jump when they skip it.
    static func instant(wall: Int, in zone: TimeZone) -> Date {
        let offsets = [
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall - 86_400))),
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall + 86_400))),
        ]
        let valid = offsets.map { wall - $0 }.filter { zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) == wall - $0 }
        if let earliest = valid.min() { return Date(timeIntervalSince1970: Double(earliest)) }
        let beforeJump = Date(timeIntervalSince1970: Double(wall - offsets.max()!))
        return zone.nextDaylightSavingTimeTransition(after: beforeJump) ?? Date(timeIntervalSince1970: Double(wall - offsets.min()!))
    }

    /// Month (1–12) and day of month of a day counted from 1970-01-01 (Howard Hinnant's civil-from-days).
    static func civil(_ days: Int) -> (month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        return (monthIndex < 10 ? monthIndex + 3 : monthIndex - 9, day)
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
    }

    static func floorModulo(_ value: Int, _ divisor: Int) -> Int { value - floorDivide(value, divisor) * divisor }
}
