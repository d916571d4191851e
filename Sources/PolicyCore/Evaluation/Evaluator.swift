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
/// ECR: `ecr:GetAuthorizationToken` (and any request on resource `*`) is identity-only — repository
/// and registry policies are not consulted. A registry policy under V1 scope applies only to
/// `ReplicateImage`, `BatchImportUpstreamImage` and `CreateRepository`. Under V2 it applies to every
/// ECR request in the registry and is combined with the repository policy as one resource-based
/// policy: a Deny in either is final, an Allow in either is the resource policy's Allow.
public struct Evaluator: Sendable {
    public init() {}

    public func evaluate(_ request: AccessRequest, _ policySet: PolicySet) -> Decision {
        let policies = policySet.storage
        let principal = request.principal
        var gaps: [MissingContextKey] = []
        var denies: [StatementReference] = []
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
                    var hits = PolicyHits()
                    policy.match(request, hasBoundary: hasBoundary, into: &hits, gaps: &gaps)
                    if !hits.denies.isEmpty { denies += hits.denies }
                }
            }
        }

        // SCPs: every level needs an Allow.
        var scpAllows: [StatementReference] = []
        var scpBlocked = false
        if hasGuardrails && scpApplies {
            for level in policies.serviceControlPolicies {
                var levelAllow: StatementReference?
                for policy in level {
                    var hits = PolicyHits()
                    policy.match(request, hasBoundary: hasBoundary, into: &hits, gaps: &gaps)
                    if !hits.denies.isEmpty { denies += hits.denies }
                    if levelAllow == nil { levelAllow = hits.allow }
                }
                if let levelAllow { scpAllows.append(levelAllow) } else { scpBlocked = true }
            }
        }

        // Resource-based policies: the repository policy and the registry policy in its scope.
        var resourceHits = PolicyHits()
        var resourceConsulted = false
        if !identityOnly && (policies.resource != nil || policies.registry != nil) {
            if let policy = policies.resource {
                resourceConsulted = true
                policy.match(request, hasBoundary: hasBoundary, into: &resourceHits, gaps: &gaps)
            }
            if let registry = policies.registry,
               policies.registryPolicyScope == .v2 ? request.isECRAction : request.isV1RegistryAction {
                resourceConsulted = true
                registry.match(request, hasBoundary: hasBoundary, into: &resourceHits, gaps: &gaps)
            }
            if !resourceHits.denies.isEmpty { denies += resourceHits.denies }
        }

        var identityAllow: StatementReference?
        if principal.isIAMPrincipal {
            for policy in policies.identity {
                var hits = PolicyHits()
                policy.match(request, hasBoundary: hasBoundary, into: &hits, gaps: &gaps)
                if !hits.denies.isEmpty { denies += hits.denies }
                if identityAllow == nil { identityAllow = hits.allow }
            }
        }

        var boundaryAllow: StatementReference?
        if hasBoundary, let policy = policies.boundary {
            var hits = PolicyHits()
            policy.match(request, hasBoundary: hasBoundary, into: &hits, gaps: &gaps)
            if !hits.denies.isEmpty { denies += hits.denies }
            boundaryAllow = hits.allow
        }

        var sessionAllow: StatementReference?
        if sessionApplies, let policy = policies.session {
            var hits = PolicyHits()
            policy.match(request, hasBoundary: hasBoundary, into: &hits, gaps: &gaps)
            if !hits.denies.isEmpty { denies += hits.denies }
            sessionAllow = hits.allow
        }

        var endpointAllows: [StatementReference] = []
        var endpointBlocked = false
        if hasGuardrails {
            for policy in policies.endpoints {
                var hits = PolicyHits()
                policy.match(request, hasBoundary: hasBoundary, into: &hits, gaps: &gaps)
                if !hits.denies.isEmpty { denies += hits.denies }
                if let a = hits.allow { endpointAllows.append(a) } else { endpointBlocked = true }
            }
        }

        // One Decision, built before the outcome is known.
        // Filled in place and returned as is (building it at the end copied it out of a temporary).
        var decision = Decision(outcome: .implicitDeny, blockedBy: PolicyTypeSet(), decidingStatements: StatementList(),
                                missingContextKeys: [], trace: DecisionTrace(request))
        if !denies.isEmpty {
            for d in denies { decision.blocked.insert(d.policyType) }
            decision.deciding.append(contentsOf: denies)
            decision.trace.append(.explicitDeny)
            decision.outcome = .explicitDeny
        } else {
            // Which allows are needed, by principal kind and account relation.
            if !scpAllows.isEmpty { decision.deciding.append(contentsOf: scpAllows) }
            if scpBlocked {
                decision.blocked.insert(.scp)
                decision.trace.append(.scpLevelWithoutAllow)
            }
            let grant = resourceHits.grant
            let boundaryOK = !hasBoundary || boundaryAllow != nil
            let sessionOK = !sessionApplies || sessionAllow != nil
            switch principal.kind {
            case .service, .anonymous:
                if grant == .none || identityOnly {
                    decision.blocked.insert(identityOnly ? .identity : .resource)
                    switch (identityOnly, principal.kind == .anonymous) {
                    case (true, true): decision.trace.append(.identityOnlyForAnonymous)
                    case (true, false): decision.trace.append(.identityOnlyForService)
                    case (false, true): decision.trace.append(.noResourceAllowForAnonymous)
                    case (false, false): decision.trace.append(.noResourceAllowForService)
                    }
                } else if let a = resourceHits.allow {
                    decision.deciding.append(a)
                    decision.trace.append(.resourceAllowsCaller)
                }
            default:
                let identityOK = principal.kind == .root ? true : identityAllow != nil
                if principal.kind == .root { decision.trace.append(.rootUser) }
                if request.isSameAccount && grant >= .role {
                    decision.deciding.append(resourceHits.allow!)
                    if grant == .direct {
                        decision.trace.append(.sameAccountDirectGrant)
                    } else {
                        decision.trace.append(.sameAccountRoleGrant)
                        if !boundaryOK { decision.blocked.insert(.boundary); decision.trace.append(.boundaryWithoutAllow) }
                        if !sessionOK { decision.blocked.insert(.session); decision.trace.append(.sessionWithoutAllow) }
                        if let b = boundaryAllow { decision.deciding.append(b) }
                        if let s = sessionAllow { decision.deciding.append(s) }
                    }
                } else {
                    let crossAccount = !request.isSameAccount
                    if crossAccount {
                        if grant == .none {
                            decision.blocked.insert(.resource)
                            decision.trace.append(resourceConsulted ? .crossAccountResourceDoesNotAllow : .crossAccountNoResourcePolicy)
                        } else if let a = resourceHits.allow {
                            decision.deciding.append(a)
                            decision.trace.append(grant == .account ? .crossAccountResourceAllowsAccount : .crossAccountResourceAllows)
                        }
                    } else if grant == .account, let a = resourceHits.allow {
                        decision.deciding.append(a)
                        decision.trace.append(.sameAccountDelegation)
                    }
                    if !identityOK {
                        decision.blocked.insert(.identity)
                        if !crossAccount && resourceConsulted && grant == .none { decision.blocked.insert(.resource) }
                        decision.trace.append(crossAccount || !resourceConsulted ? .noIdentityAllow : .neitherIdentityNorResourceAllow)
                    } else if let a = identityAllow {
                        decision.deciding.append(a)
                        decision.trace.append(.identityAllows)
                    }
                    if !boundaryOK { decision.blocked.insert(.boundary); decision.trace.append(.boundaryWithoutAllow) }
                    else if let b = boundaryAllow { decision.deciding.append(b) }
                    if !sessionOK { decision.blocked.insert(.session); decision.trace.append(.sessionWithoutAllow) }
                    else if let s = sessionAllow { decision.deciding.append(s) }
                }
            }
            if endpointBlocked {
                decision.blocked.insert(.endpoint)
                decision.trace.append(.endpointWithoutAllow)
            }
            if !endpointAllows.isEmpty { decision.deciding.append(contentsOf: endpointAllows) }
            decision.outcome = decision.blocked.isEmpty ? .allowed : .implicitDeny
        }
        if !gaps.isEmpty { decision.attachMissingContextKeys(gaps) }
        return decision
    }
}
