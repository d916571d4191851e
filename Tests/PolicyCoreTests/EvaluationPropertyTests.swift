import TestSupport
import XCTest
@testable import PolicyCore

/// Seeded random policies and requests; the invariants of the evaluation logic must hold for all.
final class EvaluationPropertyTests: XCTestCase {

    static let actions = ["ecr:BatchGetImage", "ecr:PutImage", "ecr:GetAuthorizationToken", "ecr:DeleteRepository", "ecr:SetRepositoryPolicy"]
    static let actionPatterns = ["ecr:*", "ecr:BatchGetImage", "ecr:Put*", "ecr:*Repository*", "*", "ecr:Get?uthorizationToken", "s3:*"]
    static let resources = ["arn:aws:ecr:us-east-1:111122223333:repository/app", "arn:aws:ecr:us-east-1:111122223333:repository/team/web",
                            "arn:aws:ecr:us-east-1:444455556666:repository/shared"]
    static let resourcePatterns = ["*", "arn:aws:ecr:*:111122223333:repository/*", "arn:aws:ecr:us-east-1:*:repository/team/*",
                                   "arn:aws:ecr:us-east-1:444455556666:repository/shared"]
    static let principals = ["arn:aws:sts::111122223333:assumed-role/ci/b1", "arn:aws:iam::111122223333:user/alice",
                             "arn:aws:sts::444455556666:assumed-role/deploy/d1", "arn:aws:iam::444455556666:root", "anonymous"]
    static let principalEntries = [#""*""#, #"{"AWS":"111122223333"}"#, #"{"AWS":"arn:aws:iam::444455556666:root"}"#,
                                   #"{"AWS":"arn:aws:iam::111122223333:role/ci"}"#, #"{"AWS":"arn:aws:iam::111122223333:user/alice"}"#,
                                   #"{"AWS":"arn:aws:sts::444455556666:assumed-role/deploy/d1"}"#]
    static let conditions = ["", #","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}"#,
                             #","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"web"}}"#,
                             #","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#,
                             #","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalTag/groups":["adm*"]}}"#]
    static let contexts: [[String: ContextValue]] = [[:], ["aws:PrincipalOrgID": .single("o-1")],
                                                      ["aws:PrincipalTag/team": .single("web"), "aws:SourceIp": .single("10.1.2.3")],
                                                      ["aws:PrincipalTag/groups": .multiple(["admins", "dev"]), "aws:SourceIp": .single("192.0.2.1")]]

    func statement<G: RandomNumberGenerator>(_ g: inout G, effect: String? = nil, withPrincipal: Bool, withResource: Bool = true) -> String {
        let e = effect ?? (Int.random(in: 0..<4, using: &g) == 0 ? "Deny" : "Allow")
        let actionKey = Int.random(in: 0..<6, using: &g) == 0 ? "NotAction" : "Action"
        var s = #"{"Effect":"\#(e)","\#(actionKey)":"\#(Self.actionPatterns.randomElement(using: &g)!)""#
        if withResource { s += #","Resource":"\#(Self.resourcePatterns.randomElement(using: &g)!)""# }
        if withPrincipal {
            let key = e == "Deny" && Int.random(in: 0..<5, using: &g) == 0 ? "NotPrincipal" : "Principal"
            s += #","\#(key)":\#(Self.principalEntries.randomElement(using: &g)!)"#
        }
        return s + Self.conditions.randomElement(using: &g)! + "}"
    }

    /// Statement lists per policy slot, so a test can add to or reorder one.
    struct Scenario {
        var identity: [String]
        var resource: [String]
        var boundary: [String]?
        var scp: [String]?

        func policies() -> PolicySet {
            func doc(_ st: [String]) -> String { #"{"Version":"2012-10-17","Statement":["# + st.joined(separator: ",") + "]}" }
            return PolicySet(identity: [compiled(doc(identity), kind: .identity, name: "id")],
                             resource: compiled(doc(resource), kind: .repository, name: "repo"),
                             boundary: boundary.map { compiled(doc($0), kind: .boundary, name: "boundary") },
                             serviceControlPolicies: scp.map { [[compiled(doc($0), kind: .scp, name: "scp")]] } ?? [])
        }
    }

    func scenario<G: RandomNumberGenerator>(_ g: inout G) -> Scenario {
        Scenario(identity: (0..<Int.random(in: 0...3, using: &g)).map { _ in statement(&g, withPrincipal: false) },
                 resource: (0..<Int.random(in: 0...3, using: &g)).map { _ in statement(&g, withPrincipal: true, withResource: false) },
                 boundary: Bool.random(using: &g) ? (0..<Int.random(in: 1...2, using: &g)).map { _ in statement(&g, withPrincipal: false) } : nil,
                 scp: Bool.random(using: &g) ? (0..<Int.random(in: 1...2, using: &g)).map { _ in statement(&g, withPrincipal: false) } : nil)
    }

    func requests<G: RandomNumberGenerator>(_ g: inout G) -> [AccessRequest] {
        (0..<6).map { _ in
            let action = Self.actions.randomElement(using: &g)!
            return AccessRequest(principal: PrincipalIdentity(Self.principals.randomElement(using: &g)!)!, action: action,
                                 resource: action == "ecr:GetAuthorizationToken" ? "*" : Self.resources.randomElement(using: &g)!,
                                 context: RequestContext(Self.contexts.randomElement(using: &g)!))
        }
    }

    func slots(_ s: Scenario) -> [WritableKeyPath<Scenario, [String]>] {
        var k: [WritableKeyPath<Scenario, [String]>] = [\.identity, \.resource]
        if s.boundary != nil { k.append(\.boundary!) }
        if s.scp != nil { k.append(\.scp!) }
        return k
    }

    func testAddingADenyNeverGrantsMoreAndAddingAnAllowNeverGrantsLess() {
        var g = SplitMix64(seed: 20261129)
        let evaluator = Evaluator()
        var allowedSeen = 0, deniedSeen = 0
        for _ in 0..<150 {
            let base = scenario(&g)
            let reqs = requests(&g)
            let before = base.policies()
            for slot in slots(base) {
                let withPrincipal = slot == \Scenario.resource
                var denied = base, allowed = base
                denied[keyPath: slot].insert(statement(&g, effect: "Deny", withPrincipal: withPrincipal, withResource: !withPrincipal),
                                             at: Int.random(in: 0...base[keyPath: slot].count, using: &g))
                allowed[keyPath: slot].insert(statement(&g, effect: "Allow", withPrincipal: withPrincipal, withResource: !withPrincipal),
                                              at: Int.random(in: 0...base[keyPath: slot].count, using: &g))
                let afterDeny = denied.policies(), afterAllow = allowed.policies()
                for r in reqs {
                    let b = evaluator.evaluate(r, before)
                    if b.isAllowed { allowedSeen += 1 } else { deniedSeen += 1 }
                    let d = evaluator.evaluate(r, afterDeny)
                    if d.isAllowed { XCTAssertTrue(b.isAllowed, "a Deny granted access: \(r.principal) \(r.action) \(denied)") }
                    if b.outcome == .explicitDeny { XCTAssertEqual(d.outcome, .explicitDeny) }
                    let a = evaluator.evaluate(r, afterAllow)
                    if b.isAllowed { XCTAssertTrue(a.isAllowed, "an Allow removed access: \(r.principal) \(r.action) \(allowed)") }
                    if b.outcome == .explicitDeny { XCTAssertEqual(a.outcome, .explicitDeny) }
                }
            }
        }
        // The generator must exercise both outcomes, or the property says nothing.
        XCTAssertGreaterThan(allowedSeen, 60)
        XCTAssertGreaterThan(deniedSeen, 60)
    }

    func testReorderingStatementsNeverChangesADecision() {
        var g = SplitMix64(seed: 42)
        let evaluator = Evaluator()
        for _ in 0..<150 {
            let base = scenario(&g)
            var shuffled = base
            for slot in slots(base) { shuffled[keyPath: slot].shuffle(using: &g) }
            let p1 = base.policies(), p2 = shuffled.policies()
            for r in requests(&g) {
                let a = evaluator.evaluate(r, p1), b = evaluator.evaluate(r, p2)
                XCTAssertEqual(a.outcome, b.outcome, "\(r.principal) \(r.action) \(base) vs \(shuffled)")
                XCTAssertEqual(Set(a.blockedBy), Set(b.blockedBy))
                XCTAssertEqual(Set(a.missingContextKeys.map(\.key)), Set(b.missingContextKeys.map(\.key)))
                XCTAssertEqual(a.decidingStatements.filter { $0.effect == .deny }.count, b.decidingStatements.filter { $0.effect == .deny }.count)
            }
        }
    }
}
