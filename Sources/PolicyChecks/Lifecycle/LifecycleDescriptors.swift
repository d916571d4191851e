import PolicyCore

/// The codes of ECR lifecycle policy validation (`LifecyclePolicyReader`) and of the protected
/// repository check (`LifecycleProtection`). ERROR codes are policies ECR rejects; the rules are those
/// of the Amazon ECR User Guide, "Lifecycle policy properties" and "Lifecycle policy evaluation rules".
public enum LifecycleDescriptors {
    static func error(_ code: String, _ title: String, _ help: String) -> RuleDescriptor {
        RuleDescriptor(code: code, severity: .high, category: .error, title: title, help: help)
    }

    public static let invalidStructure = error("LIFECYCLE_INVALID_STRUCTURE", "Not a lifecycle policy",
        "A lifecycle policy is a JSON object with a non-empty \"rules\" array of rule objects, 100 to 30,720 characters long (PutLifecyclePolicy's limits).")
    public static let unknownField = error("LIFECYCLE_UNKNOWN_FIELD", "Field a lifecycle policy does not have",
        "Rules have rulePriority, description, selection and action; selection has tagStatus, tagPrefixList, tagPatternList, storageClass, countType, countUnit and countNumber; action has type and targetStorageClass. Names are case-sensitive.")
    public static let missingField = error("LIFECYCLE_MISSING_FIELD", "Required lifecycle field missing",
        "Every rule needs rulePriority, selection (with tagStatus, countType and countNumber) and action (with type).")
    public static let invalidValue = error("LIFECYCLE_INVALID_VALUE", "Lifecycle field has a value ECR does not accept",
        "rulePriority and countNumber are positive integers; tagStatus is tagged, untagged or any; countType is imageCountMoreThan, sinceImagePushed, sinceImagePulled or sinceImageTransitioned; countUnit is days; action type is expire or transition (transition needs targetStorageClass archive).")
    public static let duplicatePriority = error("LIFECYCLE_DUPLICATE_PRIORITY", "Two rules have the same rulePriority",
        "Each rule needs its own rulePriority; ECR applies rules from the lowest number up.")
    public static let anyRuleNotLast = error("LIFECYCLE_ANY_RULE_NOT_LAST", "A tagStatus any rule is not evaluated last",
        "A rule with tagStatus any must have the highest rulePriority of the policy (so there is at most one).")
    public static let tagFilterMismatch = error("LIFECYCLE_TAG_FILTER_MISMATCH", "Tag filter does not fit the tagStatus",
        "tagStatus tagged needs a tagPrefixList or a tagPatternList (not both); untagged and any take neither.")
    public static let tooManyWildcards = error("LIFECYCLE_TOO_MANY_WILDCARDS", "Tag pattern has more than four wildcards",
        "ECR accepts at most four * in each tagPatternList string.")
    public static let duplicateTagSelection = error("LIFECYCLE_DUPLICATE_TAG_SELECTION", "Two rules select the same tags",
        "The set of rules must contain a unique set of tag prefixes (and patterns): a second rule with the same list could never expire anything.")
    public static let secondUntaggedRule = error("LIFECYCLE_SECOND_UNTAGGED_RULE", "More than one rule selects untagged images",
        "Only one rule of a lifecycle policy may have tagStatus untagged.")
    public static let countUnitMismatch = error("LIFECYCLE_COUNT_UNIT_MISMATCH", "countUnit does not fit the countType",
        "countUnit (days) is required with sinceImagePushed, sinceImagePulled and sinceImageTransitioned and is an error with imageCountMoreThan.")
    public static let emptiesProtectedRepository = RuleDescriptor(
        code: "LIFECYCLE_EMPTIES_PROTECTED_REPOSITORY", severity: .critical, category: .securityWarning,
        title: "Lifecycle policy can expire every image of a protected repository",
        help: "The manifest marks the repository protected: true. ecrguard refuses a lifecycle policy under which every image can be expired: untagged images and images whose tags no earlier rule names both fall to an age rule (sinceImage...), so a repository that holds only such images and receives no pushes is emptied; or the repository's current images (describe-images) would all be expired.",
        remediation: "Keep a count rule (imageCountMoreThan) before the age rule for the images that must stay, or remove protected: true from the manifest if emptying the repository is intended.")

    public static var all: [RuleDescriptor] {
        [invalidStructure, unknownField, missingField, invalidValue, duplicatePriority, anyRuleNotLast, tagFilterMismatch,
         tooManyWildcards, duplicateTagSelection, secondUntaggedRule, countUnitMismatch, emptiesProtectedRepository]
    }
}
