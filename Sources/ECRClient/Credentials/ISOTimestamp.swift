import Foundation

/// ISO 8601 timestamps as credential sources send them (`2026-11-29T23:00:00Z`, with or without
/// fractional seconds, `+00:00` offsets).
enum ISOTimestamp {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
