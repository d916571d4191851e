/// Numbers as the `Numeric*` condition operators read them (surrounding spaces ignored).
public enum NumberValue {
    public static func parse(_ text: some StringProtocol) -> Double? {
        var text = Substring(text)
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return Double(text)
    }
}

/// Dates as the `Date*` condition operators read them: ISO 8601 (`2026-01-31`,
/// `2026-01-31T12:00:00Z`, fractional seconds, `±hh:mm` offsets; no offset means UTC) or epoch
/// seconds (`1767225600`). The value is seconds since 1970-01-01T00:00:00Z.
public enum DateValue {
    public static func parse(_ text: some StringProtocol) -> Double? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        if bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 }) && !(bytes.count >= 8 && bytes[4] == 45) {
            return Double(String(decoding: bytes, as: UTF8.self))
        }
        return parseISO8601(bytes)
    }

    static func parseISO8601(_ b: [UInt8]) -> Double? {
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(45), let month = digits(2), expect(45), let day = digits(2),
              (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var seconds = 0.0
        var offset = 0
        if i < b.count {
            guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == 32 else { return nil }
            i += 1
            guard let hour = digits(2), hour <= 24, expect(58), let minute = digits(2), minute < 60 else { return nil }
            var second = 0.0
            if expect(58) {
                guard let s = digits(2), s <= 60 else { return nil }
                second = Double(s)
                if i < b.count, b[i] == 46 || b[i] == 44 {
                    i += 1
                    var scale = 0.1
                    let start = i
                    while i < b.count, b[i] >= 48 && b[i] <= 57 { second += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
                    guard i > start else { return nil }
                }
            }
            seconds = Double(hour * 3600 + minute * 60) + second
            if i < b.count {
                if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
                    i += 1
                } else if b[i] == 43 || b[i] == 45 {
                    let sign = b[i] == 45 ? -1 : 1
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = expect(58)
                    let om = digits(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                } else {
                    return nil
                }
            }
        }
        guard i == b.count else { return nil }
        return Double(daysFromCivil(year: year, month: month, day: day)) * 86400 + seconds - Double(offset)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
