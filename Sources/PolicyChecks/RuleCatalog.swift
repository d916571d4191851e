import PolicyCore

/// Every rule `ecrguard check` runs, in reporting order.
public enum RuleCatalog {
    public static let all: [any PolicyRule] = [
        // Access: decided with the evaluator.
        PublicAccessRule(),
        OverbroadWriteAccessRule(),
        ExternalAccessRule(),
        ExposureUndecidedRule(),
        // Statement shapes that grant more than they seem to.
        AllowWithNotPrincipalRule(),
        ForAllValuesWithSingleValuedKeyRule(),
        RestrictAccessToServicePrincipalRule(),
        NegatedConditionDoesNotRestrictRule(),
        IfExistsDoesNotRestrictRule(),
        WildcardConditionValueRule(),
        OpenIPRangeRule(),
        CallerControlledConditionKeyRule(),
        // Registry permission policies.
        RegistryWideExposureRule(),
        RegistryV1UnsupportedActionRule(),
        // Operations.
        LockoutRiskRule(),
        // Hygiene.
        WildcardWithNonLikeOperatorRule(),
        StatementCanNeverMatchRule(),
        RedundantActionRule(),
        RedundantStatementRule(),
        EmptyArrayRule(),
    ]

    /// Descriptors of every code the check rules can report (not the policy core's validation codes).
    public static var descriptors: [RuleDescriptor] { all.flatMap(\.descriptors) }

    /// Every code ecrguard can report, each once: the policy core's validation codes, the check
    /// rules', the gate's and the audit's. `ecrguard check --list-rules` prints it and
    /// `docs/rules.md` is generated from it; a test fails when a reported code is missing here.
    public static let everyCode: [RuleDescriptor] =
        RuleDescriptor.validationCodes + descriptors + GateDescriptors.all + AuditDescriptors.all + ImportDescriptors.all
            + LifecycleDescriptors.all + ECRCallDescriptors.all

    static let byCode: [String: RuleDescriptor] = Dictionary(everyCode.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    public static func descriptor(for code: String) -> RuleDescriptor? { byCode[code] }

    /// The known code closest to `code` by edit distance, when it is close enough to be a typo.
    public static func suggestion(for code: String) -> String? {
        let target = Array(code.uppercased().utf8)
        var best: (distance: Int, code: String)?
        for candidate in everyCode.map(\.code) {
            let d = EditDistance.between(Array(candidate.utf8), target)
            if d < (best?.distance ?? Int.max) { best = (d, candidate) }
        }
        guard let best, best.distance <= max(2, target.count / 4) else { return nil }
        return best.code
    }
}
