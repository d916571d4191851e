@testable import PolicyCore
import XCTest

/// A compiled policy indexes its statements by the known actions their `Action`/`NotAction` covers;
/// the index is built by looking exact patterns up, and must say what matching each action says.
final class ActionIndexTests: XCTestCase {
    func testKnownActionsLookupEqualsMatchingEachAction() {
        let elements: [(negated: Bool, patterns: [String])] = [
            (false, ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]), (false, ["ECR:batchgetimage"]), (false, ["ecr:Get*"]),
            (false, ["*"]), (false, ["ecr:*"]), (false, ["ecr:?utImage", "ecr:PutImage"]), (false, ["ecr:NoSuchAction", "s3:GetObject"]),
            (false, ["ecr:PutImage", "ecr:Put*", "ecr:PutImage"]), (false, ["ecr:getauthorizationtoken", "ecr:*Layer*"]), (false, [""]),
            (false, ["ecr:BatchGetImag\u{E9}"]), (true, ["ecr:BatchGetImage"]), (true, ["ecr:Describe*", "ecr:ListImages"]),
            (true, ["*"]), (true, ["iam:PassRole"]),
        ]
        for element in elements {
            let span = SourceSpan(at: .start)
            let matcher = ActionMatcher(PatternElement(isNegated: element.negated, patterns: element.patterns.map { Located($0, span: span) }, span: span))
            let expected = KnownActions.lowercased.map { matcher.applies(to: $0) }
            XCTAssertEqual(matcher.appliesToKnownActions(), expected, "\(element)")
        }
        XCTAssertEqual(Set(KnownActions.lowercased).count, KnownActions.lowercased.count, "known actions are distinct (an exact pattern is one id)")
    }
}
