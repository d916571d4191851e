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

    // The next two compare member by member as a tuple's `<` does, without building the tuples
    // (their strings' retains were most of sorting a large matrix).

    /// By repository, principal, capability, decision.
    static func matrixPrecedes(_ a: AccessMatrixEntry, _ b: AccessMatrixEntry) -> Bool {
        withUnsafePointer(to: a) { a in withUnsafePointer(to: b) { b in matrixPrecedes(a, b) } }
    }

    /// `matrixPrecedes` of entries in place (`order(_:by:)`): each compared field is read where it
    /// is. Given `$0.pointee` instead, each comparison copied both entries whole (their twenty-odd
    /// references retained and released): most of sorting a large matrix.
    static func matrixPrecedes(_ a: UnsafePointer<AccessMatrixEntry>, _ b: UnsafePointer<AccessMatrixEntry>) -> Bool {
        if a.pointee.repository != b.pointee.repository { return a.pointee.repository < b.pointee.repository }
        if a.pointee.principal != b.pointee.principal { return a.pointee.principal < b.pointee.principal }
        if a.pointee.capability != b.pointee.capability { return a.pointee.capability < b.pointee.capability }
        return a.pointee.decision.rawValue < b.pointee.decision.rawValue
    }

    /// By source repository, destination account and Region, rule index (none first), reason.
    static func replicationPrecedes(_ a: ReplicationEntry, _ b: ReplicationEntry) -> Bool {
        if a.sourceRepository != b.sourceRepository { return a.sourceRepository < b.sourceRepository }
        if a.destinationAccount != b.destinationAccount { return a.destinationAccount < b.destinationAccount }
        if a.destinationRegion != b.destinationRegion { return a.destinationRegion < b.destinationRegion }
        if (a.ruleIndex ?? -1) != (b.ruleIndex ?? -1) { return (a.ruleIndex ?? -1) < (b.ruleIndex ?? -1) }
        return a.reason < b.reason
    }

    static func expectationPrecedes(_ a: ExpectationResult, _ b: ExpectationResult) -> Bool {
        if a.passed != b.passed { return !a.passed }   // failures first
        return (a.name, a.expected, a.actual) < (b.name, b.expected, b.actual)
    }

    /// The indices of `items` in the order `precedes` sorts them: the order `items.sorted(by: precedes)`
    /// gives (the same sort on the same comparisons), without moving the items. `precedes` is given
    /// pointers to the items in place: handed the items as values through a function parameter, each
    /// comparison copied both (retaining every string they hold). A comparison that reads a few fields
    /// through the pointers (`matrixPrecedes(_:_:)` over pointers) copies nothing; one that passes
    /// `$0.pointee` on still copies the two items, which the few replication routes and expectations
    /// can afford.
    static func order<Item>(_ items: [Item], by precedes: (UnsafePointer<Item>, UnsafePointer<Item>) -> Bool) -> [Int] {
        items.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return [] }
            return buffer.indices.sorted { precedes(base + $0, base + $1) }
        }
    }

    /// Severity from the most serious down.
    static func severityPrecedes(_ a: Severity, _ b: Severity) -> Bool { a > b }
}
