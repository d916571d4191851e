import PolicyCore

/// Plain-text explanations for the terminal.
enum DecisionText {
    static func outcomeWord(_ o: DecisionOutcome) -> String {
        switch o {
        case .allowed: "ALLOWED"
        case .implicitDeny: "DENIED (implicit: no applicable Allow)"
        case .explicitDeny: "DENIED (explicit Deny)"
        }
    }

    static func statement(_ s: StatementReference) -> String {
        "\(s.effect.rawValue) \(s.policyType.rawValue) \(s.policyName):\(s.span.start.line):\(s.span.start.column) Statement[\(s.index)]"
            + (s.sid.map { " Sid \"\($0)\"" } ?? "")
    }

    static func explain(_ d: Decision, indent: String) -> [String] {
        var lines: [String] = []
        if !d.blockedBy.isEmpty { lines.append(indent + "blocked by: " + d.blockedBy.map(\.rawValue).joined(separator: ", ")) }
        if !d.decidingStatements.isEmpty {
            lines.append(indent + (d.outcome == .implicitDeny ? "applicable but not sufficient:" : "deciding statements:"))
            lines += d.decidingStatements.map { indent + "  " + statement($0) }
        }
        for r in d.reasons { lines.append(indent + "why: " + r) }
        if !d.missingContextKeys.isEmpty {
            lines.append(indent + "context keys the request lacked:")
            lines += d.missingContextKeys.map { indent + "  \($0.key): \($0.requirement) (\($0.statement.policyName) Statement[\($0.statement.index)])" }
        }
        return lines
    }

    static func render(_ request: AccessRequest, _ d: Decision) -> String {
        var lines = ["\(request.action) by \(request.principal.arn) on \(request.resource): \(outcomeWord(d.outcome))"]
        lines += explain(d, indent: "  ")
        return lines.joined(separator: "\n") + "\n"
    }

    static func render(_ c: CapabilityDecision, principal: PrincipalIdentity, repository: String) -> String {
        var lines = ["\(c.capability.rawValue) by \(principal.arn) on \(repository): \(outcomeWord(c.outcome))"]
        if !c.blockedBy.isEmpty { lines.append("  blocked by: " + c.blockedBy.map(\.rawValue).joined(separator: ", ")) }
        for a in c.actions {
            let tag = a.step.required ? "" : " (optional)"
            guard let d = a.decision else {
                lines.append("  - \(a.step.action)\(tag): not applicable — \(a.skippedReason ?? "")")
                continue
            }
            lines.append("  - \(a.step.action) on \(a.resource)\(tag): \(outcomeWord(d.outcome))" + (a.step.note.map { " — \($0)" } ?? ""))
            lines += explain(d, indent: "      ")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
