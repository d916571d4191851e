import XCTest
@testable import PolicyCore

/// A resource pattern with one policy variable is built once per variable value and reused; the
/// reuse must never leak one request's value into another's decision.
final class EvaluationTemplateCacheTests: XCTestCase {
    func compile(_ json: String) throws -> CompiledPolicy {
        let result = PolicyParser.parse(json, kind: .identity, file: "team.json")
        let document = try XCTUnwrap(result.document)
        XCTAssertFalse(result.hasErrors)
        return CompiledPolicy(document, name: "team.json", kind: .identity)
    }

    func request(team: ContextValue?, repository: String) -> AccessRequest {
        var context = RequestContext()
        if let team { context["aws:PrincipalTag/team"] = team }
        return AccessRequest(principal: PrincipalIdentity("arn:aws:iam::111122223333:user/alice")!, action: "ecr:PutImage",
                             resource: "arn:aws:ecr:eu-west-1:111122223333:repository/\(repository)", context: context)
    }

    func testAlternatingVariableValuesDecideEachRequestByItsOwnValue() throws {
        let policy = try compile(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:111122223333:repository/${aws:PrincipalTag/team}-*"}]}"#)
        let set = PolicySet(identity: [policy])
        let evaluator = Evaluator()
        let cases: [(String, String, Bool)] = [
            ("web", "web-api", true), ("db", "web-api", false), ("db", "db-main", true), ("web", "db-main", false),
            ("web", "web-api", true), ("web", "webx-api", false), ("db", "db-main", true), ("*", "web-api", false),
        ]
        for _ in 0..<2 {
            for (team, repository, expected) in cases {
                let decision = evaluator.evaluate(request(team: .single(team), repository: repository), set)
                XCTAssertEqual(decision.isAllowed, expected, "team \(team) on \(repository)")
                XCTAssertEqual(decision.missingContextKeys, [])
            }
        }
    }

    func testMissingVariableIsReportedEvenAfterTheCacheHoldsAPattern() throws {
        let policy = try compile(#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:111122223333:repository/${aws:PrincipalTag/team}-*"}]}"#)
        let set = PolicySet(identity: [policy])
        let evaluator = Evaluator()
        XCTAssertTrue(evaluator.evaluate(request(team: .single("web"), repository: "web-api"), set).isAllowed)
        let missing = evaluator.evaluate(request(team: nil, repository: "web-api"), set)
        XCTAssertFalse(missing.isAllowed)
        XCTAssertEqual(missing.missingContextKeys.map(\.key), ["aws:PrincipalTag/team"])
        // A multi-valued key resolves to nothing (no default): never matches.
        XCTAssertFalse(evaluator.evaluate(request(team: .multiple(["web", "db"]), repository: "web-api"), set).isAllowed)
        XCTAssertTrue(evaluator.evaluate(request(team: .multiple(["web"]), repository: "web-api"), set).isAllowed)
    }

    func testDecisionsWithManyDecidingStatementsKeepThemAll() throws {
        let deny = #"{"Effect":"Deny","Action":"ecr:PutImage","Resource":"*"}"#
        let policy = try compile(#"{"Version":"2012-10-17","Statement":["# + Array(repeating: deny, count: 4).joined(separator: ",") + "]}")
        let decision = Evaluator().evaluate(request(team: nil, repository: "web-api"), PolicySet(identity: [policy]))
        XCTAssertEqual(decision.outcome, .explicitDeny)
        XCTAssertEqual(decision.decidingStatements.map(\.index), [0, 1, 2, 3])
        XCTAssertEqual(decision, decision)
        var edited = decision
        edited.missingContextKeys = []
        XCTAssertEqual(edited, decision)
        XCTAssertNotEqual(Decision(outcome: .explicitDeny), Decision(outcome: .explicitDeny, reasons: ["x"]))
    }
}
