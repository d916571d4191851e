/// What ecrguard knows about global condition keys, for deciding whether a condition restricts who
/// can call (`docs/iam-ecr-semantics.md`, "What public means"). Keys compare
/// case-insensitively, as IAM does.
enum ConditionKeys {
    /// Keys whose value is fixed by who the caller is or where the call comes from; pinned to
    /// concrete values with a positive operator they restrict the caller.
    static let callerIdentifying: Set<String> = [
        "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
        "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourceorgid", "aws:sourceorgpaths",
        "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip", "aws:userid",
    ]

    /// Keys whose value any caller sets for itself or shares with callers of other accounts.
    static let callerControlledExact: Set<String> = [
        "aws:username", "aws:calledvia", "aws:calledviafirst", "aws:calledvialast", "aws:principaltype",
        "aws:tagkeys", "aws:useragent", "aws:referer", "aws:federatedprovider",
    ]
    static let callerControlledPrefixes = ["aws:principaltag/", "aws:requesttag/"]

    /// Keys that can hold several values in one request; every other global key is single-valued.
    static let multiValued: Set<String> = [
        "aws:tagkeys", "aws:principalorgpaths", "aws:sourceorgpaths", "aws:calledvia", "aws:principalservicenameslist",
    ]

    /// Keys that tie a service principal's request to the resource owner (RESTRICT_ACCESS_TO_SERVICE_PRINCIPAL).
    static let serviceSourceKeys: Set<String> = ["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"]

    static func isCallerIdentifying(_ key: String) -> Bool { callerIdentifying.contains(key.lowercased()) }

    static func isCallerControlled(_ key: String) -> Bool {
        let k = key.lowercased()
        return callerControlledExact.contains(k) || callerControlledPrefixes.contains { k.hasPrefix($0) }
    }

    /// Whether the key is known to be single-valued: the global `aws:` keys not in `multiValued` and
    /// any service's `ResourceTag/`/`RequestTag/` keys. Unknown service keys are not claimed either way.
    static func isKnownSingleValued(_ key: String) -> Bool {
        let k = key.lowercased()
        if multiValued.contains(k) { return false }
        if k.hasPrefix("aws:") { return true }
        if let colon = k.firstIndex(of: ":") {
            let name = k[k.index(after: colon)...]
            return name.hasPrefix("resourcetag/") || name.hasPrefix("requesttag/")
        }
        return false
    }
}
