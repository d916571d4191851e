import Foundation

/// The two date forms SigV4 uses, computed from a `Date` in UTC without locale-dependent formatters.
public struct AmzDate: Sendable, Equatable {
    /// `20150830T123600Z`
    public var timestamp: String
    /// `20150830`
    public var day: String

    public init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = AmzDate.civil(fromDays: days)
        let ymd = Self.digits(year, 4) + Self.digits(month, 2) + Self.digits(day, 2)
        self.day = ymd
        self.timestamp = ymd + "T" + Self.digits(secondOfDay / 3600, 2) + Self.digits(secondOfDay % 3600 / 60, 2) + Self.digits(secondOfDay % 60, 2) + "Z"
    }

    /// `value` zero-padded to `width` characters, sign included, as `%0<width>d` prints it (without
    /// `String(format:)`, whose first use costs more than signing a request).
    static func digits(_ value: Int, _ width: Int) -> String {
        let magnitude = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let padding = max(0, width - sign.count - magnitude.count)
        return sign + String(repeating: "0", count: padding) + magnitude
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
