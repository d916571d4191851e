/// "Who can push to employee-api?": the principals the resource side names, the principals the
/// caller describes, and representative others, each with the capability decision and the
/// context keys that would change it.
public enum WhoCan {
    /// One principal to ask about, with its side of the policies.
    public struct Subject: Sendable {
        public var principal: PrincipalIdentity
        /// Why it is listed: `named in the repository policy`, `manifest principal ci`, ...
        public var source: String
        /// What was assumed about its own policies, if anything.
        public var assumption: String?
        /// Identity policies, boundary, session policy, SCPs; the resource side is added per question.
        public var policies: PolicySet
        public var context: RequestContext

        public init(principal: PrincipalIdentity, source: String, assumption: String? = nil, policies: PolicySet = PolicySet(),
                    context: RequestContext = RequestContext()) {
            self.principal = principal
            self.source = source
            self.assumption = assumption
            self.policies = policies
            self.context = context
        }
    }

    public struct Row: Sendable {
        public var subject: Subject
        public var decision: CapabilityDecision
    }

    /// The resource side of one repository.
    public struct ResourceSide: Sendable {
        public var repositoryARN: String
        public var repositoryPolicy: CompiledPolicy?
        public var registryPolicy: CompiledPolicy?
        public var registryPolicyScope: RegistryPolicyScope
        public var resourceControlPolicies: [[CompiledPolicy]]

        public init(repositoryARN: String, repositoryPolicy: CompiledPolicy?, registryPolicy: CompiledPolicy? = nil,
                    registryPolicyScope: RegistryPolicyScope = .v2, resourceControlPolicies: [[CompiledPolicy]] = []) {
            self.repositoryARN = repositoryARN
            self.repositoryPolicy = repositoryPolicy
            self.registryPolicy = registryPolicy
            self.registryPolicyScope = registryPolicyScope
            self.resourceControlPolicies = resourceControlPolicies
        }

        public var account: String { ARN(repositoryARN)?.account ?? "" }

        /// The subject's own policies with this resource side: every policy its requests meet.
        public func policies(for subject: Subject) -> PolicySet {
            var set = subject.policies
            set.resource = repositoryPolicy
            set.registry = registryPolicy
            set.registryPolicyScope = registryPolicyScope
            set.resourceControlPolicies = resourceControlPolicies
            return set
        }
    }

    public static func answer(_ capability: Capability, resource: ResourceSide, subjects: [Subject]) -> [Row] {
        let evaluator = Evaluator()
        return subjects.map { subject in
            let d = evaluator.evaluate(capability, principal: subject.principal, repository: resource.repositoryARN,
                                       context: subject.context, policies: resource.policies(for: subject))
            return Row(subject: subject, decision: d)
        }
    }

    /// An identity policy allowing every ECR action: the worst case for a principal whose own
    /// policies are unknown (another account's administrator can grant itself anything).
    public static let unknownIdentity: CompiledPolicy = {
        let doc = PolicyParser.parseStructure(#"{"Version":"2012-10-17","Statement":[{"Sid":"AssumedAllECR","Effect":"Allow","Action":"ecr:*","Resource":"*"}]}"#,
                                              kind: .identity, file: "(assumed)").document!
        return CompiledPolicy(doc, name: "(assumed: identity policies allow ecr:*)", kind: .identity)
    }()

    /// An identity policy allowing only `ecr:GetAuthorizationToken`, as every ECR user has.
    public static let tokenOnlyIdentity: CompiledPolicy = {
        let doc = PolicyParser.parseStructure(#"{"Version":"2012-10-17","Statement":[{"Sid":"AssumedToken","Effect":"Allow","Action":"ecr:GetAuthorizationToken","Resource":"*"}]}"#,
                                              kind: .identity, file: "(assumed)").document!
        return CompiledPolicy(doc, name: "(assumed: identity policies allow only ecr:GetAuthorizationToken)", kind: .identity)
    }()

    /// Every principal the statements of `policies` name in `Principal` (roles, users, sessions,
    /// accounts — an account as a role session in it — and services), in order, without duplicates.
    public static func namedPrincipals(_ documents: [(PolicyDocument, String)]) -> [(PrincipalIdentity, String)] {
        var seen = Set<String>(), out: [(PrincipalIdentity, String)] = []
        for (document, label) in documents {
            for statement in document.statements {
                guard let element = statement.principal, !element.isNegated else { continue }
                for entry in element.entries {
                    var principal: PrincipalIdentity?
                    switch entry.value {
                    case .aws(let text) where text != "*" && !text.contains("*"):
                        if let p = PrincipalIdentity(text) {
                            principal = p.kind == .root
                                ? PrincipalIdentity("arn:aws:sts::\(p.account!):assumed-role/any-role-in-account/session")
                                : p
                        }
                    case .service(let name):
                        principal = .service(name)
                    default:
                        principal = nil
                    }
                    guard let principal, seen.insert(principal.arn).inserted else { continue }
                    let how = PrincipalIdentity(entryText(entry.value))?.kind == .root ? "its account is named in the \(label)" : "named in the \(label)"
                    out.append((principal, how))
                }
            }
        }
        return out
    }

    /// A principal a policy names that who-can cannot ask about, and why: listed in the answer,
    /// never dropped silently.
    public struct UnsimulatedPrincipal: Sendable, Equatable {
        /// As written in the policy.
        public var principal: String
        /// `named in the repository policy`.
        public var source: String
        public var position: SourcePosition
        public var reason: String
    }

    /// The `Principal` entries of `documents` that `namedPrincipals` cannot turn into a caller
    /// (unique ids of deleted principals, federated and canonical-user principals).
    public static func unsimulatedPrincipals(_ documents: [(PolicyDocument, String)]) -> [UnsimulatedPrincipal] {
        var out: [UnsimulatedPrincipal] = []
        for (document, label) in documents {
            for statement in document.statements {
                guard let element = statement.principal, !element.isNegated else { continue }
                for entry in element.entries {
                    let reason: String
                    switch entry.value {
                    case .everyone, .service:
                        continue
                    case .aws(let text):
                        guard text != "*", PrincipalIdentity(text) == nil else { continue }
                        reason = text.hasPrefix("A") && !text.contains(":")
                            ? "a unique id, which AWS writes in place of a principal that was deleted; it matches no caller"
                            : "not a principal ARN ecrguard can simulate"
                    case .federated:
                        reason = "a federated (web identity or SAML) principal; who-can does not simulate federated callers"
                    case .canonicalUser:
                        reason = "a canonical user id; who-can does not simulate canonical users"
                    }
                    out.append(UnsimulatedPrincipal(principal: entryText(entry.value), source: "named in the \(label)",
                                                    position: entry.span.start, reason: reason))
                }
            }
        }
        return out
    }

    static func entryText(_ e: PrincipalEntry) -> String {
        switch e {
        case .aws(let t), .service(let t), .federated(let t), .canonicalUser(let t): t
        case .everyone: "*"
        }
    }

    /// The representative others: another principal of the repository's account (with only the
    /// token permission of its own), any principal of another account and a principal of the same
    /// organization (both with identity policies allowing ecr:*), and an anonymous caller.
    public static func representatives(repositoryAccount: String, organizationID: String?, excluding: Set<String> = []) -> [Subject] {
        var out: [Subject] = []
        let same = PrincipalIdentity("arn:aws:sts::\(repositoryAccount):assumed-role/another-role/session")!
        var sameContext = RequestContext()
        if let organizationID { sameContext["aws:PrincipalOrgID"] = .single(organizationID) }
        out.append(Subject(principal: same, source: "another principal of account \(repositoryAccount)",
                           assumption: "its identity policies allow only ecr:GetAuthorizationToken", policies: PolicySet(identity: [tokenOnlyIdentity]),
                           context: sameContext))
        let outsiderAccount = repositoryAccount == "999999999999" ? "999999999998" : "999999999999"
        out.append(Subject(principal: PrincipalIdentity("arn:aws:sts::\(outsiderAccount):assumed-role/any-role/session")!,
                           source: "any principal of another AWS account (outside the organization)",
                           assumption: "its identity policies allow ecr:*; it carries no aws:PrincipalOrgID of yours",
                           policies: PolicySet(identity: [unknownIdentity])))
        if let organizationID {
            let member = repositoryAccount == "888888888888" ? "888888888887" : "888888888888"
            out.append(Subject(principal: PrincipalIdentity("arn:aws:sts::\(member):assumed-role/any-role/session")!,
                               source: "a principal of another account in organization \(organizationID)",
                               assumption: "its identity policies allow ecr:*", policies: PolicySet(identity: [unknownIdentity]),
                               context: RequestContext(["aws:PrincipalOrgID": .single(organizationID)])))
        }
        out.append(Subject(principal: .anonymous, source: "an anonymous caller"))
        return out.filter { !excluding.contains($0.principal.arn) }
    }

    /// The rows as JSON.
    public static func json(_ capability: Capability, repository: String, rows: [Row], notSimulated: [UnsimulatedPrincipal] = []) -> OrderedJSON {
        .object([("capability", .string(capability.rawValue)), ("repository", .string(repository)),
                 ("principals", .array(rows.map { row in
                     let d = row.decision
                     return .object([("principal", .string(row.subject.principal.arn)), ("source", .string(row.subject.source)),
                                     ("assumption", row.subject.assumption.map(OrderedJSON.string) ?? .null),
                                     ("decision", .string(d.outcome.rawValue)), ("can", .bool(d.isAllowed)),
                                     ("blockedBy", .array(d.blockedBy.map { .string($0.rawValue) })),
                                     ("conditions", .array(d.missingContextKeys.map(\.json))),
                                     ("explain", d.explainJSON)])
                 })),
                 ("notSimulated", .array(notSimulated.map { p in
                     .object([("principal", .string(p.principal)), ("source", .string(p.source)),
                              ("line", .int(p.position.line)), ("column", .int(p.position.column)), ("reason", .string(p.reason))])
                 }))])
    }
}
