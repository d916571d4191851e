import PolicyChecks
import PolicyCore
import TestSupport
import XCTest

/// PUBLIC_ACCESS against brute force: generated repository policies whose conditions test the
/// caller's account, organization, ARN, unique id and source account with exact values, prefixes,
/// `?` patterns and wildcard accounts, under every string and ARN operator, negated or not, with
/// and without `IfExists` and set qualifiers. For each policy, many outsider callers (random ones
/// and ones derived from the policy's own patterns) ask the real `Evaluator`; when any is allowed,
/// the policy is exposed and the checker must say PUBLIC_ACCESS. Callers of the accounts the policy
/// names concretely are sampled too: when one is allowed, the checker must say EXTERNAL_ACCESS (or
/// PUBLIC_ACCESS).
///
/// An outsider is a caller whose account is neither the owner's nor one the policy names with a
/// concrete value (as principal or in an account, ARN or source-account condition), whose
/// organization, if any, is neither the owner's nor one the policy names concretely, and whose
/// unique id is not one the policy names concretely (README, `check`).
final class OutsiderCorpusTests: XCTestCase {
    static let owner = "111122223333"
    static let ownerOrganization = "o-a1b2c3d4e5"
    static let named = "444455556666"
    static let repository = "arn:aws:ecr:us-east-1:111122223333:repository/employee-api"

    func testNoOutsiderOrNamedAccountTheEvaluatorAllowsIsMissed() {
        var random = SplitMix64(seed: 0xEC26_0010)
        let policies = 1500, samples = 80
        var exposed = 0, falseNegatives: [String] = [], falsePositives: [String] = []
        let allowAll = CompiledPolicy(PolicyParser.parse(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#,
                                                         kind: .identity, file: "identity.json").document!, name: "identity", kind: .identity)
        let context = CheckContext(accountID: Self.owner, organizationID: Self.ownerOrganization, repositoryName: "employee-api")
        for _ in 0..<policies {
            let policy = GeneratedPolicy(&random)
            let parsed = PolicyParser.parse(policy.text, kind: .repository, file: "generated.json")
            guard let document = parsed.document else { XCTFail("generated policy does not parse:\n\(policy.text)"); return }
            let set = PolicySet(identity: [allowAll], resource: CompiledPolicy(document, name: "generated.json", kind: .repository))
            var allowed: Outsider?
            for outsider in policy.outsiders(&random, count: samples) {
                let request = AccessRequest(principal: outsider.identity, action: "ecr:BatchGetImage", resource: Self.repository,
                                            resourceAccount: Self.owner, context: outsider.context)
                if Evaluator().evaluate(request, set).isAllowed { allowed = outsider; break }
            }
            let findings = PolicyChecker().check(policy.text, kind: .repository, file: "generated.json", context: context)
            XCTAssertFalse(findings.contains { $0.category == .error }, policy.text + findings.map(\.message).joined(separator: "\n"))
            let reported = findings.contains { $0.code == "PUBLIC_ACCESS" }
            if allowed != nil { exposed += 1 }
            if let allowed, !reported { falseNegatives.append("MISSED \(policy.text)\n  allowed: \(allowed)") }
            if allowed == nil, reported { falsePositives.append(policy.text) }
            // A caller of an account the policy names concretely is external access (or public).
            for account in policy.trustedAccounts.subtracting([Self.owner]).sorted() {
                let named = policy.outsiders(&random, count: samples / 4, account: account).first { outsider in
                    Evaluator().evaluate(AccessRequest(principal: outsider.identity, action: "ecr:BatchGetImage", resource: Self.repository,
                                                       resourceAccount: Self.owner, context: outsider.context), set).isAllowed
                }
                if let named, !findings.contains(where: { $0.code == "PUBLIC_ACCESS" || $0.code == "EXTERNAL_ACCESS" }) {
                    falseNegatives.append("MISSED EXTERNAL \(policy.text)\n  allowed: \(named)")
                }
            }
        }
        print("OutsiderCorpusTests: \(policies) policies, \(exposed) exposed by brute force, \(falseNegatives.count) false negatives, \(falsePositives.count) reported public with no sampled outsider allowed")
        for p in falsePositives.prefix(5) { print("  reported public, no sample allowed:\n" + p) }
        XCTAssertGreaterThan(exposed, policies / 5, "the corpus exposes too few policies to say much")
        XCTAssertEqual(falseNegatives.count, 0, "missed exposures:\n" + falseNegatives.prefix(5).joined(separator: "\n\n"))
    }

    /// One outside caller: who it is and the request context it presents.
    struct Outsider: CustomStringConvertible {
        var identity: PrincipalIdentity
        var context: RequestContext
        var description: String { "\(identity.arn) \(context.keys.map { "\($0)=\(context[$0]!)" }.joined(separator: " "))" }
    }

    /// A repository policy with caller conditions, and the values it names.
    struct GeneratedPolicy {
        var text = ""
        /// Per field (`account`, `organization`, `name`, `userid`, `path`), every pattern the policy lists.
        var patterns: [String: [String]] = [:]
        var trustedAccounts: Set<String> = [OutsiderCorpusTests.owner]
        var trustedOrganizations: Set<String> = [OutsiderCorpusTests.ownerOrganization]
        var trustedIDs: Set<String> = []

        init(_ random: inout SplitMix64) {
            var statements: [String] = []
            let allows = Int.random(in: 1...2, using: &random)
            for _ in 0..<allows {
                let principal = Bool.random(using: &random) ? #""*""# : #"{"AWS": "*"}"#
                statements.append(#"{"Effect": "Allow", "Principal": \#(principal), "Action": "ecr:BatchGetImage", "Condition": \#(condition(&random))}"#)
            }
            if Int.random(in: 0..<4, using: &random) == 0 {
                statements.append(#"{"Effect": "Allow", "Principal": {"AWS": "\#(OutsiderCorpusTests.named)"}, "Action": "ecr:BatchGetImage"}"#)
                trustedAccounts.insert(OutsiderCorpusTests.named)
            }
            if Int.random(in: 0..<4, using: &random) == 0 {
                statements.append(#"{"Effect": "Deny", "Principal": "*", "Action": "ecr:*", "Condition": \#(condition(&random, clauses: 1))}"#)
            }
            text = #"{"Version": "2012-10-17", "Statement": ["# + statements.joined(separator: ", ") + "]}"
        }

        static let keys: [(key: String, field: String)] = [
            ("aws:PrincipalAccount", "account"), ("aws:SourceAccount", "account"), ("aws:SourceOwner", "account"),
            ("aws:PrincipalArn", "arn"), ("aws:PrincipalOrgID", "organization"), ("aws:PrincipalOrgPaths", "path"), ("aws:userid", "userid"),
        ]

        mutating func condition(_ random: inout SplitMix64, clauses: Int? = nil) -> String {
            var byOperator: [(String, [String])] = []
            for _ in 0..<(clauses ?? Int.random(in: 1...2, using: &random)) {
                let (key, field) = Self.keys.randomElement(using: &random)!
                var bases = ["StringEquals", "StringLike", "StringNotEquals", "StringNotLike"]
                if field == "arn" { bases += ["ArnLike", "ArnEquals", "ArnNotLike"] }
                if field == "organization" { bases += ["StringEqualsIgnoreCase"] }
                var op = bases.randomElement(using: &random)!
                if Int.random(in: 0..<4, using: &random) == 0 { op += "IfExists" }
                let qualifier = ["", "", "ForAnyValue:", "ForAllValues:"].randomElement(using: &random)!
                if field == "path" && qualifier.isEmpty { op = "ForAnyValue:" + op } else { op = qualifier + op }
                let i = byOperator.firstIndex { $0.0 == op }
                if let i, byOperator[i].1.contains(where: { $0.hasPrefix("\"\(key)\"") }) { continue }
                let values = (0..<Int.random(in: 1...2, using: &random)).map { _ in pattern(field, &random) }
                let member = "\"\(key)\": " + (values.count == 1 ? "\"\(values[0])\"" : "[" + values.map { "\"\($0)\"" }.joined(separator: ", ") + "]")
                if let i { byOperator[i].1.append(member) } else { byOperator.append((op, [member])) }
            }
            return "{" + byOperator.map { "\"\($0.0)\": {" + $0.1.joined(separator: ", ") + "}" }.joined(separator: ", ") + "}"
        }

        static func digits(_ n: Int, _ random: inout SplitMix64) -> String {
            String((0..<n).map { _ in "0123456789".randomElement(using: &random)! })
        }

        /// A pattern for a field, recording what it names.
        mutating func pattern(_ field: String, _ random: inout SplitMix64) -> String {
            switch field {
            case "account":
                let p = accountPattern(&random)
                patterns["account", default: []].append(p)
                if !p.contains("*") && !p.contains("?") { trustedAccounts.insert(p) }
                return p
            case "organization":
                let p = organizationPattern(&random)
                patterns["organization", default: []].append(p)
                if !p.contains("*") && !p.contains("?") { trustedOrganizations.insert(p) }
                return p
            case "path":
                let org = organizationPattern(&random)
                let p = [org + "/*", org + "/r-ab12/*", "*/ou-ab12-*", org + "/r-ab12/ou-ab12-11111111/"].randomElement(using: &random)!
                patterns["path", default: []].append(p)
                if !org.contains("*") && !org.contains("?") { trustedOrganizations.insert(org) }
                return p
            case "arn":
                let account = Int.random(in: 0..<3, using: &random) == 0 ? "*" : accountPattern(&random)
                let name = ["admin", "*", "adm*", "ci-?", "team/*"].randomElement(using: &random)!
                let p = Int.random(in: 0..<6, using: &random) == 0 ? ["*:role/\(name)", "arn:aws:iam::*:*"].randomElement(using: &random)!
                    : "arn:aws:iam::\(account):role/\(name)"
                patterns["arn", default: []].append(p)
                if p.hasPrefix("arn:aws:iam::"), !account.contains("*"), !account.contains("?") { trustedAccounts.insert(account) }
                return p
            default:
                let p = ["AIDA*", "AROA*:*", "AIDAEXAMPLEID1234", "AROAEXAMPLEROLE:*", "*", "AROA????????:ci-*"].randomElement(using: &random)!
                patterns["userid", default: []].append(p)
                let id = String(p.split(separator: ":").first ?? "")
                if !id.contains("*") && !id.contains("?") { trustedIDs.insert(id) }
                return p
            }
        }

        func accountPattern(_ random: inout SplitMix64) -> String {
            switch Int.random(in: 0..<9, using: &random) {
            case 0: return OutsiderCorpusTests.owner
            case 1: return Self.digits(12, &random)
            case 2: return Self.digits(Int.random(in: 1...3, using: &random), &random) + "*"
            case 3: return "*" + Self.digits(Int.random(in: 1...2, using: &random), &random)
            case 4: return "1111222233??"
            case 5: return "*"
            case 6: return Self.digits(1, &random) + "*" + Self.digits(1, &random)
            case 7: return String(OutsiderCorpusTests.owner.enumerated().map { i, c in i % 4 == 0 ? "?" : c })
            default: return OutsiderCorpusTests.named
            }
        }

        func organizationPattern(_ random: inout SplitMix64) -> String {
            ["o-a1b2c3d4e5", "o-a*", "o-a1b2c3d4e?", "o-*", "o-zz9988776655", "o-a1b2c3d4e5*", "*"].randomElement(using: &random)!
        }

        /// A value a pattern matches: each `?` one random character, the `*`s together `length` minus the rest.
        static func fill(_ pattern: String, alphabet: String, length: Int?, _ random: inout SplitMix64) -> String? {
            let stars = pattern.filter { $0 == "*" }.count
            let fixed = pattern.count - stars
            var budget = length.map { $0 - fixed } ?? (stars == 0 ? 0 : Int.random(in: 0...6, using: &random))
            if budget < 0 || (stars == 0 && budget != 0) { return nil }
            var out = ""
            var remaining = stars
            for c in pattern {
                switch c {
                case "?": out.append(alphabet.randomElement(using: &random)!)
                case "*":
                    remaining -= 1
                    let n = remaining == 0 ? budget : Int.random(in: 0...budget, using: &random)
                    budget -= n
                    out += String((0..<n).map { _ in alphabet.randomElement(using: &random)! })
                default: out.append(c)
                }
            }
            return out
        }

        /// Outsider callers: random ones, and ones derived from the policy's patterns, fields mixed at random.
        /// - Parameter named: a trusted account all callers belong to (default: untrusted accounts).
        func outsiders(_ random: inout SplitMix64, count: Int, account named: String? = nil) -> [Outsider] {
            var accounts: [String] = [], organizations: [String?] = [nil], names: [String] = ["role/ecrguard-random", "user/ecrguard-random"], ids: [String] = []
            for p in patterns["account", default: []] {
                for _ in 0..<3 { if let a = Self.fill(p, alphabet: "0123456789", length: 12, &random), a.allSatisfy(\.isNumber) { accounts.append(a) } }
            }
            for p in patterns["arn", default: []] {
                let parts = p.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
                if parts.count == 6 {
                    for _ in 0..<3 { if let a = Self.fill(parts[4], alphabet: "0123456789", length: 12, &random) { accounts.append(a) } }
                }
                if let last = parts.last, let name = Self.fill(last, alphabet: "abcdmin-1", length: nil, &random), name.hasPrefix("role/"), name.count > 5 { names.append(name) }
            }
            for p in patterns["organization", default: []] + patterns["path", default: []].map({ String($0.split(separator: "/").first!) }) {
                let length = p.contains("*") ? Int.random(in: 12...14, using: &random) : p.count
                for _ in 0..<3 { if let o = Self.fill(p, alphabet: "abcdefz0123456789", length: length, &random), o.hasPrefix("o-") { organizations.append(o) } }
            }
            for p in patterns["userid", default: []] {
                for _ in 0..<3 { if let id = Self.fill(p, alphabet: "ABCDEFXYZ0123456789", length: nil, &random) { ids.append(id) } }
            }
            var result: [Outsider] = []
            var attempts = 0
            while result.count < count && attempts < count * 4 {
                attempts += 1
                let account = named ?? (Bool.random(using: &random) && !accounts.isEmpty ? accounts.randomElement(using: &random)! : Self.digits(12, &random))
                guard account.count == 12, account.allSatisfy(\.isNumber), named != nil || !trustedAccounts.contains(account) else { continue }
                let organization = Bool.random(using: &random) ? organizations.randomElement(using: &random)! : "o-" + String((0..<10).map { _ in "abcxyz0189".randomElement(using: &random)! })
                if let organization, trustedOrganizations.contains(organization) { continue }
                let name = names.randomElement(using: &random)!
                let generic = name.hasPrefix("user/") ? "AIDA" + Self.digits(8, &random) : "AROA" + Self.digits(8, &random) + ":s"
                let id = Bool.random(using: &random) && !ids.isEmpty ? ids.randomElement(using: &random)! : generic
                if trustedIDs.contains(String(id.split(separator: ":").first ?? "")) { continue }
                guard let identity = PrincipalIdentity("arn:aws:iam::\(account):\(name)") else { continue }
                var context = RequestContext()
                context["aws:userid"] = .single(id)
                if let organization {
                    context["aws:PrincipalOrgID"] = .single(organization)
                    context["aws:PrincipalOrgPaths"] = .multiple([organization + (Bool.random(using: &random) ? "/r-ab12/ou-ab12-11111111/" : "/r-zz99/")])
                }
                if Bool.random(using: &random) {
                    // An AWS service acting for one of the outsider's resources.
                    context["aws:SourceAccount"] = .single(account)
                    context["aws:SourceOwner"] = .single(account)
                }
                result.append(Outsider(identity: identity, context: context))
            }
            return result
        }
    }
}
