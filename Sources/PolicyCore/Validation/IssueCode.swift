/// A kind of problem the parser or a validation rule reports: a stable code, its category and its
/// default severity. Codes are IAM Access Analyzer's issue codes where Access Analyzer has the same
/// check (see "IAM policy validation check reference"); codes it lacks are ecrguard's own and say so.
public struct IssueCode: Sendable, Hashable, CustomStringConvertible {
    public var code: String
    public var category: FindingCategory
    public var severity: Severity

    public init(_ code: String, _ category: FindingCategory, _ severity: Severity) {
        self.code = code
        self.category = category
        self.severity = severity
    }

    public var description: String { code }

    static func error(_ code: String, _ severity: Severity = .high) -> IssueCode { IssueCode(code, .error, severity) }

    // MARK: Document structure (Access Analyzer codes)
    /// The text is not JSON (or not an object); nothing else can be checked.
    public static let jsonSyntaxError = error("JSON_SYNTAX_ERROR", .critical)
    public static let missingVersion = IssueCode("MISSING_VERSION", .warning, .low)
    public static let invalidVersion = error("INVALID_VERSION")
    public static let missingStatement = error("MISSING_STATEMENT")
    public static let invalidPolicyElement = error("INVALID_POLICY_ELEMENT")
    public static let missingEffect = error("MISSING_EFFECT")
    public static let invalidEffect = error("INVALID_EFFECT")
    public static let missingAction = error("MISSING_ACTION")
    public static let missingResource = error("MISSING_RESOURCE")
    public static let missingPrincipal = error("MISSING_PRINCIPAL")
    /// Two elements that exclude each other (`Action` with `NotAction`, ...).
    public static let unsupportedElementCombination = error("UNSUPPORTED_ELEMENT_COMBINATION")
    /// `Principal`/`NotPrincipal` in a policy kind that takes none (identity, SCP, session, boundary).
    public static let unsupportedPrincipal = error("UNSUPPORTED_PRINCIPAL")
    public static let invalidPrincipalFormat = error("INVALID_PRINCIPAL_FORMAT")
    public static let invalidPrincipalKey = error("INVALID_PRINCIPAL_KEY")
    public static let unsupportedWildcardInPrincipal = error("UNSUPPORTED_WILDCARD_IN_PRINCIPAL")
    public static let uniqueSidsRequired = error("UNIQUE_SIDS_REQUIRED")
    public static let unsupportedSid = error("UNSUPPORTED_SID")
    public static let rcpSyntaxErrorPrincipal = error("RCP_SYNTAX_ERROR_PRINCIPAL")
    public static let scpSyntaxErrorPrincipal = error("SCP_SYNTAX_ERROR_PRINCIPAL")
    public static let policySizeExceedsSCPQuota = error("POLICY_SIZE_EXCEEDS_SCP_QUOTA")

    // MARK: ARNs, actions, conditions, variables (Access Analyzer codes)
    public static let missingARNField = error("MISSING_ARN_FIELD")
    public static let invalidARNPrefix = error("INVALID_ARN_PREFIX")
    public static let invalidPartition = error("INVALID_PARTITION")
    public static let invalidARNAccount = error("INVALID_ARN_ACCOUNT")
    public static let invalidARNRegion = error("INVALID_ARN_REGION")
    public static let invalidService = error("INVALID_SERVICE")
    public static let invalidServiceInAction = error("INVALID_SERVICE_IN_ACTION")
    public static let invalidAction = error("INVALID_ACTION")
    public static let invalidConditionOperator = error("INVALID_CONDITION_OPERATOR")
    public static let nullWithIfExists = error("NULL_WITH_IF_EXISTS")
    public static let invalidConditionKeyFormat = error("INVALID_CONDITION_KEY_FORMAT")
    public static let invalidGlobalConditionKey = error("INVALID_GLOBAL_CONDITION_KEY")
    public static let invalidServiceConditionKey = error("INVALID_SERVICE_CONDITION_KEY")
    public static let duplicateKeysWithDifferentCase = error("DUPLICATE_KEYS_WITH_DIFFERENT_CASE")
    public static let dataTypeMismatch = error("DATA_TYPE_MISMATCH")
    public static let invalidConditionMultipleBoolean = error("INVALID_CONDITION_MULTIPLE_BOOLEAN")
    public static let invalidVariableForOperator = error("INVALID_VARIABLE_FOR_OPERATOR")
    public static let missingBraceInVariable = error("MISSING_BRACE_IN_VARIABLE")
    public static let missingQuoteInDefault = error("MISSING_QUOTE_IN_DEFAULT")
    public static let emptyVariable = error("EMPTY_VARIABLE")
    public static let unsupportedSpaceInVariable = error("UNSUPPORTED_SPACE_IN_VARIABLE")
    public static let variableUnsupportedInElement = error("VARIABLE_UNSUPPORTED_IN_ELEMENT")
    public static let variableUnsupportedInVersion = error("VARIABLE_UNSUPPORTED_IN_VERSION")

    // MARK: ecrguard's own codes (no Access Analyzer equivalent)
    /// The same key twice in one JSON object; AWS rejects the policy.
    public static let duplicateKey = error("DUPLICATE_KEY")
    /// An element holds the wrong JSON type (`"Effect": 1`, `"Action": {}`).
    public static let invalidElementType = error("INVALID_ELEMENT_TYPE")
    /// An element that must not be empty is an empty list.
    public static let emptyElement = error("EMPTY_ELEMENT")
    /// `Resource`/`NotResource` in an ECR repository policy (see `ResourcePlacementRule`).
    public static let resourceInRepositoryPolicy = IssueCode("RESOURCE_IN_REPOSITORY_POLICY", .warning, .low)
    /// The policy text is longer than ECR's 10,240-character limit.
    public static let policySizeExceedsECRQuota = error("POLICY_SIZE_EXCEEDS_ECR_QUOTA")
}
