import PolicyCore

/// A finding as it appears in a report: the finding itself, whether it was suppressed, and whether
/// it is one of those that failed the gate.
public struct ReportedFinding: Sendable, Hashable, Codable {
    public var finding: Finding
    /// Set when a suppression entry (or the baseline) matched; such a finding never fails the gate.
    public var suppression: Suppression?
    /// Whether this finding counts against the gate (unsuppressed and at or above the threshold, or a
    /// `--fail-on-code` code, or an error AWS would reject). Decided by the gate, reported here.
    public var failsGate: Bool

    public init(_ finding: Finding, suppression: Suppression? = nil, failsGate: Bool) {
        self.finding = finding
        self.suppression = suppression
        self.failsGate = suppression == nil && failsGate
    }

    public var isSuppressed: Bool { suppression != nil }

    enum ExtraKeys: String, CodingKey { case suppressed, suppression, failsGate }

    /// Encodes the finding's own fields flat (DESIGN.md 3.2) plus `suppressed`, `suppression`, `failsGate`.
    public func encode(to encoder: any Encoder) throws {
        try finding.encode(to: encoder)
        var c = encoder.container(keyedBy: ExtraKeys.self)
        try c.encode(isSuppressed, forKey: .suppressed)
        try c.encodeIfPresent(suppression, forKey: .suppression)
        try c.encode(failsGate, forKey: .failsGate)
    }

    public init(from decoder: any Decoder) throws {
        finding = try Finding(from: decoder)
        let c = try decoder.container(keyedBy: ExtraKeys.self)
        suppression = try c.decodeIfPresent(Suppression.self, forKey: .suppression)
        failsGate = try c.decodeIfPresent(Bool.self, forKey: .failsGate) ?? false
    }
}

/// Why a finding is suppressed.
public struct Suppression: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// An entry of the committed suppression file.
        case suppressionFile
        /// Present in the baseline given with `--baseline`.
        case baseline
    }

    public var kind: Kind
    /// The reason the entry gives (required for suppression-file entries).
    public var reason: String
    /// The entry's expiry date, `YYYY-MM-DD`, as written in the suppression file.
    public var expires: String?
    /// Where the entry is: `ecrguard-suppressions.yaml:12`.
    public var entryLocation: String?

    public init(kind: Kind = .suppressionFile, reason: String, expires: String? = nil, entryLocation: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.expires = expires
        self.entryLocation = entryLocation
    }
}
