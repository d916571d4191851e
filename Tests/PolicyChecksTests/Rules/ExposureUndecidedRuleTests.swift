import PolicyChecks
import PolicyCore
import XCTest

/// ExposureUndecidedRule alone on marked fixtures: where the outsider search is cut short and found
/// no way in, the gate fails instead of passing what was not checked.
final class ExposureUndecidedRuleTests: XCTestCase {
    static let context = CheckContext(accountID: "123456789012")

    /// Five organization patterns against five organization-path patterns of other organizations:
    /// 25 combinations, more than the search tries, none of those tried satisfiable.
    func testSearchCutShortIsUndecided() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "Partners", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
          "Condition": «EXPOSURE_UNDECIDED»{"StringLike": {"aws:PrincipalOrgID": ["o-a*", "o-b*", "o-c*", "o-d*", "o-e*"]},
                        "ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-f*/*", "o-g*/*", "o-h*/*", "o-i*/*", "o-j*/*"]}}}]}
        """).assertRule(ExposureUndecidedRule(), context: Self.context,
                        message: "Statement 0 (\"Partners\") has more combinations of caller conditions (and ways around the policy's Deny statements) than ecrguard tries; none of those it tried let an outside caller in, but that does not show that none can, so its exposure is undecided.")
    }

    /// Many concrete (trusted) values: no outsider can meet any of them, so nothing is left undecided.
    func testConcreteValuesAreDecidedWithoutSearching() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "Partners", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
          "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-aaaaaaaaaa", "o-bbbbbbbbbb", "o-cccccccccc", "o-dddddddddd", "o-eeeeeeeeee"],
                                         "aws:PrincipalAccount": ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"]}}}]}
        """).assertRule(ExposureUndecidedRule(), context: Self.context)
    }

    /// An exposure found within the bounds is PUBLIC_ACCESS, not undecided.
    func testExposureFoundIsNotUndecided() {
        MarkedPolicy("""
        {"Version": "2012-10-17", "Statement": [{"Sid": "Partners", "Effect": "Allow", "Principal": "*", "Action": "ecr:BatchGetImage",
          "Condition": {"StringLike": {"aws:PrincipalOrgID": ["o-a*", "o-b*", "o-c*", "o-d*", "o-e*"]},
                        "ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": ["o-f*/*", "o-g*/*", "o-h*/*", "o-a*/*"]}}}]}
        """).assertRule(ExposureUndecidedRule(), context: Self.context)
    }
}
