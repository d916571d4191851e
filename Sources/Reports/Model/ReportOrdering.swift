import PolicyCore

/// The one order every writer uses, so the same input gives the same bytes.
enum ReportOrdering {
    static func findingPrecedes(_ a: Finding, _ b: Finding) -> Bool {
        if a.file != b.file { return a.file < b.file }
        if a.span.start.line != b.span.start.line { return a.span.start.line < b.span.start.line }
        if a.span.start.column != b.span.start.column { return a.span.start.column < b.span.start.column }
        if a.code != b.code { return a.code < b.code }
        if a.path != b.path { return a.path < b.path }
        return a.message < b.message
    }

    static func reportedPrecedes(_ a: ReportedFinding, _ b: ReportedFinding) -> Bool {
        if a.finding != b.finding { return findingPrecedes(a.finding, b.finding) }
        return (a.suppression == nil ? 0 : 1) < (b.suppression == nil ? 0 : 1)
    }

    static func matrixPrecedes(_ a: AccessMatrixEntry, _ b: AccessMatrixEntry) -> Bool {
        (a.repository, a.principal, a.capability, a.decision.rawValue) < (b.repository, b.principal, b.capability, b.decision.rawValue)
    }

    static func replicationPrecedes(_ a: ReplicationEntry, _ b: ReplicationEntry) -> Bool {
        (a.sourceRepository, a.destinationAccount, a.destinationRegion, a.ruleIndex ?? -1, a.reason)
            < (b.sourceRepository, b.destinationAccount, b.destinationRegion, b.ruleIndex ?? -1, b.reason)
    }

    static func expectationPrecedes(_ a: ExpectationResult, _ b: ExpectationResult) -> Bool {
        if a.passed != b.passed { return !a.passed }   // failures first
        return (a.name, a.expected, a.actual) < (b.name, b.expected, b.actual)
    }

    /// The indices of `items` in the order `precedes` sorts them: the order `items.sorted(by: precedes)`
    /// gives (the same sort on the same comparisons), without moving the items.
    static func order<Item>(_ items: [Item], by precedes: (Item, Item) -> Bool) -> [Int] {
        items.indices.sorted { precedes(items[$0], items[$1]) }
    }

    /// Severity from the most serious down.
    static func severityPrecedes(_ a: Severity, _ b: Severity) -> Bool { a > b }
}
