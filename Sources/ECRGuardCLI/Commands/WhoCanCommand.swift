import ArgumentParser
import Foundation
import PolicyCore
import RegistryAudit

/// `ecrguard who-can CAPABILITY REPOSITORY [DIR]`: every principal the policies name, plus
/// representative others, and whether (and under which conditions) they have the capability.
struct WhoCanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "who-can",
        abstract: "Who has a capability (push, pull, ...) on a repository, and under which conditions.",
        discussion: """
        From a policies/ directory:  ecrguard who-can push employee-api policies
        From files:                  ecrguard who-can push arn:aws:ecr:us-east-1:123456789012:repository/employee-api \\
                                       --repository-policy repo.json [--registry-policy reg.json] \\
                                       [--identity-policy arn:aws:iam::123456789012:role/ci=ci.json]... [--organization-id o-...]
        Lists the principals the manifest describes and the repository/registry policies name, then representative
        others: another principal of the same account (whose identity policies allow only ecr:GetAuthorizationToken),
        any principal of another account and a principal of the same organization (whose identity policies are
        assumed to allow ecr:*), and an anonymous caller. A principal whose identity policies are unknown is assumed
        to be allowed by them (the worst case), and the output says so.
        Exit codes: 0 answered, 2 bad input, 64 usage error.
        """)

    @Argument(help: "The capability: \(Capability.allCases.map(\.rawValue).joined(separator: ", ")).")
    var capability: String
    @Argument(help: "The repository: its name (with DIR or --account) or its ARN.")
    var repository: String
    @Argument(help: "A policies/ directory (or its manifest file).")
    var directory: String?

    @Option(name: .customLong("repository-policy"), help: "The repository policy file.")
    var repositoryPolicy: String?
    @Option(name: .customLong("registry-policy"), help: "The registry permission policy file.")
    var registryPolicy: String?
    @Option(name: .customLong("registry-policy-scope"), help: "V1 or V2 (default V2).")
    var registryPolicyScope: String = "V2"
    @Option(name: .customLong("identity-policy"), help: "PRINCIPAL_ARN=FILE: an identity policy of a principal to list (repeatable).")
    var identityPolicies: [String] = []
    @Option(name: .long, help: "The repository's account, when REPOSITORY is a name without DIR.")
    var account: String?
    @Option(name: .long, help: "The repository's region, when REPOSITORY is a name without DIR.")
    var region: String = "us-east-1"
    @Option(name: .customLong("organization-id"), help: "The organization of the repository's account (o-...).")
    var organizationID: String?
    @Option(name: .long, help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
        guard Capability(name: capability) != nil else {
            throw ValidationError("unknown capability '\(capability)'; one of \(Capability.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json (got '\(format)')") }
        guard RegistryPolicyScope(rawValue: registryPolicyScope.uppercased()) != nil else { throw ValidationError("--registry-policy-scope must be V1 or V2") }
        if let account, !ARN.isAccountID(account) { throw ValidationError("--account must be a 12-digit account id") }
        if directory == nil && ARN(repository) == nil && account == nil {
            throw ValidationError("REPOSITORY '\(repository)' is a name: give its ARN, --account, or a policies/ DIR")
        }
    }

    func run() throws {
        let capability = Capability(name: capability)!
        var resource: WhoCan.ResourceSide
        var subjects: [WhoCan.Subject] = []
        var documents: [(PolicyDocument, String)] = []
        var organization = organizationID

        if let directory {
            let loaded = try loadFromManifest(directory)
            resource = loaded.resource
            subjects = loaded.subjects
            documents = loaded.documents
            organization = organization ?? loaded.organization
        } else {
            let arn = ARN(repository) != nil ? repository : "arn:aws:ecr:\(region):\(account!):repository/\(repository)"
            resource = WhoCan.ResourceSide(repositoryARN: arn, repositoryPolicy: nil,
                                           registryPolicyScope: RegistryPolicyScope(rawValue: registryPolicyScope.uppercased())!)
        }
        if let path = repositoryPolicy {
            let (policy, document) = try Self.load(path, kind: .repository)
            resource.repositoryPolicy = policy
            documents.append((document, "repository policy"))
        }
        if let path = registryPolicy {
            let (policy, document) = try Self.load(path, kind: .registry)
            resource.registryPolicy = policy
            resource.registryPolicyScope = RegistryPolicyScope(rawValue: registryPolicyScope.uppercased())!
            documents.append((document, "registry policy"))
        }
        subjects += try identitySubjects(organization: organization, repositoryAccount: resource.account)

        // Principals the resource side names, unless already described.
        var listed = Set(subjects.map(\.principal.arn))
        for (principal, how) in WhoCan.namedPrincipals(documents) where !listed.contains(principal.arn) {
            listed.insert(principal.arn)
            var context = RequestContext()
            if let organization, principal.account == resource.account { context["aws:PrincipalOrgID"] = .single(organization) }
            let identity = principal.isIAMPrincipal && principal.kind != .root
            subjects.append(WhoCan.Subject(principal: principal, source: how,
                                           assumption: identity ? "its identity policies are unknown and assumed to allow ecr:*" : nil,
                                           policies: PolicySet(identity: identity ? [WhoCan.unknownIdentity] : []), context: context))
        }
        subjects += WhoCan.representatives(repositoryAccount: resource.account, organizationID: organization, excluding: listed)

        let rows = WhoCan.answer(capability, resource: resource, subjects: subjects)
        let notSimulated = WhoCan.unsimulatedPrincipals(documents)
        if format == "json" {
            print(WhoCan.json(capability, repository: resource.repositoryARN, rows: rows, notSimulated: notSimulated).rendered())
        } else {
            print(Self.text(capability, repository: resource.repositoryARN, rows: rows, notSimulated: notSimulated), terminator: "")
        }
    }

    static func load(_ path: String, kind: PolicyKind) throws -> (CompiledPolicy, PolicyDocument) {
        let policy = try PolicyFileLoader.load(path, kind: kind)
        let text = try AuditCommand.readText(path)
        return (policy, PolicyParser.parseStructure(text, kind: kind, file: path).document!)
    }

    func identitySubjects(organization: String?, repositoryAccount: String) throws -> [WhoCan.Subject] {
        var order: [String] = []
        var policies: [String: [CompiledPolicy]] = [:]
        for option in identityPolicies {
            guard let eq = option.lastIndex(of: "="), eq != option.startIndex else {
                throw CLIFailure.usage("--identity-policy expects PRINCIPAL_ARN=FILE (got '\(option)')")
            }
            let arn = String(option[..<eq]), file = String(option[option.index(after: eq)...])
            guard PrincipalIdentity(arn) != nil else { throw CLIFailure.usage("--identity-policy: '\(arn)' is not a principal ARN") }
            if policies[arn] == nil { order.append(arn) }
            policies[arn, default: []].append(try PolicyFileLoader.load(file, kind: .identity))
        }
        return order.map { arn in
            let p = PrincipalIdentity(arn)!
            var context = RequestContext()
            if let organization, p.account == repositoryAccount { context["aws:PrincipalOrgID"] = .single(organization) }
            return WhoCan.Subject(principal: p, source: "given with --identity-policy", policies: PolicySet(identity: policies[arn]!), context: context)
        }
    }

    struct Loaded {
        var resource: WhoCan.ResourceSide
        var subjects: [WhoCan.Subject]
        var documents: [(PolicyDocument, String)]
        var organization: String?
    }

    /// The repository, its registry and the manifest's principals from a policies/ directory.
    func loadFromManifest(_ argument: String) throws -> Loaded {
        let (manifestPath, policyDirectory) = AuditCommand.locateManifest(argument)
        let input: RegistryInput
        do {
            let text = try AuditCommand.readText(manifestPath)
            input = try RegistryLoader.load(manifestText: text, manifestPath: manifestPath, directory: policyDirectory,
                                            read: { try AuditCommand.readText($0) })
        } catch let errors as ManifestErrors {
            throw CLIFailure.runtime(errors.description)
        } catch {
            throw CLIFailure.runtime("\(error)")
        }
        let manifest = input.manifest
        var found: (RegistryManifest, RepositoryManifest)?
        for registry in manifest.registries {
            for repo in registry.repositories where repo.name == repository || registry.repositoryARN(repo.name) == repository {
                if found == nil { found = (registry, repo) }
            }
        }
        guard let (registry, repo) = found else {
            let known = manifest.registries.flatMap { r in r.repositories.map { "\(r.name)/\($0.name)" } }
            throw CLIFailure.runtime("\(manifestPath): no repository '\(repository)' (known: \(known.joined(separator: ", ")))")
        }
        func compile(_ reference: PolicyReference?, _ kind: PolicyKind) throws -> (CompiledPolicy, PolicyDocument)? {
            guard let reference, let file = input.policy(reference, kind: kind) else { return nil }
            let result = PolicyParser.parse(file.text, kind: kind, file: file.path)
            if let error = result.findings.first(where: { $0.category == .error }) {
                throw CLIFailure.runtime("\(error.file):\(error.span.start.line):\(error.span.start.column): error: \(error.message) [\(error.code)]")
            }
            guard let document = result.document else { throw CLIFailure.runtime("\(file.path): not a policy") }
            return (CompiledPolicy(document, name: file.path, kind: kind), document)
        }
        var documents: [(PolicyDocument, String)] = []
        let repositoryPolicy = try compile(repo.policy, .repository)
        if let (_, d) = repositoryPolicy { documents.append((d, "repository policy")) }
        let registryPolicy = try compile(registry.registryPolicy, .registry)
        if let (_, d) = registryPolicy { documents.append((d, "registry policy")) }
        // The registry account's RCPs apply to every caller, except in the organization's management account.
        let rcps = registry.organization?.managementAccount == registry.account ? []
            : try registry.resourceControlPolicies.map { level in try level.compactMap { try compile($0, .rcp)?.0 } }
        let resource = WhoCan.ResourceSide(repositoryARN: registry.repositoryARN(repo.name), repositoryPolicy: repositoryPolicy?.0,
                                           registryPolicy: registryPolicy?.0, registryPolicyScope: registry.policyScope,
                                           resourceControlPolicies: rcps)

        var subjects: [WhoCan.Subject] = []
        for principal in manifest.principals {
            guard let identity = PrincipalIdentity(principal.identity) else {
                // The manifest decoder rejects such principals; never drop one silently.
                throw CLIFailure.runtime("\(principal.location.file):\(principal.location.line):\(principal.location.column): '\(principal.identity)' is not a principal ecrguard can simulate")
            }
            var set = PolicySet()
            set.identity = try principal.identityPolicies.compactMap { try compile($0, .identity)?.0 }
            set.boundary = try compile(principal.permissionBoundary, .boundary)?.0
            set.session = try compile(principal.sessionPolicy, .session)?.0
            set.serviceControlPolicies = try principal.serviceControlPolicies.map { level in try level.compactMap { try compile($0, .scp)?.0 } }
            var context = RequestContext(["aws:SecureTransport": .single("true"), "aws:RequestedRegion": .single(registry.region)])
            let org = principal.organization ?? identity.account.flatMap { a in manifest.registries.first { $0.account == a }?.organization }
            set.managementAccount = org?.managementAccount
            if identity.isIAMPrincipal, let org {
                context["aws:PrincipalOrgID"] = .single(org.id)
                if let path = org.ouPath { context["aws:PrincipalOrgPaths"] = .multiple([path]) }
            }
            for (key, values) in principal.context { context[key] = values.count == 1 ? .single(values[0]) : .multiple(values) }
            // SCPs an import could not read: answered as if none restricted it, and said so.
            let assumption = principal.serviceControlPoliciesNotCollected ? "its SCPs were not collected: no SCP is assumed to restrict it" : nil
            subjects.append(WhoCan.Subject(principal: identity, source: "manifest principal '\(principal.name)'", assumption: assumption,
                                           policies: set, context: context))
        }
        return Loaded(resource: resource, subjects: subjects, documents: documents, organization: registry.organization?.id)
    }

    static func text(_ capability: Capability, repository: String, rows: [WhoCan.Row], notSimulated: [WhoCan.UnsimulatedPrincipal] = []) -> String {
        var lines = ["who can \(capability.rawValue) \(repository):"]
        for row in rows {
            let d = row.decision
            let verdict = switch d.outcome {
            case .allowed: "YES"
            case .implicitDeny: "no "
            case .explicitDeny: "NO "
            }
            lines.append("  \(verdict) \(row.subject.principal.arn) — \(row.subject.source)")
            if let a = row.subject.assumption { lines.append("        assuming \(a)") }
            if !d.isAllowed {
                lines.append("        blocked by: " + d.blockedBy.map(\.rawValue).joined(separator: ", ")
                             + (d.outcome == .explicitDeny ? " (explicit Deny)" : ""))
                if let firstFailing = d.actions.first(where: { $0.step.required && $0.decision?.isAllowed == false }), let fd = firstFailing.decision {
                    lines.append("        first failing action: \(firstFailing.step.action)" + (fd.reasons.first.map { " — \($0)" } ?? ""))
                    for s in fd.decidingStatements where s.effect == .deny { lines.append("        denied by: " + DecisionText.statement(s)) }
                }
            } else {
                var granting: [StatementReference] = []
                for a in d.actions where a.step.required {
                    for s in a.decision?.decidingStatements ?? [] where !granting.contains(s) && !s.policyName.hasPrefix("(assumed") { granting.append(s) }
                }
                for s in granting.prefix(4) { lines.append("        via " + DecisionText.statement(s)) }
            }
            let conditions = d.missingContextKeys
            if !conditions.isEmpty {
                lines.append("        conditions on keys the caller did not present:")
                var seen = Set<String>()
                for m in conditions where seen.insert(m.requirement + m.statement.description).inserted {
                    lines.append("          \(m.requirement)  (\(m.statement.policyName) Statement[\(m.statement.index)]\(m.statement.sid.map { " \"\($0)\"" } ?? ""), \(m.statement.effect.rawValue))")
                }
            }
        }
        for p in notSimulated {
            lines.append("  ?   \(p.principal) — \(p.source) (line \(p.position.line), column \(p.position.column))")
            lines.append("        not simulated: \(p.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
