import Foundation

/// One progress line on standard error (`LABEL [=====     ]  42% DETAIL`), redrawn at most ten times
/// a second, and only when standard error is a terminal (quiet when piped or redirected). Used by
/// image transfers (`push`, `pull`, `copy`) and by `import live`.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private static let width = 30

    init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    /// Redraws the line unless it was drawn less than 0.1 s ago; a `final` update is always drawn and
    /// ends the line.
    func update(fraction: Double, detail: String, final: Bool = false) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard final || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let clamped = min(1, max(0, fraction.isFinite ? fraction : 0))
        let filled = Int(clamped * Double(Self.width))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: Self.width - filled)
        let percent = String(format: "%3.0f%%", clamped * 100)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent) \(detail)\(final ? "\n" : "")".utf8))
    }

    /// Erases the line (for a caller that prints its own summary afterwards).
    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
