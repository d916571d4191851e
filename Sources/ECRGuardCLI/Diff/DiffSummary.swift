import PolicyCore
import RegistryAudit

/// A `RegistryDiff` as the outputs show it: changed cells grouped by principal, capability and the
/// statements that decide them on each side (one policy edit usually changes one principal's access
/// to many repositories for the same reason), replication and finding changes, and the verdict.
struct DiffSummary {
    /// One statement as a reviewer looks it up: `identity/ci.json:4 Statement[0] "Push" (Allow)`.
    struct Statement: Hashable, Encodable {
        var file: String
        var line: Int
        var index: Int
        var sid: String?
        var effect: String
        /// `identity`, `resource`, `scp`, ...
        var policyType: String

        init(_ s: StatementReference, name: (String) -> String) {
            policyType = s.policyType.rawValue
            file = name(s.policyName)
            line = s.span.start.line
            index = s.index
            sid = s.sid
            effect = s.effect.rawValue
        }

        var label: String { "Statement[\(index)]" + (sid.map { " \"\($0)\"" } ?? "") + " (\(effect))" }
    }

    /// How one side decides a cell.
    struct Side: Hashable, Encodable {
        /// `allowed`, `implicitDeny`, `explicitDeny`, or `absent` (the principal or repository is not on this side).
        var decision: String
        var explanation: String
        var statements: [Statement]

        /// What groups cells alike: the decision, its explanation and its statements.
        var key: String {
            ([decision, explanation] + statements.map { "\($0.file):\($0.line):\($0.index)" }).joined(separator: "\u{1E}")
        }
    }

    /// Cells that changed alike: same principal, capability and deciding statements on both sides.
    struct CellGroup: Encodable {
        var change: RegistryDiff.Change
        var principal: String
        var principalARN: String
        var capability: String
        /// `account/region/name`, in manifest order.
        var repositories: [String]
        var base: Side
        var head: Side
    }

    var base: String
    var head: String
    var access: [CellGroup] = []
    var replication: [RegistryDiff.RouteChange] = []
    var findings: [RegistryDiff.FindingChange] = []
    var grantsNewAccess: Bool
    /// Whether new access fails the comparison (`--fail-on-new-access`).
    var failOnNewAccess: Bool
    /// A head file (as the side names it) as the repository names it (`RegistrySource.name`).
    var headName: (String) -> String

    /// How many import gaps the head has (an imported directory's import-report.json): what it
    /// could not read may grant anything, so the comparison fails whatever `failOnNewAccess` says.
    var headImportGaps = 0

    var exitCode: Int32 { (grantsNewAccess && failOnNewAccess) || headImportGaps > 0 ? 1 : 0 }
    var added: [CellGroup] { access.filter { $0.change == .added } }
    var removed: [CellGroup] { access.filter { $0.change == .removed } }
    var addedCellCount: Int { added.map(\.repositories.count).reduce(0, +) }
    var removedCellCount: Int { removed.map(\.repositories.count).reduce(0, +) }

    /// `baseName` and `headName` name each side's files as the repository does (`RegistrySource.name`).
    init(_ diff: RegistryDiff, base: String, head: String, failOnNewAccess: Bool,
         baseName: @escaping (String) -> String = { $0 }, headName: @escaping (String) -> String = { $0 }) {
        self.base = base
        self.head = head
        self.failOnNewAccess = failOnNewAccess
        self.headName = headName
        grantsNewAccess = diff.grantsNewAccess
        replication = diff.routes
        findings = diff.findings.map { change in
            var change = change
            change.finding.file = (change.change == .removed ? baseName : headName)(change.finding.file)
            return change
        }
        var order: [String] = []
        var groups: [String: CellGroup] = [:]
        for cell in diff.cells {
            var before = Self.side(diff.decision(cell, onHead: false), side: "base", name: baseName)
            var after = Self.side(diff.decision(cell, onHead: true), side: "head", name: headName)
            // What changed first: statements the other side did not have, then those of the
            // principal's and the repository's own policies before organization-wide ones.
            after.statements = Self.changedFirst(after.statements, other: before.statements)
            before.statements = Self.changedFirst(before.statements, other: after.statements)
            let key = [cell.change.rawValue, cell.principalARN, cell.principal, cell.capability.rawValue,
                       before.key, after.key].joined(separator: "\u{1F}")
            if groups[key] == nil {
                order.append(key)
                groups[key] = CellGroup(change: cell.change, principal: cell.principal, principalARN: cell.principalARN,
                                        capability: cell.capability.rawValue, repositories: [], base: before, head: after)
            }
            groups[key]!.repositories.append(cell.repositoryKey)
        }
        access = order.map { groups[$0]! }
    }

    static func changedFirst(_ statements: [Statement], other: [Statement]) -> [Statement] {
        let seen = Set(other.map { "\($0.file)#\($0.index)" })
        let broad: Set<String> = ["scp", "rcp", "boundary", "session", "endpoint"]
        return statements.enumerated().sorted { a, b in
            let ka = (seen.contains("\(a.element.file)#\(a.element.index)") ? 1 : 0, broad.contains(a.element.policyType) ? 1 : 0, a.offset)
            let kb = (seen.contains("\(b.element.file)#\(b.element.index)") ? 1 : 0, broad.contains(b.element.policyType) ? 1 : 0, b.offset)
            return ka < kb
        }.map(\.element)
    }

    /// How one side decides a cell; `decision` is nil where the principal or repository is not on it.
    static func side(_ decision: CapabilityDecision?, side: String, name: (String) -> String) -> Side {
        guard let decision else {
            return Side(decision: "absent", explanation: "the principal or the repository is not in \(side)", statements: [])
        }
        let explanation = CapabilityExplanation(decision)
        return Side(decision: decision.outcome.rawValue, explanation: explanation.summary,
                    statements: explanation.decidingStatements.filter { !$0.policyName.hasPrefix("(assumed") }.map { Statement($0, name: name) })
    }
}
