/// AWS's policy evaluation logic for one request (IAM User Guide, "Policy evaluation logic",
/// "Cross-account policy evaluation logic"), with ECR's registry and repository policies.
///
/// Steps, in AWS's order:
/// 1. any applicable Deny in any policy type is final (`explicitDeny`);
/// 2. RCPs of the resource's account path: `RCPFullAWSAccess` is implicit at every level, so only
///    their Denies matter (not for service-linked roles, nor resources of the management account);
/// 3. SCPs of the principal's account path: every level must allow (not for service-linked roles,
///    the management account, service principals or anonymous callers);
/// 4. resource-based policy: in the same account an Allow naming the user, session, federated
///    user or service is final; one naming the role ARN still needs boundary and session policy;
///    one naming the account delegates to identity policies;
/// 5. identity policies (same account unless step 4 allowed; always across accounts, where the
///    resource policy must also allow);
/// 6. permissions boundary, 7. session policy, each when present; VPC endpoint policies, each
///    must allow.
///
/// KMS keys: the key policy must allow the request even in the key's own account (directly, or by
/// naming the account, which lets identity policies allow it), as across accounts.
///
/// ECR: `ecr:GetAuthorizationToken` (and any request on resource `*`) is identity-only — repository
/// and registry policies are not consulted. A registry policy under V1 scope applies only to
/// `ReplicateImage`, `BatchImportUpstreamImage` and `CreateRepository`. Under V2 it applies to every
/// ECR request in the registry and is combined with the repository policy as one resource-based
/// policy: a Deny in either is final, an Allow in either is the resource policy's Allow.
public struct Evaluator: Sendable {
    public init() {}

    /// Decides the request. Only the outcome is computed here; the rest of the decision is
    /// computed by `explain` when read (see `Decision`).
    public func evaluate(_ request: AccessRequest, _ policySet: PolicySet) -> Decision {
        var recorder = OutcomeRecorder()
        let outcome = run(request, policySet, &recorder).outcome
        return Decision(outcome: outcome, from: request, policySet)
    }

    /// Decides the request and explains the decision at once: the one source of truth for
    /// explanations, and the cheaper call for a caller that reads the explanation of every decision
    /// (`evaluate` then reading one evaluates twice).
    public func explain(_ request: AccessRequest, _ policySet: PolicySet) -> Decision {
        var recorder = ExplanationRecorder(request)
        let (outcome, blocked) = run(request, policySet, &recorder)
        return Decision(outcome: outcome, explanation: recorder.explanation(blocked: blocked))
    }

    /// The evaluation logic, once for both paths: the outcome and, unless a Deny decided, the policy
    /// types that lacked a required Allow. Everything else goes to `recorder`.
    func run<Recorder: EvaluationRecorder>(_ request: AccessRequest, _ policySet: PolicySet,
                                           _ recorder: inout Recorder) -> (outcome: DecisionOutcome, blocked: PolicyTypeSet) {
        let policies = policySet.storage
        let principal = request.principal
        let hasBoundary = policies.boundary != nil && (principal.kind == .iamUser || principal.kind == .role || principal.kind == .assumedRole)
        let sessionApplies = policies.session != nil && (principal.kind == .role || principal.kind == .assumedRole || principal.kind == .federatedUser)
        let isManagement = policies.managementAccount != nil
        let scpApplies = principal.isIAMPrincipal && !principal.isServiceLinkedRole
            && !(isManagement && principal.account == policies.managementAccount)
        let rcpApplies = !principal.isServiceLinkedRole && !(isManagement && request.resourceAccount == policies.managementAccount)
        let identityOnly = request.isIdentityOnly

        // RCPs: only Denies can decide.
        let hasGuardrails = policies.hasGuardrails
        if hasGuardrails && rcpApplies {
            for level in policies.resourceControlPolicies {
                for policy in level {
                    var hits = PolicyHits<Recorder.Hit>()
                    policy.match(request, hasBoundary: hasBoundary, into: &hits, recorder: &recorder)
                }
            }
        }

        // SCPs: every level needs an Allow.
        var scpAllows: [Recorder.Hit] = []
        var scpBlocked = false
        if hasGuardrails && scpApplies {
            for level in policies.serviceControlPolicies {
                var levelAllow: Recorder.Hit?
                for policy in level {
                    var hits = PolicyHits<Recorder.Hit>()
                    policy.match(request, hasBoundary: hasBoundary, into: &hits, recorder: &recorder)
                    if levelAllow == nil { levelAllow = hits.allow }
                }
                if let levelAllow { scpAllows.append(levelAllow) } else { scpBlocked = true }
            }
        }

        // Resource-based policies: the repository policy and the registry policy in its scope.
        var resourceHits = PolicyHits<Recorder.Hit>()
        var resourceConsulted = false
        if !identityOnly && (policies.resource != nil || policies.registry != nil) {
            if let policy = policies.borrowedResource {
                resourceConsulted = true
                policy.match(request, hasBoundary: hasBoundary, into: &resourceHits, recorder: &recorder)
            }
            if let registry = policies.borrowedRegistry,
               policies.registryPolicyScope == .v2 ? request.isECRAction : request.isV1RegistryAction {
                resourceConsulted = true
                registry.match(request, hasBoundary: hasBoundary, into: &resourceHits, recorder: &recorder)
            }
        }

        var identityAllow: Recorder.Hit?
        if principal.isIAMPrincipal {
            let identity = policies.borrowedIdentity
            for i in 0..<identity.count {
                var hits = PolicyHits<Recorder.Hit>()
                identity[i].match(request, hasBoundary: hasBoundary, into: &hits, recorder: &recorder)
                if identityAllow == nil { identityAllow = hits.allow }
            }
        }

        var boundaryAllow: Recorder.Hit?
        if hasBoundary, let policy = policies.borrowedBoundary {
            var hits = PolicyHits<Recorder.Hit>()
            policy.match(request, hasBoundary: hasBoundary, into: &hits, recorder: &recorder)
            boundaryAllow = hits.allow
        }

        var sessionAllow: Recorder.Hit?
        if sessionApplies, let policy = policies.borrowedSession {
            var hits = PolicyHits<Recorder.Hit>()
            policy.match(request, hasBoundary: hasBoundary, into: &hits, recorder: &recorder)
            sessionAllow = hits.allow
        }

        var endpointAllows: [Recorder.Hit] = []
        var endpointBlocked = false
        if hasGuardrails {
            for policy in policies.endpoints {
                var hits = PolicyHits<Recorder.Hit>()
                policy.match(request, hasBoundary: hasBoundary, into: &hits, recorder: &recorder)
                if let a = hits.allow { endpointAllows.append(a) } else { endpointBlocked = true }
            }
        }

        if recorder.hasDenies {
            recorder.trace(.explicitDeny)
            return (.explicitDeny, PolicyTypeSet())
        }
        var blocked = PolicyTypeSet()
        // Which allows are needed, by principal kind and account relation.
        for a in scpAllows { recorder.deciding(a) }
        if scpBlocked {
            blocked.insert(.scp)
            recorder.trace(.scpLevelWithoutAllow)
        }
        let grant = resourceHits.grant
        let boundaryOK = !hasBoundary || boundaryAllow != nil
        let sessionOK = !sessionApplies || sessionAllow != nil
        switch principal.kind {
        case .service, .anonymous:
            if grant == .none || identityOnly {
                blocked.insert(identityOnly ? .identity : .resource)
                switch (identityOnly, principal.kind == .anonymous) {
                case (true, true): recorder.trace(.identityOnlyForAnonymous)
                case (true, false): recorder.trace(.identityOnlyForService)
                case (false, true): recorder.trace(.noResourceAllowForAnonymous)
                case (false, false): recorder.trace(.noResourceAllowForService)
                }
            } else if let a = resourceHits.allow {
                recorder.deciding(a)
                recorder.trace(.resourceAllowsCaller)
            }
        default:
            let identityOK = principal.kind == .root ? true : identityAllow != nil
            if principal.kind == .root { recorder.trace(.rootUser) }
            if request.isSameAccount && grant >= .role {
                recorder.deciding(resourceHits.allow!)
                if grant == .direct {
                    recorder.trace(.sameAccountDirectGrant)
                } else {
                    recorder.trace(.sameAccountRoleGrant)
                    if !boundaryOK { blocked.insert(.boundary); recorder.trace(.boundaryWithoutAllow) }
                    if !sessionOK { blocked.insert(.session); recorder.trace(.sessionWithoutAllow) }
                    if let b = boundaryAllow { recorder.deciding(b) }
                    if let s = sessionAllow { recorder.deciding(s) }
                }
            } else {
                let crossAccount = !request.isSameAccount
                if crossAccount || request.needsResourcePolicyAllow {
                    if grant == .none {
                        blocked.insert(.resource)
                        recorder.trace(!crossAccount ? .keyPolicyDoesNotAllow
                                       : resourceConsulted ? .crossAccountResourceDoesNotAllow : .crossAccountNoResourcePolicy)
                    } else if let a = resourceHits.allow {
                        recorder.deciding(a)
                        recorder.trace(!crossAccount ? .sameAccountDelegation
                                       : grant == .account ? .crossAccountResourceAllowsAccount : .crossAccountResourceAllows)
                    }
                } else if grant == .account, let a = resourceHits.allow {
                    recorder.deciding(a)
                    recorder.trace(.sameAccountDelegation)
                }
                if !identityOK {
                    blocked.insert(.identity)
                    if !crossAccount && resourceConsulted && grant == .none { blocked.insert(.resource) }
                    recorder.trace(crossAccount || !resourceConsulted ? .noIdentityAllow : .neitherIdentityNorResourceAllow)
                } else if let a = identityAllow {
                    recorder.deciding(a)
                    recorder.trace(.identityAllows)
                }
                if !boundaryOK { blocked.insert(.boundary); recorder.trace(.boundaryWithoutAllow) }
                else if let b = boundaryAllow { recorder.deciding(b) }
                if !sessionOK { blocked.insert(.session); recorder.trace(.sessionWithoutAllow) }
                else if let s = sessionAllow { recorder.deciding(s) }
            }
        }
        if endpointBlocked {
            blocked.insert(.endpoint)
            recorder.trace(.endpointWithoutAllow)
        }
        for a in endpointAllows { recorder.deciding(a) }
        return (blocked.isEmpty ? .allowed : .implicitDeny, blocked)
    }
}
