import TestSupport
import XCTest
@testable import PolicyCore

/// `Evaluator.evaluate` decides on the outcome-only path and explains lazily through
/// `Evaluator.explain`: the two must agree on every outcome, and a lazily explained decision must
/// say exactly what an eagerly explained one says.
extension EvaluationPropertyTests {

    /// Policies of the kinds the benchmark registry uses (templated resources, NotPrincipal guards,
    /// IP and org conditions), with every policy slot filled at random.
    static let extraStatements = [
        #"{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:us-east-1:111122223333:repository/${aws:PrincipalTag/team}*"}"#,
        #"{"Effect":"Allow","Action":["ecr:Get*","ecr:BatchGet*"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}}"#,
        #"{"Effect":"Deny","Action":["ecr:Delete*","ecr:SetRepositoryPolicy"],"Resource":"*"}"#,
        #"{"Effect":"Allow","NotAction":["ecr:SetRepositoryPolicy"],"Resource":"*"}"#,
    ]

    func outcomeScenarioSet<G: RandomNumberGenerator>(_ g: inout G) -> PolicySet {
        func doc(_ st: [String]) -> String { #"{"Version":"2012-10-17","Statement":["# + st.joined(separator: ",") + "]}" }
        func some(_ g: inout G, principal: Bool) -> [String] {
            (0..<Int.random(in: 1...3, using: &g)).map { _ in
                !principal && Int.random(in: 0..<3, using: &g) == 0 ? Self.extraStatements.randomElement(using: &g)!
                    : statement(&g, withPrincipal: principal, withResource: !principal)
            }
        }
        var set = scenario(&g).policies()
        set.identity.append(compiled(doc(some(&g, principal: false)), kind: .identity, name: "id2"))
        if Bool.random(using: &g) {
            set.registry = compiled(doc(some(&g, principal: true).map { String($0.dropLast()) + #","Resource":"*"}"# }), kind: .registry, name: "registry")
            set.registryPolicyScope = Bool.random(using: &g) ? .v1 : .v2
        }
        if Int.random(in: 0..<3, using: &g) == 0 { set.session = compiled(doc(some(&g, principal: false)), kind: .session, name: "session") }
        if Int.random(in: 0..<4, using: &g) == 0 {
            set.resourceControlPolicies = [[compiled(doc(some(&g, principal: true).map { String($0.dropLast()) + #","Resource":"*"}"# }), kind: .rcp, name: "rcp")]]
        }
        if Int.random(in: 0..<4, using: &g) == 0 {
            set.endpoints = [compiled(doc(some(&g, principal: true).map { String($0.dropLast()) + #","Resource":"*"}"# }), kind: .endpoint, name: "vpce")]
        }
        if Int.random(in: 0..<5, using: &g) == 0 { set.managementAccount = "111122223333" }
        return set
    }

    func testOutcomePathAgreesWithTheExplanationOnGeneratedRequests() {
        var g = SplitMix64(seed: 20261130)
        let evaluator = Evaluator()
        var outcomes: [DecisionOutcome: Int] = [:]
        var withMissingKeys = 0
        for _ in 0..<400 {
            let set = outcomeScenarioSet(&g)
            for r in requests(&g) {
                let fast = evaluator.evaluate(r, set)
                let explained = evaluator.explain(r, set)
                XCTAssertEqual(fast.outcome, explained.outcome, "\(r.principal) \(r.action) \(r.resource)")
                XCTAssertEqual(fast.isAllowed, explained.blockedBy.isEmpty && explained.outcome != .explicitDeny)
                // The lazily explained decision reads the same parts as the eager one.
                XCTAssertEqual(fast.blockedBy, explained.blockedBy)
                XCTAssertEqual(fast.decidingStatements, explained.decidingStatements)
                XCTAssertEqual(fast.missingContextKeys, explained.missingContextKeys)
                XCTAssertEqual(fast.reasons, explained.reasons)
                XCTAssertEqual(fast, explained)
                XCTAssertEqual(fast.explained, explained)
                XCTAssertEqual(fast.hashValue, explained.hashValue)
                outcomes[fast.outcome, default: 0] += 1
                if !explained.missingContextKeys.isEmpty { withMissingKeys += 1 }
            }
        }
        // Every outcome and explanation part must be exercised, or the agreement says little.
        XCTAssertGreaterThan(outcomes[.allowed] ?? 0, 120)
        XCTAssertGreaterThan(outcomes[.implicitDeny] ?? 0, 500)
        XCTAssertGreaterThan(outcomes[.explicitDeny] ?? 0, 200)
        XCTAssertGreaterThan(withMissingKeys, 300)
    }

    func testAnEvaluatedDecisionKeepsItsPoliciesAlive() {
        // Policies built here are referenced only by the set, and the set only by the decision:
        // evaluation borrows them unretained, and the lazy explanation must still find them.
        func decide() -> Decision {
            let set = PolicySet(identity: [compiled(#"{"Version":"2012-10-17","Statement":[{"Sid":"Pull","Effect":"Allow","Action":"ecr:BatchGetImage","Resource":"*"}]}"#, kind: .identity, name: "id")],
                                resource: compiled(#"{"Version":"2012-10-17","Statement":[{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"ecr:BatchGetImage"}]}"#, kind: .repository, name: "repo"))
            let request = AccessRequest(principal: PrincipalIdentity("arn:aws:iam::444455556666:role/deploy")!, action: "ecr:BatchGetImage",
                                        resource: "arn:aws:ecr:us-east-1:111122223333:repository/app")
            return Evaluator().evaluate(request, set)
        }
        let d = decide()
        XCTAssertTrue(d.isAllowed)
        XCTAssertEqual(d.decidingStatements.map(\.sid), ["Partner", "Pull"])
        XCTAssertEqual(d.decidingStatements.map(\.policyName), ["repo", "id"])
    }

    func testSettingPartsOfAnEvaluatedDecisionKeepsTheOthers() {
        let set = PolicySet(identity: [compiled(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-1"}}}]}"#,
                                                kind: .identity, name: "id")])
        let request = AccessRequest(principal: PrincipalIdentity("arn:aws:iam::111122223333:user/alice")!, action: "ecr:BatchGetImage",
                                    resource: "arn:aws:ecr:us-east-1:111122223333:repository/app")
        let evaluator = Evaluator()
        let eager = evaluator.explain(request, set)
        XCTAssertEqual(eager.outcome, .implicitDeny)
        XCTAssertEqual(eager.missingContextKeys.map(\.key), ["aws:PrincipalOrgID"])

        var d = evaluator.evaluate(request, set)
        d.blockedBy = [.scp]
        XCTAssertEqual(d.blockedBy, [.scp])
        XCTAssertEqual(d.missingContextKeys, eager.missingContextKeys)
        XCTAssertEqual(d.reasons, eager.reasons)
        XCTAssertNotEqual(d, eager)

        var e = evaluator.evaluate(request, set)
        e.missingContextKeys = []
        XCTAssertEqual(e.missingContextKeys, [])
        XCTAssertEqual(e.blockedBy, eager.blockedBy)
        XCTAssertEqual(e.reasons, eager.reasons)

        var o = evaluator.evaluate(request, set)
        o.outcome = .allowed
        XCTAssertEqual(o.blockedBy, eager.blockedBy, "setting the outcome leaves the explanation as evaluated")
    }
}
