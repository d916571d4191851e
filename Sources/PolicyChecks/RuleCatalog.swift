import PolicyCore

/// Every rule `ecrguard check` runs, in reporting order.
public enum RuleCatalog {
    public static let all: [any PolicyRule] = [
        // Access: decided with the evaluator.
        PublicAccessRule(),
        OverbroadWriteAccessRule(),
        ExternalAccessRule(),
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
        MissingVersionRule(),
        WildcardWithNonLikeOperatorRule(),
        DataTypeMismatchRule(),
        StatementCanNeverMatchRule(),
        RedundantActionRule(),
        RedundantStatementRule(),
        EmptyArrayRule(),
    ]

    /// Descriptors of every code the rules can report (not counting the policy core's validation errors).
    public static var descriptors: [RuleDescriptor] { all.flatMap(\.descriptors) }

    public static func descriptor(for code: String) -> RuleDescriptor? {
        descriptors.first { $0.code == code } ?? GateDescriptors.all.first { $0.code == code }
    }
}
