import XCTest
@testable import PolicyCore

/// `PolicyDocument.decisionForm` groups documents that decide alike: it must ignore what never
/// changes a decision and keep everything that can.
final class DecisionFormTests: XCTestCase {
    static let base = #"""
    {"Version": "2012-10-17", "Id": "x", "Statement": [
      {"Sid": "Pull", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}, "Action": ["ecr:BatchGetImage"],
       "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}, "Bool": {"aws:SecureTransport": true}}},
      {"Sid": "Guard", "Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "Action": "ecr:SetRepositoryPolicy"}
    ]}
    """#

    func form(_ text: String) throws -> String {
        try XCTUnwrap(PolicyParser.parseStructure(text, kind: .repository, file: "f.json").document).decisionForm
    }

    func testSidsIdFormattingAndStatementOrderDoNotCount() throws {
        let reordered = #"""
        {"Statement": [{"Effect": "Deny", "Action": "ecr:SetRepositoryPolicy", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:role/admin"}, "Sid": "G2"},
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "ecr:BatchGetImage",
         "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-1"]}, "Bool": {"aws:SecureTransport": true}}}], "Version": "2012-10-17"}
        """#
        XCTAssertEqual(try form(Self.base), try form(reordered))
    }

    func testEverythingThatCanChangeADecisionCounts() throws {
        let base = try form(Self.base)
        let changes: [(String, String)] = [
            (#""Version": "2012-10-17""#, #""Version": "2008-10-17""#),
            (#""Effect": "Allow""#, #""Effect": "Deny""#),
            (#""Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}"#, #""NotPrincipal": {"AWS": ["arn:aws:iam::111122223333:root"]}"#),
            (#""Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}"#, #""Principal": {"Service": ["arn:aws:iam::111122223333:root"]}"#),
            (#""Principal": {"AWS": ["arn:aws:iam::111122223333:root"]}"#, #""Principal": "*""#),
            (#""Action": ["ecr:BatchGetImage"]"#, #""NotAction": ["ecr:BatchGetImage"]"#),
            (#""Action": ["ecr:BatchGetImage"]"#, #""Action": ["ecr:BatchGetImage", "ecr:PutImage"]"#),
            (#""Action": ["ecr:BatchGetImage"]"#, #""Action": ["ecr:BatchGetImage"], "Resource": "arn:aws:ecr:*:*:repository/a""#),
            (#""Action": ["ecr:BatchGetImage"]"#, #""Action": ["ecr:BatchGetImage"], "NotResource": "arn:aws:ecr:*:*:repository/a""#),
            (#""StringEquals""#, #""StringLike""#),
            (#""StringEquals""#, #""ForAnyValue:StringEquals""#),
            (#""StringEquals""#, #""StringEqualsIfExists""#),
            (#""aws:PrincipalOrgID": "o-1""#, #""aws:PrincipalOrgID": "o-2""#),
            (#""aws:PrincipalOrgID": "o-1""#, #""aws:PrincipalAccount": "o-1""#),
            (#""aws:SecureTransport": true"#, #""aws:SecureTransport": "true""#),
        ]
        for (from, to) in changes {
            XCTAssertTrue(Self.base.contains(from), from)
            XCTAssertNotEqual(try form(Self.base.replacingOccurrences(of: from, with: to)), base, "\(from) → \(to)")
        }
    }
}
