import PolicyCore

/// The access analysis could not try every outside caller a statement's conditions allow for (its
/// search is bounded), and none of those it tried got in: whether the statement exposes the
/// repository is undecided, so the gate fails instead of passing what was not checked.
public struct ExposureUndecidedRule: PolicyRule {
    public static let descriptor = RuleDescriptor(
        code: "EXPOSURE_UNDECIDED", severity: .high, category: .securityWarning,
        title: "Public or external access could not be decided",
        help: "ecrguard decides PUBLIC_ACCESS, EXTERNAL_ACCESS and OVERBROAD_WRITE_ACCESS by building outside callers from each statement's condition values and asking the evaluator about each. Its search is bounded (combinations of condition values and ways around Deny statements); when a statement has more combinations than the bound, ecrguard cannot show that no outsider gets in, and says so instead of passing. Split the statement, or pin the caller with one concrete condition (aws:PrincipalOrgID or aws:PrincipalAccount with StringEquals).")
    public var descriptors: [RuleDescriptor] { [Self.descriptor] }
    public init() {}

    public func check(_ input: CheckInput) -> [Finding] {
        input.access.undecided.compactMap { index in
            guard index < input.document.statements.count else { return nil }
            let statement = input.document.statements[index]
            return input.finding(Self.descriptor, at: statement.condition?.span ?? statement.span, statement: statement,
                message: "\(input.label(statement)) has more combinations of caller conditions (and ways around the policy's Deny statements) than ecrguard tries; none of those it tried let an outside caller in, but that does not show that none can, so its exposure is undecided.",
                remediation: "Split the statement into statements with fewer condition values each, or pin the caller with one concrete condition (StringEquals on aws:PrincipalOrgID or aws:PrincipalAccount).")
        }
    }
}
