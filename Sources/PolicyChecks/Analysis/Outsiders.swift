import PolicyCore

/// The outside callers the access checks ask the evaluator about.
///
/// An outsider is any caller whose account is not trusted and whose organization (if any) is not
/// trusted. Trusted means the owner's account and organization when known, and every account,
/// organization, unique id and VPC the policy names with a concrete value (no `*` or `?`): those
/// are reported as named parties (EXTERNAL_ACCESS), not as public access.
///
/// One unrelated outsider is always asked. Then, for each Allow statement that may apply to anyone,
/// ecrguard builds outsiders from the statement's own condition values: an account matching every
/// account pattern the statement tests (`aws:PrincipalAccount`, the account of `aws:PrincipalArn`,
/// `aws:SourceAccount`, ...) and not trusted, an organization likewise, a role name, a unique id and
/// a VPC, each found by `PatternSolver`, which answers exactly whether such a value exists. Deny
/// statements that may apply are escaped through one of their conditions at a time. The evaluator
/// then decides each outsider, so a condition that admits unknown accounts through a wildcard is
/// exposure, whatever its operator, set qualifier or `IfExists`.
enum Outsiders {
    static let organization = "o-ecrguard0outsider"
    /// Outsiders built from condition values, at most, per policy.
    static let cap = 12

    struct Trusted: Sendable {
        var accounts: Set<String> = []
        var organizations: Set<String> = []
        var userIDs: Set<String> = []
        var networks: Set<String> = []
    }

    /// The owner and everything the document names with a concrete value.
    static func trusted(_ document: PolicyDocument, owner: String, organization: String?) -> Trusted {
        var t = Trusted()
        t.accounts.insert(owner)
        if let organization { t.organizations.insert(organization) }
        for statement in document.statements {
            for entry in statement.principal?.entries ?? [] {
                if let account = PrincipalScope.account(of: entry.value) { t.accounts.insert(account) }
            }
            for clause in statement.condition?.clauses ?? [] {
                // The key's field read once per clause, not once per value (every key below is a `Field`).
                guard let field = Field.of(clause.key.value) else { continue }
                for located in clause.values {
                    let value = located.value.text
                    guard !value.containsASCII("${") else { continue }
                    switch field {
                    case .account, .sourceAccount:
                        if !ActionGlob.hasWildcard(value) { t.accounts.insert(value) }
                    case .principalARN, .sourceARN:
                        if let field = arnAccountField(value), !field.wildcardBefore, ARN.isAccountID(field.account) {
                            t.accounts.insert(String(field.account))
                        }
                    case .organization, .sourceOrganization:
                        if !ActionGlob.hasWildcard(value) { t.organizations.insert(value) }
                    case .organizationPaths, .sourceOrganizationPaths:
                        let org = String(value.split(separator: "/", maxSplits: 1).first ?? "")
                        if !ActionGlob.hasWildcard(org) { t.organizations.insert(org) }
                    case .userID:
                        let id = String(value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                        if !ActionGlob.hasWildcard(id) { t.userIDs.insert(id) }
                    case .vpc, .vpcEndpoint:
                        if !ActionGlob.hasWildcard(value) { t.networks.insert(value) }
                    }
                }
            }
        }
        return t
    }

    /// The account field of an ARN or ARN pattern (the fifth colon-separated part; the text after the
    /// fourth colon when there is no fifth), and whether a `*` (`star`) or any wildcard
    /// (`wildcardBefore`) comes before it: what `splitKeepingEmpty(at: ":", maxSplits: 5)` gives as
    /// `parts[4]` and `parts[0..<4]`, found without splitting. Nil with fewer than four colons.
    static func arnAccountField(_ text: String) -> (account: Substring, star: Bool, wildcardBefore: Bool)? {
        let found: (Int, Int, Bool, Bool)?? = text.utf8.withContiguousStorageIfAvailable { bytes in
            var colons = 0, start = 0, star = false, wildcard = false
            for i in bytes.indices {
                let b = bytes[i]
                // Non-ASCII text is split by characters (a colon may begin a longer character).
                if b >= 0x80 { return nil }
                if b == UInt8(ascii: ":") {
                    colons += 1
                    if colons == 4 { start = i + 1 } else if colons == 5 { return (start, i, star, wildcard) }
                } else if colons < 4 {
                    if b == UInt8(ascii: "*") { star = true; wildcard = true } else if b == UInt8(ascii: "?") { wildcard = true }
                }
            }
            return colons == 4 ? (start, bytes.count, star, wildcard) : (-1, -1, false, false)
        }
        if let scanned = found, let (start, end, star, wildcard) = scanned {
            guard start >= 0 else { return nil }
            let u = text.utf8
            return (Substring(u[u.index(u.startIndex, offsetBy: start)..<u.index(u.startIndex, offsetBy: end)]), star, wildcard)
        }
        let parts = text.splitKeepingEmpty(at: ":", maxSplits: 5)
        guard parts.count >= 5 else { return nil }
        return (parts[4], parts[0..<4].contains { $0.containsASCII("*") }, parts[0..<4].contains { ActionGlob.hasWildcard(String($0)) })
    }

    /// The unrelated outsider: an account and organization nobody names.
    static func unrelated(trusted: Trusted) -> ProbeContexts.Caller {
        let account = AccessProbe.unusedAccount(avoiding: trusted.accounts, from: firstUnrelatedAccount)
        return ProbeContexts.Caller(account: account, arn: unrelatedARN(account: account), organizations: [nil, organization])
    }

    /// The unrelated outsider's account unless the policy names it.
    static let firstUnrelatedAccount = "999999999990"

    static func unrelatedARN(account: String) -> String { "arn:aws:iam::\(account):role/ecrguard-outsider" }

    /// A named party whose callers are built instead of outsiders' (EXTERNAL_ACCESS): callers of
    /// that account, or member accounts of that organization.
    enum Party: Equatable { case account(String), organization(String) }

    /// The callers `synthesized` built, and the Allow statements whose combinations of condition
    /// values and Deny escapes were not all tried because a bound was reached: for those, no
    /// outsider found is not proof that none exists (the access rules fail closed on them).
    struct Synthesis {
        var callers: [ProbeContexts.Caller] = []
        var untried: Set<Int> = []
    }

    /// Outsiders built from the conditions of each Allow statement of `probe`'s policy that may
    /// apply to anyone, escaping its Deny statements as `probe.denyEscapes` says; with `party`,
    /// callers of that named account or organization instead.
    static func synthesized(_ probe: AccessProbe, trusted: Trusted, skipping covered: Set<Int> = [], party: Party? = nil) -> Synthesis {
        let denyEscapes = probe.denyEscapes
        let outlines = denyEscapes.outlines, denies = denyEscapes.denies
        var result = Synthesis()
        var seen = Set<String>()
        var attempts = 0
        func applies(_ outline: AccessProbe.PrincipalOutline) -> Bool {
            if outline.open { return true }
            if case .account(let id)? = party { return outline.accounts.contains(id) }
            return false
        }
        let eligible = probe.input.document.statements.filter { $0.effect.value == .allow && applies(outlines[$0.index]) && !covered.contains($0.index) }
        let escapeChoices = denyEscapes.escapes
        // A choice that no outsider can meet on its own cannot be met with others either (each
        // demand only narrows the caller), so it is dropped before combining: values the policy
        // names concretely (trusted) then cost no attempts. Whether one can is the same for every
        // statement and every way around the Denies here, so each group is filtered once: the
        // statement's own once per statement, each escape's once per call, when first needed.
        func feasible(_ group: [Demand]) -> [Demand] {
            group.filter { demand in
                var alone = Demands(party: party)
                alone.add(demand)
                return alone.solve(trusted: trusted) != nil
            }
        }
        var escapeGroups = [[[Demand]]?](repeating: nil, count: escapeChoices.ways.count)
        for (position, statement) in eligible.enumerated() {
            let clauses = (statement.condition?.clauses ?? []).filter { Field.of($0.key.value) != nil }
            // Without caller conditions, only a way around a Deny needs a particular caller.
            guard !clauses.isEmpty || !denies.isEmpty else { continue }
            var baseGroups: [[Demand]]?
            if escapeChoices.cut { result.untried.insert(statement.index) }
            for (way, escape) in escapeChoices.ways.enumerated() {
                let base = baseGroups ?? clauses.flatMap { Demand($0).choices }.map(feasible)
                baseGroups = base
                // A demand of the statement's own that no outsider meets fails every way around the
                // Denies alike: none is tried (nor its escape's demands solved).
                if base.contains(where: \.isEmpty) { break }
                let around = escapeGroups[way] ?? escape.flatMap(\.choices).map(feasible)
                escapeGroups[way] = around
                let groups = base + around
                if groups.contains(where: \.isEmpty) { continue }
                let choices = product(groups, limit: 16)
                if choices.cut { result.untried.insert(statement.index) }
                for choice in choices.ways {
                    attempts += 1
                    // A bound reached: this statement and the ones after it were not searched through.
                    if attempts > attemptCap || result.callers.count >= cap {
                        result.untried.formUnion(eligible[position...].map(\.index))
                        return result
                    }
                    var demands = Demands(party: party)
                    choice.forEach { demands.add($0) }
                    guard let caller = demands.solve(trusted: trusted) else { continue }
                    let key = [caller.account, caller.arn, caller.userID, "\(caller.organizations)", "\(caller.organizationPaths)",
                               caller.vpc ?? "", caller.vpcEndpoint ?? ""].joined(separator: " ")
                    if seen.insert(key).inserted { result.callers.append(caller) }
                }
            }
        }
        return result
    }

    /// What `synthesized` reads of a document for every party alike, built once per policy
    /// (`AccessProbe.denyEscapes`): each statement's principal outline, the Deny statements that may
    /// apply to anyone and test the caller, and the ways around them (`escapes`).
    struct DenyEscapes: Sendable {
        var outlines: [AccessProbe.PrincipalOutline]
        var denies: [Statement]
        var escapes: (ways: [[Demand]], cut: Bool)

        init(_ document: PolicyDocument, outlines: [AccessProbe.PrincipalOutline]) {
            self.outlines = outlines
            denies = document.statements.filter { s in
                s.effect.value == .deny && outlines[s.index].open && (s.condition?.clauses.contains { Field.of($0.key.value) != nil } ?? false)
            }
            escapes = Outsiders.escapes(denies)
        }
    }

    /// Widens `grant` by what the callers built from the policy's patterns get: outsiders, or with
    /// `party` that named account's or organization's callers; only for statements `grant` does not
    /// already reach. Returns the statements whose callers were not all tried (`Synthesis.untried`).
    static func widen(_ grant: inout AccessProbe.Grant, probe: AccessProbe, trusted: Trusted, party: Party? = nil) -> Set<Int> {
        let synthesis = synthesized(probe, trusted: trusted, skipping: Set(grant.statements.keys), party: party)
        for caller in synthesis.callers {
            guard let identity = AccessProbe.identity(caller.arn) else { continue }
            grant.merge(probe.grant(to: identity, as: caller), synthesized: party == nil)
        }
        return synthesis.untried
    }

    /// Combinations of solver attempts per policy, at most.
    static let attemptCap = 96

    /// The first `limit` ways to pick one element of each group, in order, and whether there were more.
    static func product<T>(_ groups: [[T]], limit: Int) -> (ways: [[T]], cut: Bool) {
        var result: [[T]] = [[]]
        var cut = false
        for group in groups {
            var next: [[T]] = []
            for partial in result {
                for element in group {
                    if next.count < limit { next.append(partial + [element]) } else { cut = true }
                }
            }
            result = next
        }
        return (result, cut)
    }

    /// Ways to get past the Deny statements: none of them (they may not cover the action), then
    /// each one through the negation of one of its caller conditions, then pairs, up to a bound.
    static func escapes(_ denies: [Statement]) -> (ways: [[Demand]], cut: Bool) {
        var result: [[Demand]] = [[]]
        var cut = false
        for deny in denies {
            let options = (deny.condition?.clauses ?? []).filter { Field.of($0.key.value) != nil }.map { Demand($0).negated }
            var next = result
            for partial in result {
                for option in options {
                    if next.count < 8 { next.append(partial + [option]) } else { cut = true }
                }
            }
            result = next
        }
        return (result, cut)
    }

    /// The part of a caller's identity a condition key reads.
    enum Field: Equatable {
        case account, principalARN, userID, organization, organizationPaths
        case sourceAccount, sourceARN, sourceOrganization, sourceOrganizationPaths, vpc, vpcEndpoint

        static func of(_ key: String) -> Field? {
            // `key.lowercased()` equals a name exactly when the key's bytes, ASCII letters folded,
            // are the name's (of the characters outside ASCII only the Kelvin sign lower-cases to
            // ASCII, to a `k`, which no name has): compared in place, without lower-casing a copy.
            for (name, field) in names where ActionGlob.equalFolded(key, name) { return field }
            return nil
        }

        private static let names: [(String, Field)] = [
            ("aws:principalaccount", .account), ("aws:principalarn", .principalARN), ("aws:userid", .userID),
            ("aws:principalorgid", .organization), ("aws:principalorgpaths", .organizationPaths),
            ("aws:sourceaccount", .sourceAccount), ("aws:sourceowner", .sourceAccount), ("aws:sourcearn", .sourceARN),
            ("aws:sourceorgid", .sourceOrganization), ("aws:sourceorgpaths", .sourceOrganizationPaths),
            ("aws:sourcevpc", .vpc), ("aws:sourcevpce", .vpcEndpoint),
        ]

        /// `of` as a switch over the lower-cased key (the definition `of` is tested against).
        static func lowercasing(_ key: String) -> Field? {
            switch key.lowercased() {
            case "aws:principalaccount": .account
            case "aws:principalarn": .principalARN
            case "aws:userid": .userID
            case "aws:principalorgid": .organization
            case "aws:principalorgpaths": .organizationPaths
            case "aws:sourceaccount", "aws:sourceowner": .sourceAccount
            case "aws:sourcearn": .sourceARN
            case "aws:sourceorgid": .sourceOrganization
            case "aws:sourceorgpaths": .sourceOrganizationPaths
            case "aws:sourcevpc": .vpc
            case "aws:sourcevpce": .vpcEndpoint
            default: nil
            }
        }
    }

    /// What one condition clause asks of a caller: whether a request without its key passes, whether
    /// one with the key can, and then what its value must (or must not) match. Every set qualifier
    /// reduces to this for a caller presenting one value (an account has one organization path).
    struct Demand {
        var field: Field
        var absentPasses: Bool
        var presentPasses: Bool
        /// The values' patterns (nil: the clause's values are not text the solver reads, such as policy variables).
        var patterns: [String]?
        var wildcards: Bool
        var arnSegments: Bool
        var caseInsensitive: Bool
        var mustMatch: Bool
        /// For a negative ARN demand: the part of the ARN that fails the pattern.
        var arnPart: ArnPart?

        enum ArnPart { case account, name }

        init(_ clause: ConditionClause) {
            field = Field.of(clause.key.value)!
            let op = clause.op.value
            let values = clause.values.map(\.value.text)
            caseInsensitive = op.base == .stringEqualsIgnoreCase || op.base == .stringNotEqualsIgnoreCase
            arnSegments = op.base.family == .arn
            wildcards = op.base.allowsWildcards
            mustMatch = !op.isNegated
            if op.base == .null {
                absentPasses = values.contains { $0.lowercased() == "true" }
                presentPasses = values.contains { $0.lowercased() == "false" }
                patterns = nil
                return
            }
            switch op.setQualifier {
            case nil: absentPasses = op.ifExists || op.isNegated
            case .forAnyValue?: absentPasses = op.ifExists
            case .forAllValues?: absentPasses = true
            }
            presentPasses = true
            let text = op.base.family == .string || op.base.family == .arn
            patterns = text && !values.contains { $0.containsASCII("${") } ? values : nil
        }

        /// The demand as groups that must all hold, each a list of alternatives. Values of a positive
        /// clause are alternatives (an outsider meets one of them), solved one at a time so the parts
        /// of one ARN pattern stay together. An ARN must fail every value of a negative clause, each
        /// through its account or through its name.
        var choices: [[Demand]] {
            guard let patterns, patterns.count > 0 else { return [[self]] }
            if mustMatch { return [patterns.map { var d = self; d.patterns = [$0]; return d }] }
            guard field == .principalARN || field == .sourceARN else { return [[self]] }
            return patterns.map { value in
                [ArnPart.name, .account].map { part in var d = self; d.patterns = [value]; d.arnPart = part; return d }
            }
        }

        /// The clause failing: the opposite presence, or a value on the other side of the patterns.
        var negated: Demand {
            var d = self
            d.absentPasses = !absentPasses
            if !presentPasses { d.presentPasses = true; d.patterns = nil } else { d.mustMatch.toggle() }
            return d
        }

        func compiled(_ values: [String]) -> [PatternSolver.Pattern] {
            values.map { PatternSolver.Pattern($0, wildcards: wildcards, arnSegments: arnSegments, caseInsensitive: caseInsensitive) }
        }
    }

    /// The requirements of one statement (and the Deny conditions it escapes) on one outsider.
    struct Demands {
        var byField: [(field: Field, demand: Demand)] = []
        var party: Party?

        mutating func add(_ demand: Demand) { byField.append((demand.field, demand)) }

        /// Whether the group of keys can be absent (every clause passes without them), and otherwise whether present can pass.
        private func presence(_ fields: [Field]) -> Bool? {
            let ds = byField.filter { fields.contains($0.field) }.map(\.demand)
            if ds.allSatisfy(\.absentPasses) { return false }
            return ds.allSatisfy(\.presentPasses) ? true : nil
        }

        private func requirements(_ fields: [Field], project: (String, Demand) -> String?) -> [PatternSolver.Requirement] {
            byField.filter { fields.contains($0.field) }.compactMap { _, d in
                guard let values = d.patterns else { return nil }
                let projected = values.map { project($0, d) }
                // A value that says nothing about this part leaves a positive requirement met by anything.
                if d.mustMatch && projected.contains(nil) { return nil }
                let kept = projected.compactMap { $0 }
                guard !kept.isEmpty else { return nil }
                return PatternSolver.Requirement(patterns: d.compiled(kept), mustMatch: d.mustMatch)
            }
        }

        static func organizationParty(_ party: Party?) -> String? {
            if case .organization(let id)? = party { id } else { nil }
        }

        static func excluding(_ values: Set<String>) -> [PatternSolver.Requirement] {
            values.isEmpty ? [] : [PatternSolver.Requirement(patterns: values.sorted().map { PatternSolver.Pattern($0, wildcards: false) }, mustMatch: false)]
        }

        /// An outsider meeting every demand, or nil when none exists (or none this search can build).
        func solve(trusted: Trusted) -> ProbeContexts.Caller? {
            guard let source = presence([.sourceAccount, .sourceARN]),
                  let inOrganization = Self.organizationParty(party) == nil
                      ? presence([.organization, .organizationPaths, .sourceOrganization, .sourceOrganizationPaths])
                      : byField.filter({ [.organization, .organizationPaths, .sourceOrganization, .sourceOrganizationPaths].contains($0.field) }).allSatisfy(\.demand.presentPasses),
                  let inVPC = presence([.vpc]), let viaEndpoint = presence([.vpcEndpoint]) else { return nil }
            var organization: String?
            if inOrganization {
                guard let org = solveOrganization(trusted) else { return nil }
                organization = org
            }
            guard let account = solveAccount(source: source, trusted: trusted), let resource = solveName() else { return nil }
            var caller = ProbeContexts.Caller(account: account, arn: "arn:aws:iam::\(account):\(resource)", organizations: [organization])
            if !requirements([.userID], project: { v, _ in v }).isEmpty {
                guard let id = solveUserID(trusted) else { return nil }
                caller.userID = id
            }
            if let organization {
                // A path in that organization meeting the path conditions (the account's own and its source's are the same here).
                var shape = PatternSolver.Shape.organizationPath
                shape.prefix = organization + "/"
                let r = requirements([.organizationPaths, .sourceOrganizationPaths]) { v, _ in v }
                if !r.isEmpty, let path = PatternSolver.solve(shape, r, preferred: UInt8(ascii: "x")) { caller.organizationPaths = [path] }
            }
            if inVPC {
                guard let vpc = PatternSolver.solve(.vpc, requirements([.vpc]) { v, _ in v } + Self.excluding(trusted.networks), preferred: UInt8(ascii: "e")) else { return nil }
                caller.vpc = vpc
            }
            if viaEndpoint {
                guard let endpoint = PatternSolver.solve(.vpcEndpoint, requirements([.vpcEndpoint]) { v, _ in v } + Self.excluding(trusted.networks), preferred: UInt8(ascii: "e")) else { return nil }
                caller.vpcEndpoint = endpoint
            }
            caller.synthesized = true
            return caller
        }

        /// An untrusted organization id meeting the organization and organization-path demands.
        private func solveOrganization(_ trusted: Trusted) -> String? {
            var r = requirements([.organization, .sourceOrganization]) { v, _ in v }
            r += requirements([.organizationPaths, .sourceOrganizationPaths]) { v, d in
                let parts = v.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                let rest = parts.count > 1 ? String(parts[1]) : ""
                // A path that fails through its organization alone: `ORG/*` or `ORG*`.
                if !d.mustMatch && !(rest == "*" || rest.isEmpty && v.hasSuffix("*")) { return nil }
                return String(parts[0])
            }
            if let pinned = Self.organizationParty(party) {
                r.append(PatternSolver.Requirement(patterns: [PatternSolver.Pattern(pinned, wildcards: false)], mustMatch: true))
            }
            return PatternSolver.solve(.organization, r + Self.excluding(trusted.organizations), preferred: UInt8(ascii: "z"))
        }

        /// An untrusted account: the caller's, the account part of its ARN, and the source account when present.
        private func solveAccount(source: Bool, trusted: Trusted) -> String? {
            var r = requirements(source ? [.account, .sourceAccount] : [.account]) { v, _ in v }
            r += requirements(source ? [.principalARN, .sourceARN] : [.principalARN]) { v, d in
                // A negative ARN requirement is met through the part `choices` picked.
                d.mustMatch || d.arnPart == .account ? Self.arnAccount(v) : nil
            }
            if case .account(let pinned)? = party {
                r.append(PatternSolver.Requirement(patterns: [PatternSolver.Pattern(pinned, wildcards: false)], mustMatch: true))
            }
            return PatternSolver.solve(.account, r + Self.excluding(trusted.accounts), preferred: UInt8(ascii: "9"))
        }

        /// The resource of the caller's ARN: a role, else a user, else the account root.
        private func solveName() -> String? {
            // A name does not end with the path separator.
            let r = requirements([.principalARN]) { v, d in d.mustMatch || d.arnPart != .account ? Self.arnResource(v) : nil }
                + [PatternSolver.Requirement(patterns: [PatternSolver.Pattern("*/", wildcards: true)], mustMatch: false)]
            for prefix in ["role/", "user/"] {
                var shape = PatternSolver.Shape.principalName
                shape.prefix = prefix
                if let name = PatternSolver.solve(shape, r, preferred: UInt8(ascii: "x")) { return name }
            }
            return r.allSatisfy { $0.patterns.contains { $0.matches("root") } == $0.mustMatch } ? "root" : nil
        }

        /// A unique id (`aws:userid`) meeting the demands; a named id is trusted with any session name.
        private func solveUserID(_ trusted: Trusted) -> String? {
            let excluded = trusted.userIDs.sorted().flatMap { id in
                [PatternSolver.Pattern(id, wildcards: false), PatternSolver.Pattern(id + ":", wildcards: false).followedByAnything]
            }
            let r = requirements([.userID]) { v, _ in v } + (excluded.isEmpty ? [] : [PatternSolver.Requirement(patterns: excluded, mustMatch: false)])
            return PatternSolver.solve(.userID, r, preferred: UInt8(ascii: "X"))
        }

        /// The account component of an ARN pattern, or nil when a wildcard before it may swallow it.
        static func arnAccount(_ pattern: String) -> String? {
            guard let field = Outsiders.arnAccountField(pattern), !field.star else { return nil }
            return String(field.account)
        }

        /// The resource component of an ARN pattern (`role/ci`): after the sixth colon, or after the
        /// last colon when a `*` before it lets that colon stand for the ARN's last; nil when the
        /// pattern says nothing about the resource (`arn:aws:iam::1*`).
        static func arnResource(_ pattern: String) -> String? {
            guard let lastColon = pattern.lastIndex(of: ":") else { return pattern.hasPrefix("*") ? pattern : nil }
            let parts = pattern.splitKeepingEmpty(at: ":", maxSplits: 5)
            let flexible = pattern[..<lastColon].containsASCII("*")
            if parts.count == 6 && !flexible { return String(parts[5]) }
            return flexible ? String(pattern[pattern.index(after: lastColon)...]) : nil
        }
    }
}
