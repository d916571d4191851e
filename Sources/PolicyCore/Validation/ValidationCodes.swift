/// The codes the parser and the policy core's validation rules report, each defined once with its
/// severity, category, title and help. Codes are IAM Access Analyzer's issue codes where Access
/// Analyzer has the same check (see "IAM policy validation check reference"); codes it lacks are
/// ecrguard's own and say so. ERROR means AWS rejects the policy.
extension RuleDescriptor {
    static func error(_ code: String, _ severity: Severity = .high, _ title: String, _ help: String) -> RuleDescriptor {
        RuleDescriptor(code: code, severity: severity, category: .error, title: title, help: help)
    }

    // MARK: Document structure (Access Analyzer codes)
    /// The text is not JSON (or not an object); nothing else can be checked.
    public static let jsonSyntaxError = error("JSON_SYNTAX_ERROR", .critical, "File is not a JSON policy",
        "The file is not strict JSON (RFC 8259), not UTF-8, or not a JSON object, so AWS would reject it and nothing else can be checked. ecrguard exits 2 for such input.")
    public static let missingVersion = RuleDescriptor(code: "MISSING_VERSION", severity: .low, category: .warning,
        title: "Policy has no Version",
        help: "Without a Version element AWS reads the policy as Version 2008-10-17, in which policy variables such as ${aws:username} are literal text. Add \"Version\": \"2012-10-17\".")
    public static let invalidVersion = error("INVALID_VERSION", .high, "Version is not one this policy type accepts",
        "IAM accepts Version 2012-10-17 and 2008-10-17; resource control policies accept only 2012-10-17. Any other value is rejected.")
    public static let missingStatement = error("MISSING_STATEMENT", .high, "Policy has no Statement",
        "A policy needs a Statement element with at least one statement.")
    public static let invalidPolicyElement = error("INVALID_POLICY_ELEMENT", .high, "Unknown policy element",
        "An element name that the policy grammar does not have (element names are case-sensitive). AWS rejects the policy.")
    public static let missingEffect = error("MISSING_EFFECT", .high, "Statement has no Effect",
        "Every statement needs \"Effect\": \"Allow\" or \"Deny\".")
    public static let invalidEffect = error("INVALID_EFFECT", .high, "Effect is not Allow or Deny",
        "Effect must be exactly Allow or Deny (case-sensitive).")
    public static let missingAction = error("MISSING_ACTION", .high, "Statement has no Action",
        "Every statement needs an Action or NotAction element.")
    public static let missingResource = error("MISSING_RESOURCE", .high, "Statement has no Resource",
        "Every statement of an identity, boundary, session, SCP, RCP, VPC endpoint or registry policy needs a Resource or NotResource element.")
    public static let missingPrincipal = error("MISSING_PRINCIPAL", .high, "Statement has no Principal",
        "Every statement of a repository, registry, VPC endpoint or resource control policy must say whom it applies to with Principal or NotPrincipal.")
    /// Two elements that exclude each other (`Action` with `NotAction`, ...).
    public static let unsupportedElementCombination = error("UNSUPPORTED_ELEMENT_COMBINATION", .high, "Elements that exclude each other",
        "A statement cannot have both Action and NotAction, Principal and NotPrincipal, or Resource and NotResource.")
    /// `Principal`/`NotPrincipal` in a policy kind that takes none (identity, session, boundary).
    public static let unsupportedPrincipal = error("UNSUPPORTED_PRINCIPAL", .high, "Principal in a policy that takes none",
        "Identity policies, permissions boundaries and session policies apply to the identity they are attached to and must not name a Principal.")
    public static let invalidPrincipalFormat = error("INVALID_PRINCIPAL_FORMAT", .high, "Principal is not a principal",
        "An AWS principal is \"*\", a 12-digit account id, or the ARN of an account root, IAM user, IAM role, role session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) or federated user (arn:aws:sts::ACCOUNT:federated-user/NAME). IAM groups, instance profiles and managed policies are not principals, and AWS rejects a policy that names them.")
    public static let invalidPrincipalKey = error("INVALID_PRINCIPAL_KEY", .high, "Unknown principal type",
        "The keys of a Principal object are AWS, Service, Federated and CanonicalUser.")
    public static let unsupportedWildcardInPrincipal = error("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", .high, "Wildcard inside a principal",
        "\"*\" on its own is the only wildcard a principal accepts. To match principals by pattern, use \"*\" with an ArnLike condition on aws:PrincipalArn.")
    public static let uniqueSidsRequired = error("UNIQUE_SIDS_REQUIRED", .high, "Statement ids must be unique",
        "IAM (identity policies, permissions boundaries, session policies) and Organizations (SCPs, RCPs) reject a policy in which two statements share a Sid (\"Statement IDs (SID) must be unique\").")
    public static let duplicateSid = RuleDescriptor(code: "DUPLICATE_SID", severity: .low, category: .warning,
        title: "Two statements share a Sid",
        help: "ECR (repository and registry policies) and VPC endpoint policies accept repeated Sids, but the statements cannot be told apart in reviews, findings and suppressions. Give each statement its own Sid.")
    public static let unsupportedSid = error("UNSUPPORTED_SID", .high, "Sid has characters IAM does not accept",
        "In identity policies, permissions boundaries, session policies, SCPs and RCPs a Sid may contain only the letters A-Z, a-z and the digits 0-9.")
    public static let rcpSyntaxErrorPrincipal = error("RCP_SYNTAX_ERROR_PRINCIPAL", .high, "RCP principal is not \"*\"",
        "The Principal of a resource control policy must be \"*\" and NotPrincipal is not supported; restrict callers with conditions such as aws:PrincipalOrgID.")
    public static let rcpSyntaxErrorAllow = error("RCP_SYNTAX_ERROR_ALLOW", .high, "RCP statement allows",
        "Resource control policies can only Deny; the one Allow Organizations accepts is RCPFullAWSAccess (\"*\" principal, action and resource, no condition).")
    public static let rcpSyntaxErrorNotAction = error("RCP_SYNTAX_ERROR_NOT_ACTION", .high, "NotAction in an RCP",
        "Resource control policies do not support NotAction; list the actions to deny.")
    public static let scpSyntaxErrorPrincipal = error("SCP_SYNTAX_ERROR_PRINCIPAL", .high, "Principal in an SCP",
        "Service control policies do not take Principal or NotPrincipal; restrict principals with conditions such as aws:PrincipalArn.")
    public static let policySizeExceedsSCPQuota = error("POLICY_SIZE_EXCEEDS_SCP_QUOTA", .high, "SCP longer than 5,120 characters",
        "Organizations rejects service control policies longer than 5,120 characters (whitespace counts).")
    public static let policySizeExceedsRCPQuota = error("POLICY_SIZE_EXCEEDS_RCP_QUOTA", .high, "RCP longer than 5,120 characters",
        "Organizations rejects resource control policies longer than 5,120 characters (whitespace counts).")

    // MARK: ARNs, actions, conditions, variables (Access Analyzer codes)
    public static let missingARNField = error("MISSING_ARN_FIELD", .high, "ARN has too few fields",
        "An ARN has six colon-separated fields: arn:partition:service:region:account-id:resource.")
    public static let invalidARNPrefix = error("INVALID_ARN_PREFIX", .high, "Resource is not an ARN",
        "A resource is \"*\" or an ARN starting with arn:.")
    public static let invalidPartition = error("INVALID_PARTITION", .high, "Unknown ARN partition",
        "The partition field of an ARN is aws, aws-cn, aws-us-gov or another AWS partition.")
    public static let invalidARNAccount = error("INVALID_ARN_ACCOUNT", .high, "ARN account is not an account id",
        "The account field of an ARN is a 12-digit account id (or a wildcard or policy variable in a Resource).")
    public static let invalidARNRegion = error("INVALID_ARN_REGION", .high, "ARN region is not a region",
        "The region field of an ARN is a region code such as us-east-1.")
    public static let invalidService = error("INVALID_SERVICE", .high, "ARN service is not a service name",
        "The service field of an ARN is a service prefix such as ecr or iam.")
    public static let missingARNRegion = error("MISSING_ARN_REGION", .high, "ECR ARN without a region",
        "ECR repositories are regional: an ECR ARN needs a region.")
    public static let missingARNAccount = error("MISSING_ARN_ACCOUNT", .high, "ECR ARN without an account",
        "An ECR ARN needs the account id of the registry.")
    public static let invalidARNResource = error("INVALID_ARN_RESOURCE", .high, "ECR ARN does not name a repository",
        "ECR resources in policies are repositories: the resource part is repository/NAME.")
    public static let invalidServiceInAction = error("INVALID_SERVICE_IN_ACTION", .high, "Unknown service in an action",
        "The part of an action before the colon must be an AWS service prefix.")
    public static let invalidAction = error("INVALID_ACTION", .high, "Unknown action",
        "Actions are written service:Action and must exist in the service (a wildcard must match at least one action).")
    public static let unsupportedActionInPolicy = error("UNSUPPORTED_ACTION_IN_POLICY", .high, "Action of another service in an ECR policy",
        "Repository and registry policies can only grant ECR actions; ECR rejects a policy with actions of other services.")
    /// ecrguard's own: AWS accepts the policy, but the grant has no effect.
    public static let accountActionInRepositoryPolicy = RuleDescriptor(code: "ACCOUNT_ACTION_IN_REPOSITORY_POLICY", severity: .medium, category: .warning,
        title: "Repository policy grants an action that is not about a repository",
        help: "Actions without a repository resource, such as ecr:GetAuthorizationToken, cannot be granted by a repository policy: ECR accepts the policy, but the grant has no effect. Allow them in an identity policy.")
    public static let invalidConditionOperator = error("INVALID_CONDITION_OPERATOR", .high, "Unknown condition operator",
        "Condition operators are StringEquals, NumericLessThan, ArnLike, IpAddress, Bool, Null and the others IAM defines, optionally with IfExists and ForAllValues:/ForAnyValue:.")
    public static let nullWithIfExists = error("NULL_WITH_IF_EXISTS", .high, "Null with IfExists",
        "The Null operator cannot take the IfExists suffix.")
    public static let invalidConditionKeyFormat = error("INVALID_CONDITION_KEY_FORMAT", .high, "Condition key is not prefix:name",
        "Condition keys are written prefix:name, as in aws:PrincipalOrgID.")
    public static let invalidGlobalConditionKey = error("INVALID_GLOBAL_CONDITION_KEY", .high, "Unknown aws: condition key",
        "An aws: condition key must be one of AWS's global condition keys.")
    public static let invalidServiceConditionKey = error("INVALID_SERVICE_CONDITION_KEY", .high, "Unknown ecr: condition key",
        "An ecr: condition key must be one ECR defines.")
    public static let duplicateKeysWithDifferentCase = error("DUPLICATE_KEYS_WITH_DIFFERENT_CASE", .high, "Condition key repeated with different case",
        "Condition keys are case-insensitive, so one operator naming the same key twice in different case is ambiguous.")
    public static let dataTypeMismatch = error("DATA_TYPE_MISMATCH", .high, "Condition value does not have the operator's type",
        "Numeric operators need numbers, Date operators ISO 8601 dates or epoch seconds, IpAddress operators addresses or CIDR ranges, Bool and Null true or false, Binary operators base64, Arn operators ARNs. A value of the wrong type never matches, so a positive condition is never true and a negated one always is.")
    public static let invalidConditionMultipleBoolean = error("INVALID_CONDITION_MULTIPLE_BOOLEAN", .high, "Bool condition lists true and false",
        "A Bool condition with both true and false matches any value; use one.")
    public static let invalidVariableForOperator = error("INVALID_VARIABLE_FOR_OPERATOR", .high, "Policy variable with a non-string operator",
        "Policy variables can only be used with String and Arn condition operators.")
    public static let missingBraceInVariable = error("MISSING_BRACE_IN_VARIABLE", .high, "Policy variable without a closing brace",
        "A policy variable is written ${key}; the closing } is missing.")
    public static let missingQuoteInDefault = error("MISSING_QUOTE_IN_DEFAULT", .high, "Policy variable default without quotes",
        "The default value of a policy variable is written in single quotes: ${key, 'default'}.")
    public static let emptyVariable = error("EMPTY_VARIABLE", .high, "Empty policy variable",
        "${} names no key.")
    public static let unsupportedSpaceInVariable = error("UNSUPPORTED_SPACE_IN_VARIABLE", .high, "Space in a policy variable key",
        "The key of a policy variable cannot contain spaces.")
    public static let variableUnsupportedInElement = error("VARIABLE_UNSUPPORTED_IN_ELEMENT", .high, "Policy variable where variables are not allowed",
        "Policy variables are allowed only in Resource/NotResource and in condition values, never in actions, principals or condition keys.")
    /// Access Analyzer's code, but a warning here: AWS stores the policy and reads `${...}` as text.
    public static let variableUnsupportedInVersion = RuleDescriptor(code: "VARIABLE_UNSUPPORTED_IN_VERSION", severity: .medium, category: .warning,
        title: "Policy variable in a Version 2008-10-17 policy",
        help: "Policy variables need Version 2012-10-17. AWS accepts the policy, but in Version 2008-10-17 (or without Version) ${...} is literal text: an Allow naming it matches nothing real, and a Deny naming it does not apply where it was meant to (severity high in a Deny). ecrguard evaluates the text literally, as AWS does.",
        remediation: "\"Version\": \"2012-10-17\"")
    /// ecrguard's own: a `${...}` the variable grammar does not accept.
    public static let invalidPolicyVariable = error("INVALID_POLICY_VARIABLE", .high, "Malformed policy variable",
        "The text inside ${...} is not a policy variable key, an escape (${*}, ${?}, ${$}) or a key with a quoted default.")

    // MARK: ecrguard's own codes (no Access Analyzer equivalent)
    /// The same key twice in one JSON object; AWS rejects the policy.
    public static let duplicateKey = error("DUPLICATE_KEY", .high, "Key repeated in a JSON object",
        "The same key twice in one JSON object: parsers disagree on which value wins, and AWS rejects the policy.")
    /// An element holds the wrong JSON type (`"Effect": 1`, `"Action": {}`).
    public static let invalidElementType = error("INVALID_ELEMENT_TYPE", .high, "Element has the wrong JSON type",
        "An element holds a JSON type its grammar does not allow, such as a number for Effect or an object for Action.")
    /// An element that must not be empty is an empty list.
    public static let emptyElement = error("EMPTY_ELEMENT", .high, "Required element is empty",
        "An element that must name something (Action, Resource, Principal) is an empty list.")
    /// `Resource`/`NotResource` in an ECR repository policy (see `ResourcePlacementRule`).
    public static let resourceInRepositoryPolicy = RuleDescriptor(code: "RESOURCE_IN_REPOSITORY_POLICY", severity: .low, category: .warning,
        title: "Resource in a repository policy",
        help: "A repository policy always applies to the repository it is attached to, and ECR has rejected repository policies with Resource. \"Resource\": \"*\" is reported as low; any other Resource, or NotResource, as high, since it cannot narrow or widen the policy.",
        remediation: "remove the Resource element")
    /// The policy text is longer than ECR's 10,240-character limit.
    public static let policySizeExceedsECRQuota = error("POLICY_SIZE_EXCEEDS_ECR_QUOTA", .high, "ECR policy longer than 10,240 characters",
        "ECR rejects repository and registry policies longer than 10,240 characters (whitespace counts).")
    public static let policySizeExceedsSessionQuota = error("POLICY_SIZE_EXCEEDS_SESSION_QUOTA", .high, "Session policy longer than 2,048 characters",
        "STS rejects an inline session policy (the Policy parameter of AssumeRole and GetFederationToken) longer than 2,048 characters.")
    public static let invalidServicePrincipalFormat = error("INVALID_SERVICE_PRINCIPAL_FORMAT", .high, "Service principal is malformed",
        "A service principal is a DNS-style name such as ecr.amazonaws.com.")

    /// Every code of the parser and the core's validation rules.
    public static let validationCodes: [RuleDescriptor] = [
        jsonSyntaxError, missingVersion, invalidVersion, missingStatement, invalidPolicyElement, missingEffect, invalidEffect,
        missingAction, missingResource, missingPrincipal, unsupportedElementCombination, unsupportedPrincipal,
        invalidPrincipalFormat, invalidPrincipalKey, unsupportedWildcardInPrincipal, uniqueSidsRequired, duplicateSid,
        unsupportedSid, rcpSyntaxErrorPrincipal, rcpSyntaxErrorAllow, rcpSyntaxErrorNotAction, scpSyntaxErrorPrincipal,
        policySizeExceedsSCPQuota, policySizeExceedsRCPQuota, missingARNField, invalidARNPrefix, invalidPartition,
        invalidARNAccount, invalidARNRegion, invalidService, missingARNRegion, missingARNAccount, invalidARNResource,
        invalidServiceInAction, invalidAction, unsupportedActionInPolicy, accountActionInRepositoryPolicy,
        invalidConditionOperator, nullWithIfExists, invalidConditionKeyFormat, invalidGlobalConditionKey,
        invalidServiceConditionKey, duplicateKeysWithDifferentCase, dataTypeMismatch, invalidConditionMultipleBoolean,
        invalidVariableForOperator, missingBraceInVariable, missingQuoteInDefault, emptyVariable, unsupportedSpaceInVariable,
        variableUnsupportedInElement, variableUnsupportedInVersion, invalidPolicyVariable, duplicateKey, invalidElementType,
        emptyElement, resourceInRepositoryPolicy, policySizeExceedsECRQuota, policySizeExceedsSessionQuota, invalidServicePrincipalFormat,
    ]
}
