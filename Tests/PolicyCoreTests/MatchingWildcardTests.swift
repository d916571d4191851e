import XCTest
@testable import PolicyCore

final class MatchingWildcardTests: XCTestCase {
    func testActionPatternsAreCaseInsensitiveWithStarAndQuestionMark() {
        let cases: [(String, String, Bool)] = [
            ("ecr:BatchGetImage", "ecr:batchgetimage", true),
            ("ECR:BATCHGETIMAGE", "ecr:BatchGetImage", true),
            ("ecr:Get*", "ecr:GetDownloadUrlForLayer", true),
            ("ecr:Get*", "ecr:BatchGetImage", false),
            ("ecr:*", "ecr:PutImage", true),
            ("ecr:*", "ecr-public:PutImage", false),
            ("*", "s3:GetObject", true),
            ("ecr:?utImage", "ecr:PutImage", true),
            ("ecr:?utImage", "ecr:PPutImage", false),
            ("ecr:*Image", "ecr:PutImage", true),
            ("ecr:*Layer*", "ecr:InitiateLayerUpload", true),
            ("ecr:*Layer*", "ecr:PutImage", false),
            ("e*r:*e", "ecr:PutImage", true),
        ]
        for (pattern, action, expected) in cases {
            let p = WildcardPattern(pattern.lowercased(), caseInsensitive: true)
            XCTAssertEqual(p.matches(action.lowercased()), expected, "\(pattern) vs \(action)")
            let statement = #"{"Effect":"Allow","Action":""# + pattern + #"","Resource":"*"}"#
            let d = Evaluator().evaluate(request(sameAccountUser, action, "*"), PolicySet(identity: [identityPolicy(statement)]))
            XCTAssertEqual(d.isAllowed, expected, "policy \(pattern) vs \(action)")
        }
    }

    func testResourceARNSegmentRules() {
        let repo = "arn:aws:ecr:us-east-1:111122223333:repository/team/employee-api"
        let cases: [(String, String, Bool)] = [
            (repo, repo, true),
            ("arn:aws:ecr:us-east-1:111122223333:repository/*", repo, true),           // * spans '/'
            ("arn:aws:ecr:us-east-1:111122223333:repository/team/*", repo, true),
            ("arn:aws:ecr:us-east-1:111122223333:repository/other/*", repo, false),
            ("arn:aws:ecr:*:111122223333:repository/team/employee-api", repo, true),   // wildcard region
            ("arn:aws:ecr:us-*-1:111122223333:repository/*", repo, true),
            ("arn:aws:ecr:us-east-?:111122223333:repository/*", repo, true),
            ("arn:aws:ecr:*:*:repository/*", repo, true),
            ("arn:aws:ecr:us-east-1:*", repo, true),                                   // trailing * of a segment spans colons
            ("arn:aws:ecr:*", repo, true),
            ("arn:aws:*:us-east-1:111122223333:repository/*", repo, false),            // no wildcard in the service segment
            ("arn:aws:e*:us-east-1:111122223333:repository/*", repo, false),
            ("arn:aws:ecr:us-east-1:111122223333:repository/Team/*", repo, false),     // case-sensitive
            ("arn:aws:ecr:u*1:111122223333:repository/*", repo, true),
            ("arn:aws:ecr:us*3:repository/*", repo, false),   // a mid-segment * cannot swallow the account's colon
            ("arn:aws:ecr:us*:repository/*", repo, true),     // ...but a segment-final one may
            ("*", repo, true),
            ("arn:aws:ecr:us-east-1:111122223333:repository/team/employee-ap?", repo, true),
        ]
        for (pattern, resource, expected) in cases {
            let statement = #"{"Effect":"Allow","Action":"ecr:PutImage","Resource":""# + pattern + #""}"#
            let d = Evaluator().evaluate(request(sameAccountUser, "ecr:PutImage", resource), PolicySet(identity: [identityPolicy(statement)]))
            XCTAssertEqual(d.isAllowed, expected, "\(pattern) vs \(resource)")
        }
    }

    func testGeneralPatternsNeverBlowUp() {
        // Many stars against a long non-matching text: must stay linear-ish (DP), not exponential.
        let text = String(repeating: "a", count: 2000) + "b"
        var tokenizer = PatternTokenizer(dialect: .resourceARN, caseInsensitive: false)
        tokenizer.appendPattern("arn:aws:ecr:u*s:" + String(repeating: "a*", count: 40) + "c")
        let p = tokenizer.build()!
        XCTAssertFalse(p.matches("arn:aws:ecr:us:" + text))
        let plain = WildcardPattern(String(repeating: "*a", count: 50) + "c", caseInsensitive: false)
        XCTAssertFalse(plain.matches(text))
        XCTAssertTrue(plain.matches(text.dropLast() + "c"))
    }

    func testNotActionAndNotResource() {
        let policy = identityPolicy(#"{"Effect":"Allow","NotAction":"ecr:Delete*","NotResource":"arn:aws:ecr:*:*:repository/prod-*"}"#)
        let set = PolicySet(identity: [policy])
        XCTAssertTrue(Evaluator().evaluate(request(sameAccountUser, "ecr:PutImage", repoARN), set).isAllowed)
        XCTAssertFalse(Evaluator().evaluate(request(sameAccountUser, "ecr:DeleteRepository", repoARN), set).isAllowed)
        XCTAssertFalse(Evaluator().evaluate(request(sameAccountUser, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/prod-api"), set).isAllowed)
    }

    func testPolicyVariablesInResourceWithDefaultsAndEscapes() {
        let policy = identityPolicy(#"{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:*:repository/${aws:username}/*"}"#)
        let set = PolicySet(identity: [policy])
        XCTAssertTrue(Evaluator().evaluate(request(sameAccountUser, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/alice/app"), set).isAllowed)
        XCTAssertFalse(Evaluator().evaluate(request(sameAccountUser, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/bob/app"), set).isAllowed)
        // A role session has no aws:username: the value never matches, and the key is reported.
        let d = Evaluator().evaluate(request(sameAccountSession, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/alice/app"), set)
        XCTAssertFalse(d.isAllowed)
        XCTAssertEqual(d.missingContextKeys.map(\.key), ["aws:username"])

        let withDefault = identityPolicy(#"{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:*:repository/${aws:PrincipalTag/team, 'shared'}/*"}"#)
        let s2 = PolicySet(identity: [withDefault])
        XCTAssertTrue(Evaluator().evaluate(request(sameAccountSession, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/shared/x"), s2).isAllowed)
        XCTAssertTrue(Evaluator().evaluate(request(sameAccountSession, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/web/x",
                                                   context: ["aws:principaltag/TEAM": .single("web")]), s2).isAllowed)
        XCTAssertFalse(Evaluator().evaluate(request(sameAccountSession, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/shared/x",
                                                    context: ["aws:PrincipalTag/team": .single("web")]), s2).isAllowed)

        // ${*} is a literal star, not a wildcard.
        let escaped = identityPolicy(#"{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:*:repository/a${*}"}"#)
        let s3 = PolicySet(identity: [escaped])
        XCTAssertTrue(Evaluator().evaluate(request(sameAccountUser, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/a*"), s3).isAllowed)
        XCTAssertFalse(Evaluator().evaluate(request(sameAccountUser, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/ab"), s3).isAllowed)

        // Version 2008-10-17 has no policy variables: the text is literal.
        let old = compiled(#"{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"ecr:*","Resource":"arn:aws:ecr:*:*:repository/${aws:username}"}}"#)
        XCTAssertFalse(Evaluator().evaluate(request(sameAccountUser, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/alice"), PolicySet(identity: [old])).isAllowed)
        XCTAssertTrue(Evaluator().evaluate(request(sameAccountUser, "ecr:PutImage", "arn:aws:ecr:us-east-1:111122223333:repository/${aws:username}"), PolicySet(identity: [old])).isAllowed)
    }
}
