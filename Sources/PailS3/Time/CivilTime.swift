import Foundation

/// A UTC instant broken into calendar fields, with Howard Hinnant's days↔civil algorithms
/// (proleptic Gregorian; exact for all Int ranges we meet).
struct CivilTime {
    var year: Int, month: Int, day: Int
    var hour: Int, minute: Int, second: Int, millisecond: Int
    /// 0 = Sunday.
    var weekday: Int

    init(_ date: Date) {
        let t = date.timeIntervalSince1970
        let totalMillis = t.isFinite ? Int((t * 1000).rounded(.down)) : 0
        let secs = totalMillis >= 0 ? totalMillis / 1000 : (totalMillis - 999) / 1000
        millisecond = totalMillis - secs * 1000
        let days = secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400
        let rem = secs - days * 86_400
        hour = rem / 3600
        minute = rem / 60 % 60
        second = rem % 60
        weekday = ((days % 7) + 11) % 7   // 1970-01-01 was a Thursday (4)
        (year, month, day) = CivilTime.civilFromDays(days)
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
