import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport

/// What two audits must agree on to describe the same access: every matrix cell by principal ARN,
/// repository and capability, every replication route's verdict, every expectation's outcome.
struct AuditSummary: Equatable, CustomStringConvertible {
    var cells: [String]
    var replication: [String]
    var expectations: [String]
    var findings: [String]

    init(_ result: RegistryAuditResult) {
        let manifest = result.model.input.manifest
        var cells: [String] = []
        for (p, name) in result.matrix.principals.enumerated() {
            let arn = manifest.principal(named: name)?.identity ?? name
            for (r, repository) in result.model.repositories.enumerated() {
                for capability in result.matrix.capabilities {
                    let allowed = result.matrix.isAllowed(principal: p, repository: r, capability: capability) == true
                    cells.append("\(arn) \(repository.registry.account)/\(repository.registry.region)/\(repository.repository.name) \(capability.rawValue) \(allowed ? "ALLOW" : "deny")")
                }
            }
        }
        self.cells = cells.sorted()
        replication = result.replication.map {
            "\($0.source.account)/\($0.source.region)/\($0.repository.name) -> \($0.destination.label): \($0.status.rawValue)"
        }.sorted()
        expectations = result.expectations.map { "\($0.name): \($0.passed ? "passed" : "FAILED") (\($0.actual))" }.sorted()
        // Codes and messages, not positions: the written manifest lays lines out differently.
        findings = result.findings.map { "\($0.code) \($0.severity.rawValue) \(($0.file as NSString).lastPathComponent) \($0.message)" }.sorted()
    }

    var description: String { (cells + replication + expectations + findings).joined(separator: "\n") }
}

enum Bundled {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Loads a `policies/`-style directory of the repository (`policies`, or a fixture path).
    static func load(_ directory: String, manifest: String = "ecrguard.yaml") throws -> RegistryInput {
        let text = try String(contentsOf: root.appendingPathComponent(directory).appendingPathComponent(manifest), encoding: .utf8)
        return try RegistryLoader.load(manifestText: text, manifestPath: directory + "/" + manifest, directory: directory) { path in
            try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        }
    }
}
