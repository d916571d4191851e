import ECRClient
import Foundation
import PolicyCore

/// A planned deployment with its gate verdict, printed by `plan` (text or `--output json`) and `apply`.
struct PlanReport {
    var session: DeploymentSession
    var gate: DeploymentGate.Report

    enum Verdict: String {
        case noChanges = "no-changes", changes, refused
    }

    /// Reads and plans the selected registries, then runs the gate: the one sequence of `plan` and `apply`.
    init(_ options: DeploymentOptions) throws {
        session = try DeploymentSession(options)
        gate = DeploymentGate(failOn: options.failOn.severity).evaluate(session.targets)
    }

    /// Why the gate refused, for stderr.
    var refusal: String {
        "\(gate.blockingCount) blocking finding(s) at or above \(gate.failOn.rawValue) or errors"
    }

    var verdict: Verdict { gate.refused ? .refused : (session.changeCount == 0 ? .noChanges : .changes) }

    /// Per registry: each change with its diff, notes, unmanaged live state; then skipped registries and a total.
    func text() -> String {
        var lines: [String] = []
        for target in session.targets {
            lines.append("registry \(target.desired.name) (\(target.live.account), \(target.live.region)):")
            if target.plan.changes.isEmpty { lines.append("  no changes") }
            for change in target.plan.changes {
                lines.append("  " + change.summary)
                lines += change.diff.map { "  " + $0 }
            }
            lines += target.plan.notes.map { "  note: " + $0 }
            for item in target.plan.unmanaged {
                lines.append("  unmanaged: " + item.summary + findingCount(unmanagedFindings(item, target)))
            }
        }
        lines += session.skipped.map { "note: " + $0 }
        lines.append(session.changeCount == 0 ? "No changes." : "Plan: \(session.changeCount) change(s).")
        return lines.joined(separator: "\n")
    }

    /// Text: findings on stderr, the plan on stdout. JSON: the plan (findings included) on stdout only.
    func write(_ format: PlanOutputFormat) {
        switch format {
        case .text:
            for line in findingLines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
            print(text())
        case .json:
            print(json().pretty)
        }
    }

    /// Every finding of the gate, one line each (`PolicyGate.line`), blocking ones marked.
    var findingLines: [String] {
        gate.findings.map { PolicyGate.line($0.finding, marker: $0.blocking ? "blocking" : "note") }
    }

    /// The machine-readable plan (`plan --output json`), format version 1.
    func json() -> JSONValue {
        let registries: [JSONValue] = session.targets.map { target in
            let changes: [JSONValue] = target.plan.changes.map { change in
                let values = change.values
                return .object([("kind", .string(change.kind)), ("target", .string(change.target)), ("summary", .string(change.summary)),
                                ("before", values.before), ("after", values.after),
                                ("findings", .array(change.policyFile.map { gate.findings(in: $0).map(Self.json) } ?? []))])
            }
            let unmanaged: [JSONValue] = target.plan.unmanaged.map { item in
                var members: [(String, JSONValue)] = [("kind", .string(item.kind)), ("target", .string(item.target)), ("summary", .string(item.summary))]
                if case .replication(let destination, let prefixes, let inManifest) = item {
                    members += [("account", .string(destination.registryId)), ("region", .string(destination.region)),
                                ("prefixes", .array(prefixes.map(JSONValue.string))), ("accountInManifest", .bool(inManifest))]
                }
                if let policy = item.policy {
                    members.append(("file", .string(DeploymentGate.liveLabel(policy, account: target.live.account, region: target.live.region))))
                    members.append(("policy", (try? JSONValue.parse(policy.text)) ?? .string(policy.text)))
                }
                members.append(("findings", .array(unmanagedFindings(item, target).map(Self.json))))
                return .object(members)
            }
            return .object([
                ("name", .string(target.desired.name)), ("account", .string(target.live.account)), ("region", .string(target.live.region)),
                ("changes", .array(changes)), ("notes", .array(target.plan.notes.map(JSONValue.string))), ("unmanaged", .array(unmanaged)),
                ("findings", .array(gate.findings.filter { $0.registry == target.desired.name }.map(Self.json))),
            ])
        }
        return .object([
            ("formatVersion", .int(1)), ("verdict", .string(verdict.rawValue)), ("failOn", .string(gate.failOn.rawValue)),
            ("changeCount", .int(session.changeCount)), ("blockingFindings", .int(gate.blockingCount)),
            ("registries", .array(registries)), ("skipped", .array(session.skipped.map(JSONValue.string))),
        ])
    }

    private func unmanagedFindings(_ item: UnmanagedItem, _ target: DeploymentSession.Target) -> [DeploymentGate.GatedFinding] {
        guard let policy = item.policy else { return [] }
        return gate.findings(in: DeploymentGate.liveLabel(policy, account: target.live.account, region: target.live.region))
    }

    private func findingCount(_ findings: [DeploymentGate.GatedFinding]) -> String {
        guard !findings.isEmpty else { return "" }
        let blocking = findings.filter(\.blocking).count
        return "; \(findings.count) finding(s), \(blocking) blocking"
    }

    private static func json(_ gated: DeploymentGate.GatedFinding) -> JSONValue {
        let finding = gated.finding
        return .object([("file", .string(finding.file)), ("line", .int(finding.span.start.line)), ("column", .int(finding.span.start.column)),
                        ("severity", .string(finding.severity.rawValue)), ("code", .string(finding.code)), ("message", .string(finding.message)),
                        ("blocking", .bool(gated.blocking))])
    }
}

extension UnmanagedItem {
    /// The item's name in `plan --output json`.
    var kind: String {
        switch self {
        case .repositoryPolicy: "repositoryPolicy"
        case .registryPolicy: "registryPolicy"
        case .replication: "replicationDestination"
        }
    }

    var target: String {
        switch self {
        case .repositoryPolicy(let repository, _, _): "repository/\(repository)"
        case .registryPolicy: "registry-policy"
        case .replication(let destination, _, _): "replication/\(destination.region):\(destination.registryId)"
        }
    }
}
