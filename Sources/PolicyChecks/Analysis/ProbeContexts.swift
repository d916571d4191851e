import PolicyCore

/// The request contexts a caller could present, for the condition keys the policy tests.
///
/// Keys that identify the caller take the caller's true value (or are absent where a caller may
/// lack them: no organization, no VPC); `Outsiders` chooses callers whose values match the policy's
/// patterns. Keys only AWS service principals carry (`aws:PrincipalIsAWSService` true,
/// `aws:PrincipalServiceName`) take the value an IAM principal has. Keys the caller or the resource owner controls take every
/// value the policy lists, a value it does not list, extreme numbers and dates, or are absent. The
/// evaluator then decides each combination, so a condition restricts exactly when no combination
/// gets through. The product is capped; keys are taken in a fixed order so results are stable.
struct ProbeContexts {
    /// Who the caller is.
    struct Caller {
        var account: String
        var arn: String
        /// Organization ids the caller may belong to (nil: not in an organization).
        var organizations: [String?]
        /// `aws:userid`.
        var userID = "AROAECRGUARDOUTSIDER:session"
        /// Organization paths to present besides the generic one (each begins with its organization id).
        var organizationPaths: [String] = []
        var vpc: String?
        var vpcEndpoint: String?
        /// Built from the policy's condition values (`Outsiders.synthesized`) rather than unrelated to them.
        var synthesized = false

        /// The paths presented for one organization: those given, then a generic one.
        func paths(in organization: String) -> [String] {
            ActionList.unique(organizationPaths.filter { $0.hasPrefix(organization + "/") } + ["\(organization)/r-ab12/ou-ab12-ecrguard/"])
        }
    }

    static let cap = 64

    /// The condition keys some statements test, each with the clauses testing it, in the fixed
    /// order contexts take them (sorted by lower-cased key): read once per group of statements,
    /// then asked for each caller's contexts.
    struct Keys {
        var keys: [(lowercased: String, spelling: String, clauses: [ConditionClause])] = []

        init(_ statements: [Statement]) {
            // A statement tests a handful of keys: a list searched in order is cheaper than hashing.
            for statement in statements {
                for clause in statement.condition?.clauses ?? [] {
                    let k = clause.key.value.lowercased()
                    if let i = keys.firstIndex(where: { $0.lowercased == k }) {
                        keys[i].clauses.append(clause)
                    } else {
                        keys.append((k, clause.key.value, [clause]))
                    }
                }
            }
            // The lower-cased keys are distinct: sorting them orders the entries alone.
            keys.sort { $0.lowercased < $1.lowercased }
        }
    }

    /// Contexts for the keys that some statements test (`Keys` of them: keys no applicable
    /// statement tests cannot change a decision).
    static func contexts(for caller: Caller, keys: Keys) -> [RequestContext] {
        let choices = keys.keys.map { ($0.spelling, candidates(key: $0.lowercased, clauses: $0.clauses, caller: caller)) }
        var result: [RequestContext] = [RequestContext()]
        for (key, values) in choices {
            var next: [RequestContext] = []
            outer: for context in result {
                for value in values {
                    var c = context
                    // Each key is set once per context: an absent value leaves the context as it is.
                    if let value { c[key] = value }
                    next.append(c)
                    if next.count >= cap { break outer }
                }
            }
            result = next
        }
        // The empty context (no key at all) first: "granted with no condition" when it is enough.
        if let i = result.firstIndex(where: { $0.isEmpty }), i != 0 { result.swapAt(0, i) }
        return result
    }

    private static let absent: ContextValue? = nil

    static func candidates(key: String, clauses: [ConditionClause], caller: Caller) -> [ContextValue?] {
        let listed = clauses.flatMap { $0.values.map(\.value.text) }
        switch key {
        case "aws:principalaccount":
            return [.single(caller.account)]
        case "aws:principalarn":
            return [.single(caller.arn)] + listed.compactMap { arnInCallersAccount($0, caller.account) }.map { .single($0) }
        case "aws:principalorgid":
            return caller.organizations.map { $0.map { .single($0) } }
        case "aws:principalorgpaths":
            return caller.organizations.flatMap { org in org.map { caller.paths(in: $0).map { .multiple([$0]) } } ?? [absent] }
        case "aws:sourceaccount", "aws:sourceowner":
            return [absent, .single(caller.account)]
        case "aws:sourcearn":
            return [absent] + listed.compactMap { arnInCallersAccount($0, caller.account) }.map { .single($0) }
        case "aws:sourceorgid":
            return [absent] + caller.organizations.compactMap { $0.map { .single($0) } }
        case "aws:sourceorgpaths":
            return [absent] + caller.organizations.compactMap { $0 }.flatMap { caller.paths(in: $0).map { .multiple([$0]) } }
        case "aws:sourcevpc":
            return [absent, .single(caller.vpc ?? "vpc-0ecrguard0outside")]
        case "aws:sourcevpce":
            return [absent, .single(caller.vpcEndpoint ?? "vpce-0ecrguard0outside")]
        case "aws:sourceip":
            // Only a range that is essentially the whole address space contains these.
            return [.single("0.0.0.1"), .single("255.255.255.254"), .single("::2"), absent]
        case "aws:userid":
            return [.single(caller.userID)]
        case "aws:principalisawsservice":
            // Only AWS service principals carry true; the callers asked about here are IAM principals.
            return [.single("false")]
        case "aws:principalservicename", "aws:principalservicenameslist":
            return [absent]
        default:
            return controlledCandidates(clauses: clauses, listed: listed)
        }
    }

    /// Keys the caller or owner sets: every listed value, an unlisted one, extremes, or absent.
    private static func controlledCandidates(clauses: [ConditionClause], listed: [String]) -> [ContextValue?] {
        var values: [String] = []
        func add(_ v: String) { if !values.contains(v) { values.append(v) } }
        for v in listed { add(fillWildcards(v)) }
        let families = Set(clauses.map(\.op.value.base.family))
        if families.contains(.bool) || families.contains(.null) { add("true"); add("false") }
        let onlyBoolean = families.isSubset(of: [.bool, .null])
        if families.contains(.numeric) { add("-1"); add("9999999999") }
        if families.contains(.date) { add("1970-01-02T00:00:00Z"); add("2999-12-31T00:00:00Z") }
        if families.contains(.ipAddress) { add("0.0.0.1"); add("255.255.255.254") }
        if !onlyBoolean { add("ecrguard-unlisted") }
        let multi = clauses.contains { $0.op.value.setQualifier != nil }
        return [absent] + values.map { multi ? .multiple([$0]) : .single($0) }
    }

    /// The text with each `*` and `?` replaced by `x`: a value the pattern matches.
    static func fillWildcards(_ text: String) -> String {
        guard ActionGlob.hasWildcard(text) else { return text }
        return String(decoding: text.utf8.map { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") ? UInt8(ascii: "x") : $0 }, as: UTF8.self)
    }

    /// A listed ARN pattern whose account is a wildcard, made concrete in the caller's account.
    private static func arnInCallersAccount(_ pattern: String, _ account: String) -> String? {
        var parts = pattern.splitKeepingEmpty(at: ":", maxSplits: 5).map(String.init)
        guard parts.count == 6, ActionGlob.hasWildcard(parts[4]) || parts[4] == account else { return nil }
        parts[4] = account
        for i in [1, 2, 3, 5] { parts[i] = fillWildcards(parts[i]) }
        if parts[1] == "x" { parts[1] = "aws" }
        return parts.joined(separator: ":")
    }
}
