import Foundation

/// The difference between the server's clock (its `Date` header) and ours, learned from a
/// clock-skew rejection and added to the signing time from then on. Only offsets over four minutes
/// count (SigV4 tolerates five), so an ordinary signature mismatch never shifts the clock.
final class ClockSkew: @unchecked Sendable {
    private let lock = NSLock()
    private var value: TimeInterval = 0
    static let threshold: TimeInterval = 240

    var offset: TimeInterval { lock.lock(); defer { lock.unlock() }; return value }

    /// Returns true when the offset changed (so one retry with the new time is worth it).
    func adjust(serverDate: String?, localNow: Date) -> Bool {
        guard let serverDate, let server = Self.parseHTTPDate(serverDate) else { return false }
        let difference = server.timeIntervalSince(localNow)
        lock.lock(); defer { lock.unlock() }
        guard abs(difference - value) > Self.threshold else { return false }
        value = difference
        return true
    }

    /// RFC 7231 IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    static func parseHTTPDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
