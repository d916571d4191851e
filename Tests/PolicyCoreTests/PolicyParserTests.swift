import PolicyCore
import XCTest

final class PolicyParserTests: XCTestCase {
    func testBuildsModelWithSpans() throws {
        let text = """
        {
          "Version": "2012-10-17",
          "Statement": [{
            "Sid": "Pull",
            "Effect": "Allow",
            "Principal": {"AWS": ["123456789012", "arn:aws:iam::111122223333:role/ci"], "Service": "codebuild.amazonaws.com"},
            "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ["o-abc"]}, "Bool": {"aws:SecureTransport": true},
                          "NumericLessThan": {"s3:max-keys": 10}}
          }, {"Effect": "Deny", "Principal": "*", "NotAction": "ecr:*", "Resource": "*"}]
        }
        """
        let result = PolicyParser.parseStructure(text, kind: .repository, file: "p.json")
        XCTAssertEqual(result.findings.filter { $0.category == .error }, [])
        let doc = try XCTUnwrap(result.document)
        XCTAssertEqual(doc.version?.value, .v2012_10_17)
        XCTAssertEqual(doc.statements.count, 2)
        let s = doc.statements[0]
        XCTAssertEqual(s.sid?.value, "Pull")
        XCTAssertEqual(s.effect.value, .allow)
        XCTAssertEqual(s.path, "Statement[0]")
        XCTAssertEqual(s.principal?.entries.map(\.value), [.aws("123456789012"), .aws("arn:aws:iam::111122223333:role/ci"), .service("codebuild.amazonaws.com")])
        XCTAssertEqual(s.principal?.entries[1].span.start, SourcePosition(line: 6, column: 43, offset: s.principal!.entries[1].span.start.offset))
        XCTAssertEqual(s.action?.patterns.map(\.value), ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
        XCTAssertEqual(s.action?.isList, true)
        let clauses = try XCTUnwrap(s.condition?.clauses)
        XCTAssertEqual(clauses.map(\.op.value.description), ["StringEquals", "Bool", "NumericLessThan"])
        XCTAssertEqual(clauses[1].values.map(\.value), [ConditionValue(text: "true", jsonType: .bool)])
        XCTAssertEqual(clauses[2].values.map(\.value), [ConditionValue(text: "10", jsonType: .number)])
        let d = doc.statements[1]
        XCTAssertEqual(d.principal?.entries.map(\.value), [.everyone])
        XCTAssertEqual(d.action?.isNegated, true)
        XCTAssertEqual(d.action?.isList, false)
        XCTAssertEqual(d.resource?.patterns.map(\.value), ["*"])
    }

    func testSingleStatementObject() throws {
        let result = PolicyParser.parseStructure(#"{"Version":"2008-10-17","Statement":{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"ecr:*"}}"#, kind: .repository, file: "p.json")
        let doc = try XCTUnwrap(result.document)
        XCTAssertFalse(doc.statementsAreListed)
        XCTAssertEqual(doc.statements.first?.path, "Statement")
        XCTAssertFalse(doc.supportsPolicyVariables)
    }

    func testSyntaxErrorIsOneCriticalFinding() {
        let result = PolicyParser.parse("{\n  \"Version\": \"2012-10-17\",\n}", kind: .repository, file: "bad.json")
        XCTAssertNil(result.document)
        XCTAssertEqual(result.findings.count, 1)
        let f = result.findings[0]
        XCTAssertEqual(f.code, "JSON_SYNTAX_ERROR")
        XCTAssertEqual(f.severity, .critical)
        XCTAssertEqual(f.file, "bad.json")
        XCTAssertEqual("\(f.span.start)", "2:26")
    }

    func testInvalidUTF8BytesAreReported() {
        let bytes: [UInt8] = Array(#"{"Id":""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        let result = PolicyParser.parse(bytes: bytes, kind: .identity, file: "x")
        XCTAssertEqual(result.findings.map(\.code), ["JSON_SYNTAX_ERROR"])
        XCTAssertEqual(result.findings.first?.span.start.column, 8)
    }

    func testStructuralErrorsAtMarkedPositions() {
        MarkedPolicy("""
        {
          "Version": «INVALID_VERSION»"2012-10-18",
          «INVALID_POLICY_ELEMENT»"statement": [],
          "Statement": [
            «MISSING_ACTION»{"Sid": "a", "Effect": «INVALID_EFFECT»"allow", "Principal": «INVALID_PRINCIPAL_FORMAT»"123456789012"},
            {"Effect": "Allow", "Principal": {«INVALID_PRINCIPAL_KEY»"aws": "*", "AWS": [«INVALID_ELEMENT_TYPE»1]},
             "Action": "ecr:*", «UNSUPPORTED_ELEMENT_COMBINATION»"NotAction": "s3:*", «DUPLICATE_KEY»"Action": «MISSING_ACTION»[],
             "Condition": {«INVALID_CONDITION_OPERATOR»"stringEquals": {}, «NULL_WITH_IF_EXISTS»"NullIfExists": {"aws:TokenIssueTime": "true"},
                           "StringLike": {"aws:userid": «INVALID_ELEMENT_TYPE»{}, «DUPLICATE_KEYS_WITH_DIFFERENT_CASE»"AWS:USERID": ["x", «INVALID_ELEMENT_TYPE»null]}}},
            «MISSING_EFFECT»{"Action": «MISSING_ACTION»[]},
            «INVALID_ELEMENT_TYPE»"not a statement"
          ]
        }
        """).assertFindings(kind: .repository)
    }

    func testDocumentReturnedForAnyObject() throws {
        let result = PolicyParser.parseStructure("{}", kind: .identity, file: "e.json")
        XCTAssertNotNil(result.document)
        XCTAssertEqual(result.findings.map(\.code), ["MISSING_STATEMENT", "MISSING_VERSION"].sorted())
        XCTAssertNil(PolicyParser.parse("[]", kind: .identity, file: "a.json").document)
    }
}
