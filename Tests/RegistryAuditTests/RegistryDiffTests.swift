import PolicyCore
import RegistryAudit
import TestSupport
import XCTest

/// `RegistryDiff` must report exactly the cells whose full decision differs between the two sides:
/// generated registries, one policy edited each time, compared with evaluating every cell of both
/// full matrices.
final class RegistryDiffTests: XCTestCase {
    static let account = "123456789012"
    static let partner = "111122223333"

    /// Random statements over actions, resources, principals and conditions the matrix exercises.
    struct Generator {
        var random: SplitMix64
        let actions = ["ecr:*", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:GetAuthorizationToken", "ecr:PutImage",
                       "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchCheckLayerAvailability",
                       "ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy", "ecr:BatchDeleteImage", "ecr:DeleteRepository", "ecr:Get*", "ecr:Batch*"]

        mutating func pick<T>(_ values: [T]) -> T { values[Int(random.next() % UInt64(values.count))] }
        mutating func chance(_ n: UInt64) -> Bool { random.next() % n == 0 }

        mutating func actionList() -> String {
            let count = 1 + Int(random.next() % 4)
            return "[" + (0..<count).map { _ in "\"\(pick(actions))\"" }.joined(separator: ", ") + "]"
        }

        mutating func resource() -> String {
            pick(["\"*\"", "\"arn:aws:ecr:us-east-1:\(RegistryDiffTests.account):repository/app-*\"",
                  "\"arn:aws:ecr:*:\(RegistryDiffTests.account):repository/team-a/*\"",
                  "\"arn:aws:ecr:us-east-1:\(RegistryDiffTests.account):repository/app-1\"", "\"arn:aws:ecr:*:*:repository/*\""])
        }

        mutating func identityStatement() -> String {
            let effect = chance(4) ? "Deny" : "Allow"
            return #"{"Effect": ""# + effect + #"", "Action": "# + actionList() + #", "Resource": "# + resource() + "}"
        }

        mutating func principal() -> String {
            pick(["\"*\"", "{\"AWS\": \"arn:aws:iam::\(RegistryDiffTests.partner):root\"}", "{\"AWS\": \"arn:aws:iam::\(RegistryDiffTests.account):role/ci\"}",
                  "{\"AWS\": \"arn:aws:iam::\(RegistryDiffTests.account):root\"}", "{\"AWS\": [\"arn:aws:iam::\(RegistryDiffTests.partner):role/deploy\", \"arn:aws:iam::\(RegistryDiffTests.account):role/dev\"]}"])
        }

        mutating func condition() -> String {
            guard chance(3) else { return "" }
            return pick([#", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-member00001"}}"#,
                         #", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}"#,
                         #", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/ci"}}"#])
        }

        mutating func resourceStatement() -> String {
            let effect = chance(4) ? "Deny" : "Allow"
            return #"{"Effect": ""# + effect + #"", "Principal": "# + principal() + #", "Action": "# + actionList() + condition() + "}"
        }

        mutating func registryStatement() -> String {
            #"{"Effect": "Allow", "Principal": "# + principal() + #", "Action": "# + actionList() + #", "Resource": "# + resource() + condition() + "}"
        }

        static func policy(_ statements: [String]) -> String {
            #"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ", ") + "]}"
        }
    }

    /// A generated registry: files by path, each policy's statements, and the manifest.
    struct Registry {
        var statements: [String: [String]] = [:]
        var kinds: [String: String] = [:]
        var manifest = ""

        var files: [String: String] {
            var files = statements.mapValues(Generator.policy)
            files["ecrguard.yaml"] = manifest
            return files
        }

        func load() throws -> RegistryInput {
            try RegistryLoader.load(manifestText: manifest, manifestPath: "ecrguard.yaml", directory: ".", read: InMemoryFiles(files: files).reader)
        }
    }

    static func generate(_ g: inout Generator, repositories: Int) -> Registry {
        var registry = Registry()
        var repositoryLines: [String] = []
        for r in 0..<repositories {
            let name = g.pick(["app-\(r)", "team-a/svc-\(r)", "base-\(r)"])
            if g.chance(3) {
                repositoryLines.append("      - {name: \(name)}")
            } else {
                let file = "repositories/\(r).json"
                registry.statements[file] = (0..<(1 + Int(g.random.next() % 3))).map { _ in g.resourceStatement() }
                registry.kinds[file] = "repository"
                repositoryLines.append("      - {name: \(name), policy: \(file)}")
            }
        }
        registry.statements["registry.json"] = [g.registryStatement()]
        registry.kinds["registry.json"] = "registry"
        var principalLines: [String] = []
        let principals = [("ci", "arn:aws:iam::\(account):role/ci"), ("dev", "arn:aws:iam::\(account):role/dev"),
                          ("deploy", "arn:aws:iam::\(partner):role/deploy"), ("partner-ci", "arn:aws:iam::\(partner):role/ci")]
        for (name, arn) in principals {
            let file = "identity/\(name).json"
            registry.statements[file] = (0..<(1 + Int(g.random.next() % 3))).map { _ in g.identityStatement() }
            registry.kinds[file] = "identity"
            let org = arn.contains(partner) ? ", organization: {id: o-member00001}" : ""
            principalLines.append("  - {name: \(name), arn: \"\(arn)\", identityPolicies: [\(file)]\(org)}")
        }
        principalLines.append("  - {name: anonymous, arn: anonymous}")
        registry.manifest = """
        version: 1
        registries:
          - account: "\(account)"
            region: us-east-1
            organization: {id: o-member00001}
            registryPolicy: {file: registry.json}
            repositories:
        \(repositoryLines.joined(separator: "\n"))
        principals:
        \(principalLines.joined(separator: "\n"))
        """
        return registry
    }

    /// One edit to one policy: a statement added, removed or replaced.
    static func edit(_ registry: Registry, _ g: inout Generator) -> Registry {
        var edited = registry
        let file = g.pick(registry.statements.keys.sorted())
        var statements = registry.statements[file]!
        let fresh: String
        switch registry.kinds[file] {
        case "identity": fresh = g.identityStatement()
        case "registry": fresh = g.registryStatement()
        default: fresh = g.resourceStatement()
        }
        switch g.random.next() % 3 {
        case 0: statements.append(fresh)
        case 1 where statements.count > 1: statements.remove(at: Int(g.random.next() % UInt64(statements.count)))
        default: statements[Int(g.random.next() % UInt64(statements.count))] = fresh
        }
        edited.statements[file] = statements
        return edited
    }

    struct Cell: Hashable, CustomStringConvertible {
        var principal: String
        var repository: String
        var capability: Capability
        var description: String { "\(principal) \(capability.rawValue) \(repository)" }
    }

    /// Every allowed cell, each decided by full evaluation (no grouping of repositories).
    static func bruteForceAllowed(_ result: RegistryAuditResult) -> Set<Cell> {
        var allowed: Set<Cell> = []
        let manifest = result.model.input.manifest
        for (p, name) in result.model.principalNames.enumerated() {
            for (r, repository) in result.model.repositories.enumerated() {
                for capability in result.matrix.capabilities where result.model.explain(principal: p, repository: r, capability: capability).isAllowed {
                    allowed.insert(Cell(principal: manifest.principal(named: name)!.identity,
                                        repository: "\(repository.registry.account)/\(repository.registry.region)/\(repository.repository.name)",
                                        capability: capability))
                }
            }
        }
        return allowed
    }

    func testReportedChangesEqualTheDifferenceOfTheFullMatrices() throws {
        var g = Generator(random: SplitMix64(seed: 2026_12_04_21))
        var pairsWithNewAccess = 0, pairsWithLostAccess = 0
        for pair in 0..<60 {
            let base = Self.generate(&g, repositories: 12)
            let head = Self.edit(base, &g)
            let baseResult = RegistryAuditor().audit(try base.load())
            let headResult = RegistryAuditor().audit(try head.load())
            let diff = RegistryDiff(base: baseResult, head: headResult)
            let before = Self.bruteForceAllowed(baseResult), after = Self.bruteForceAllowed(headResult)
            let cell = { (c: RegistryDiff.CellChange) in Cell(principal: c.principalARN, repository: c.repositoryKey, capability: c.capability) }
            XCTAssertEqual(Set(diff.addedAccess.map(cell)), after.subtracting(before), "pair \(pair): added")
            XCTAssertEqual(Set(diff.removedAccess.map(cell)), before.subtracting(after), "pair \(pair): removed")
            XCTAssertEqual(diff.cells.count, Set(diff.cells.map(cell)).count, "pair \(pair): each cell once")
            for change in diff.cells {
                // The side that allows it explains the grant; the other explains the refusal.
                XCTAssertEqual(diff.decision(change, onHead: change.change == .added)?.isAllowed, true)
                XCTAssertNotEqual(diff.decision(change, onHead: change.change != .added)?.isAllowed, true)
            }
            if !diff.addedAccess.isEmpty { pairsWithNewAccess += 1 }
            if !diff.removedAccess.isEmpty { pairsWithLostAccess += 1 }
            XCTAssertEqual(diff.grantsNewAccess, !diff.addedAccess.isEmpty, "pair \(pair): no replication here")
        }
        XCTAssertGreaterThan(pairsWithNewAccess, 5, "the generator must produce edits that add access")
        XCTAssertGreaterThan(pairsWithLostAccess, 5, "the generator must produce edits that remove access")
    }

    func testPrincipalsAndRepositoriesOnOneSideOnlyAreAllNewOrAllGone() throws {
        let pull = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}"#
        func manifest(_ repositories: [String], _ principals: [String]) -> String {
            """
            version: 1
            registries:
              - account: "\(Self.account)"
                region: us-east-1
                repositories:
            \(repositories.map { "      - {name: \($0)}" }.joined(separator: "\n"))
            principals:
            \(principals.map { "  - {name: \($0), arn: \"arn:aws:iam::\(Self.account):role/\($0)\", identityPolicies: [all.json]}" }.joined(separator: "\n"))
            """
        }
        func audit(_ text: String) throws -> RegistryAuditResult {
            RegistryAuditor().audit(try RegistryLoader.load(manifestText: text, manifestPath: "ecrguard.yaml", directory: ".",
                                                            read: InMemoryFiles(files: ["all.json": pull]).reader))
        }
        let base = try audit(manifest(["api", "old"], ["ci"]))
        let head = try audit(manifest(["api", "new"], ["ci", "admin"]))
        let diff = RegistryDiff(base: base, head: head)
        let capabilities = head.matrix.capabilities.count
        // admin on api and new; ci on new: added. ci on old: removed.
        XCTAssertEqual(diff.addedAccess.count, 3 * capabilities)
        XCTAssertEqual(Set(diff.addedAccess.map(\.repository)), ["api", "new"])
        XCTAssertEqual(diff.removedAccess.count, capabilities)
        XCTAssertEqual(Set(diff.removedAccess.map(\.repository)), ["old"])
        XCTAssertTrue(diff.removedAccess.allSatisfy { $0.head == nil && $0.base != nil })
        XCTAssertTrue(diff.grantsNewAccess)
    }

    func testFindingsAreMatchedByFingerprintAndReplicationByRoute() throws {
        let open = #"{"Version": "2012-10-17", "Statement": [{"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage"}]}"#
        func manifest(_ replicateTo: String?) -> String {
            """
            version: 1
            registries:
              - account: "\(Self.account)"
                region: us-east-1
            \(replicateTo.map { "    replication:\n      rules:\n        - destinations: [{region: us-west-2, registryId: \"\($0)\"}]" } ?? "")
                repositories:
                  - {name: api, policy: api.json, scanOnPush: true}
              - account: "\(Self.partner)"
                region: us-west-2
                registryPolicy: {file: accept.json}
                repositories: []
            principals: []
            """
        }
        let accept = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": ["ecr:ReplicateImage", "ecr:CreateRepository"], "Resource": "*"}]}"#
        func audit(_ text: String, api: String) throws -> RegistryAuditResult {
            RegistryAuditor(check: RegistryAuditor.parserFindings).audit(try RegistryLoader.load(
                manifestText: text, manifestPath: "ecrguard.yaml", directory: ".",
                read: InMemoryFiles(files: ["api.json": api, "accept.json": accept]).reader))
        }
        // Head reformats the policy (same finding, other lines), drops its Version (a new finding)
        // and adds cross-account replication that arrives.
        let reformatted = "{\n  \"Statement\": [\n    {\"Sid\": \"Open\", \"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"ecr:BatchGetImage\"}\n  ]\n}\n"
        let base = try audit(manifest(nil), api: open)
        let head = try audit(manifest(Self.partner), api: reformatted)
        let diff = RegistryDiff(base: base, head: head)
        XCTAssertEqual(diff.findings.map(\.change), [.added])
        XCTAssertEqual(diff.findings.first?.finding.code, "MISSING_VERSION")
        XCTAssertEqual(diff.routes.map(\.change), [.added])
        XCTAssertTrue(diff.routes[0].grantsNewAccess)
        XCTAssertTrue(diff.grantsNewAccess, "replication to another account is new access to the images")
    }
}
