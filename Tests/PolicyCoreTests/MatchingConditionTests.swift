import XCTest
@testable import PolicyCore

/// A table per condition operator family: (condition JSON, context, expected).
final class MatchingConditionTests: XCTestCase {
    typealias Row = (condition: String, context: [String: ContextValue], expected: Bool)

    func check(_ rows: [Row], file: StaticString = #filePath, line: UInt = #line) {
        for (i, row) in rows.enumerated() {
            XCTAssertEqual(conditionHolds(row.condition, row.context), row.expected, "row \(i): \(row.condition) with \(row.context)", file: file, line: line)
        }
    }

    func testStringFamily() {
        check([
            (#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}"#, ["aws:PrincipalOrgID": .single("o-abc")], true),
            (#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}"#, ["aws:PrincipalOrgID": .single("O-ABC")], false),
            (#"{"StringEquals":{"aws:PrincipalOrgID":["o-x","o-abc"]}}"#, ["aws:PrincipalOrgID": .single("o-abc")], true),   // values ORed
            (#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}"#, [:], false),                                            // missing fails positive
            (#"{"StringNotEquals":{"aws:PrincipalOrgID":"o-abc"}}"#, [:], true),                                          // ...satisfies negated
            (#"{"StringNotEquals":{"aws:PrincipalOrgID":["o-a","o-b"]}}"#, ["aws:PrincipalOrgID": .single("o-b")], false), // NOR
            (#"{"StringNotEquals":{"aws:PrincipalOrgID":["o-a","o-b"]}}"#, ["aws:PrincipalOrgID": .single("o-c")], true),
            (#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/team":"Web"}}"#, ["aws:PrincipalTag/team": .single("WEB")], true),
            (#"{"StringNotEqualsIgnoreCase":{"aws:PrincipalTag/team":"Web"}}"#, ["aws:PrincipalTag/team": .single("web")], false),
            (#"{"StringLike":{"aws:PrincipalTag/team":"we?-*"}}"#, ["aws:PrincipalTag/team": .single("web-frontend")], true),
            (#"{"StringLike":{"aws:PrincipalTag/team":"we?-*"}}"#, ["aws:PrincipalTag/team": .single("Web-frontend")], false),
            (#"{"StringNotLike":{"aws:PrincipalTag/team":"web*"}}"#, ["aws:PrincipalTag/team": .single("ops")], true),
            (#"{"StringEqualsIfExists":{"aws:PrincipalTag/team":"web"}}"#, [:], true),
            (#"{"StringEqualsIfExists":{"aws:PrincipalTag/team":"web"}}"#, ["aws:PrincipalTag/team": .single("ops")], false),
            // Keys are case-insensitive.
            (#"{"StringEquals":{"AWS:PRINCIPALORGID":"o-abc"}}"#, ["aws:principalorgid": .single("o-abc")], true),
            // Several keys in one operator are ANDed.
            (#"{"StringEquals":{"aws:PrincipalOrgID":"o-abc","aws:PrincipalTag/team":"web"}}"#, ["aws:PrincipalOrgID": .single("o-abc")], false),
            // A single-valued operator on a multi-valued key does not match.
            (#"{"StringEquals":{"aws:TagKeys":"a"}}"#, ["aws:TagKeys": .multiple(["a", "b"])], false),
            (#"{"StringNotEquals":{"aws:TagKeys":"c"}}"#, ["aws:TagKeys": .multiple(["a", "b"])], false),
            // Policy variables in values; a missing variable never matches.
            (#"{"StringEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}"#, ["aws:PrincipalTag/owner": .single("alice")], true),
            (#"{"StringLike":{"aws:PrincipalTag/owner":"${aws:PrincipalTag/team}-*"}}"#, ["aws:PrincipalTag/owner": .single("web-1"), "aws:PrincipalTag/team": .single("web")], true),
            (#"{"StringEquals":{"aws:PrincipalTag/owner":"${aws:PrincipalTag/none}"}}"#, ["aws:PrincipalTag/owner": .single("")], false),
            (#"{"StringEquals":{"aws:PrincipalTag/owner":"${aws:PrincipalTag/none, 'x'}"}}"#, ["aws:PrincipalTag/owner": .single("x")], true),
            (#"{"StringLike":{"aws:PrincipalTag/owner":"a${*}"}}"#, ["aws:PrincipalTag/owner": .single("ab")], false),
            (#"{"StringLike":{"aws:PrincipalTag/owner":"a${*}"}}"#, ["aws:PrincipalTag/owner": .single("a*")], true),
            (#"{"StringEquals":{"aws:PrincipalTag/owner":"${$}{x}"}}"#, ["aws:PrincipalTag/owner": .single("${x}")], true),
        ])
        // In 2008-10-17 there are no variables.
        XCTAssertTrue(conditionHolds(#"{"StringEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}"#,
                                     ["aws:PrincipalTag/owner": .single("${aws:username}")], version: "2008-10-17"))
    }

    /// The operator table is built from its parts; it must hold exactly the names the parser accepts.
    func testKnownOperatorsAreExactlyTheNamesThatParse() {
        var parsed: [String: ConditionOperator] = [:]
        for base in ConditionOperatorBase.allCases {
            for prefix in ["", "ForAllValues:", "ForAnyValue:", "ForAnyValues:"] {
                for suffix in ["", "IfExists"] {
                    let name = prefix + base.rawValue + suffix
                    if let op = ConditionOperator(name: name) { parsed[name] = op }
                }
            }
        }
        XCTAssertEqual(ConditionOperator.known, parsed)
        XCTAssertEqual(ConditionOperator.all.map(\.description).sorted(), parsed.keys.sorted())
        XCTAssertNil(ConditionOperator.known["NullIfExists"])
        XCTAssertEqual(ConditionOperator.known["ForAnyValue:StringLikeIfExists"], ConditionOperator(base: .stringLike, ifExists: true, setQualifier: .forAnyValue))
    }

    func testSetQualifiers() {
        check([
            (#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#, ["aws:TagKeys": .multiple(["a"])], true),
            (#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#, ["aws:TagKeys": .multiple(["a", "c"])], false),
            (#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#, [:], true),                         // missing: matches
            (#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a","b"]}}"#, ["aws:TagKeys": .multiple([])], true), // empty: matches
            (#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#, ["aws:TagKeys": .multiple(["c", "b"])], true),
            (#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#, ["aws:TagKeys": .multiple(["c"])], false),
            (#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#, [:], false),                         // missing: no match
            (#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["a","b"]}}"#, ["aws:TagKeys": .multiple([])], false),
            (#"{"ForAllValues:StringNotEquals":{"aws:TagKeys":["a"]}}"#, ["aws:TagKeys": .multiple(["b", "c"])], true),
            (#"{"ForAllValues:StringNotEquals":{"aws:TagKeys":["a"]}}"#, ["aws:TagKeys": .multiple(["a", "c"])], false),
            (#"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a"]}}"#, ["aws:TagKeys": .multiple(["a", "c"])], true),
            (#"{"ForAnyValue:StringNotEquals":{"aws:TagKeys":["a"]}}"#, ["aws:TagKeys": .multiple(["a"])], false),
            (#"{"ForAnyValue:StringLike":{"aws:TagKeys":["env*"]}}"#, ["aws:TagKeys": .multiple(["x", "environment"])], true),
            (#"{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]}}"#, ["aws:TagKeys": .single("a")], true),
        ])
    }

    func testNumericFamily() {
        check([
            (#"{"NumericEquals":{"s3:max-keys":"10"}}"#, ["s3:max-keys": .single("10")], true),
            (#"{"NumericEquals":{"s3:max-keys":10}}"#, ["s3:max-keys": .single("10.0")], true),
            (#"{"NumericNotEquals":{"s3:max-keys":"10"}}"#, ["s3:max-keys": .single("11")], true),
            (#"{"NumericLessThan":{"s3:max-keys":"10"}}"#, ["s3:max-keys": .single("9.5")], true),
            (#"{"NumericLessThan":{"s3:max-keys":"10"}}"#, ["s3:max-keys": .single("10")], false),
            (#"{"NumericLessThanEquals":{"s3:max-keys":"10"}}"#, ["s3:max-keys": .single("10")], true),
            (#"{"NumericGreaterThan":{"s3:max-keys":"10"}}"#, ["s3:max-keys": .single("-1")], false),
            (#"{"NumericGreaterThanEquals":{"s3:max-keys":"-1"}}"#, ["s3:max-keys": .single("-1")], true),
            (#"{"NumericEquals":{"s3:max-keys":"ten"}}"#, ["s3:max-keys": .single("10")], false),
            (#"{"NumericEquals":{"s3:max-keys":"10"}}"#, ["s3:max-keys": .single("ten")], false),
            (#"{"NumericLessThanIfExists":{"s3:max-keys":"10"}}"#, [:], true),
        ])
    }

    func testDateFamily() {
        check([
            (#"{"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}"#, ["aws:CurrentTime": .single("2026-06-01T12:00:00Z")], true),
            (#"{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}"#, ["aws:CurrentTime": .single("2026-06-01T12:00:00Z")], false),
            (#"{"DateEquals":{"aws:CurrentTime":"2026-01-01"}}"#, ["aws:CurrentTime": .single("2026-01-01T00:00:00Z")], true),
            (#"{"DateEquals":{"aws:CurrentTime":"2026-01-01T01:00:00+01:00"}}"#, ["aws:CurrentTime": .single("2026-01-01T00:00:00Z")], true),
            (#"{"DateEquals":{"aws:EpochTime":"1767225600"}}"#, ["aws:EpochTime": .single("2026-01-01T00:00:00Z")], true),   // epoch seconds
            (#"{"DateLessThanEquals":{"aws:CurrentTime":1767225600}}"#, ["aws:CurrentTime": .single("2025-12-31T23:59:59.5Z")], true),
            (#"{"DateNotEquals":{"aws:CurrentTime":"2026-01-01"}}"#, ["aws:CurrentTime": .single("2026-01-02")], true),
            (#"{"DateGreaterThanEquals":{"aws:CurrentTime":"2026-01-01"}}"#, ["aws:CurrentTime": .single("not a date")], false),
            (#"{"DateGreaterThan":{"aws:CurrentTime":"2026-02-30"}}"#, ["aws:CurrentTime": .single("2027-01-01")], false),
        ])
        XCTAssertEqual(DateValue.parse("1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(DateValue.parse("2000-03-01"), 951_868_800)
        XCTAssertEqual(DateValue.parse("2026-01-01T00:00:00.250Z"), 1_767_225_600.25)
    }

    func testBoolBinaryAndNull() {
        check([
            (#"{"Bool":{"aws:SecureTransport":"true"}}"#, ["aws:SecureTransport": .single("true")], true),
            (#"{"Bool":{"aws:SecureTransport":true}}"#, ["aws:SecureTransport": .single("TRUE")], true),
            (#"{"Bool":{"aws:SecureTransport":"true"}}"#, ["aws:SecureTransport": .single("false")], false),
            (#"{"Bool":{"aws:SecureTransport":"false"}}"#, [:], false),
            (#"{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}"#, [:], true),
            (#"{"BinaryEquals":{"x:key":"QmluYXJ5VmFsdWU="}}"#, ["x:key": .single("QmluYXJ5VmFsdWU=")], true),
            (#"{"BinaryEquals":{"x:key":"QmluYXJ5VmFsdWU="}}"#, ["x:key": .single("T3RoZXI=")], false),
            (#"{"Null":{"aws:PrincipalOrgID":"true"}}"#, [:], true),
            (#"{"Null":{"aws:PrincipalOrgID":"true"}}"#, ["aws:PrincipalOrgID": .single("o-1")], false),
            (#"{"Null":{"aws:PrincipalOrgID":"false"}}"#, ["aws:PrincipalOrgID": .single("o-1")], true),
            (#"{"Null":{"aws:PrincipalOrgID":"false"}}"#, [:], false),
            (#"{"Null":{"aws:TagKeys":"true"}}"#, ["aws:TagKeys": .multiple([])], true),
        ])
    }

    func testIPAddressFamily() {
        check([
            (#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#, ["aws:SourceIp": .single("203.0.113.9")], true),
            (#"{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#, ["aws:SourceIp": .single("203.0.114.9")], false),
            (#"{"IpAddress":{"aws:SourceIp":"203.0.113.9"}}"#, ["aws:SourceIp": .single("203.0.113.9")], true),
            (#"{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}"#, ["aws:SourceIp": .single("8.8.8.8")], true),
            (#"{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","198.51.100.0/24"]}}"#, ["aws:SourceIp": .single("198.51.100.7")], false),
            (#"{"NotIpAddress":{"aws:SourceIp":["203.0.113.0/24","198.51.100.0/24"]}}"#, ["aws:SourceIp": .single("192.0.2.1")], true),
            (#"{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}"#, ["aws:SourceIp": .single("2001:db8:1234:5678:abcd::1")], true),
            (#"{"IpAddress":{"aws:SourceIp":"2001:DB8:1234:5678::/64"}}"#, ["aws:SourceIp": .single("2001:db8:1234:5679::1")], false),
            (#"{"IpAddress":{"aws:SourceIp":"::/0"}}"#, ["aws:SourceIp": .single("::1")], true),
            (#"{"IpAddress":{"aws:SourceIp":"::/0"}}"#, ["aws:SourceIp": .single("10.0.0.1")], false),           // families never mix
            (#"{"IpAddress":{"aws:SourceIp":"::ffff:0:0/96"}}"#, ["aws:SourceIp": .single("::ffff:10.0.0.1")], true),
            (#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/33"}}"#, ["aws:SourceIp": .single("10.0.0.1")], false),    // invalid CIDR never matches
            (#"{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#, ["aws:SourceIp": .single("10.0.0.256")], false),
        ])
        XCTAssertNil(IPAddress("1:2:3:4:5:6:7:8:9"))
        XCTAssertNil(IPAddress("1::2::3"))
        XCTAssertNotNil(IPAddress("1:2:3:4:5:6:7:8"))
    }

    func testArnFamilyIsComponentWise() {
        check([
            (#"{"ArnEquals":{"aws:SourceArn":"arn:aws:ecr:us-east-1:111122223333:repository/a"}}"#, ["aws:SourceArn": .single("arn:aws:ecr:us-east-1:111122223333:repository/a")], true),
            (#"{"ArnLike":{"aws:SourceArn":"arn:aws:ecr:*:111122223333:repository/*"}}"#, ["aws:SourceArn": .single("arn:aws:ecr:eu-west-1:111122223333:repository/x/y")], true),
            (#"{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/ci-*"}}"#, ["aws:PrincipalArn": .single("arn:aws:iam::444455556666:role/ci-build")], true),
            // Each component separately: a region wildcard cannot swallow the account.
            (#"{"ArnLike":{"aws:SourceArn":"arn:aws:ecr:*:repository/x"}}"#, ["aws:SourceArn": .single("arn:aws:ecr:us-east-1:111122223333:repository/x")], false),
            (#"{"ArnLike":{"aws:SourceArn":"arn:aws:ecr:*:*:repository/x"}}"#, ["aws:SourceArn": .single("not-an-arn")], false),
            (#"{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/admin-*"}}"#, [:], true),
            (#"{"ArnNotEquals":{"aws:SourceArn":"arn:aws:ecr:*:*:repository/x"}}"#, ["aws:SourceArn": .single("arn:aws:ecr:us-east-1:111122223333:repository/x")], false),
            (#"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:user/${aws:username}"}}"#, [:], true),   // derived keys and variables
        ])
    }

    func testDerivedPrincipalKeys() {
        XCTAssertTrue(conditionHolds(#"{"StringEquals":{"aws:PrincipalAccount":"111122223333","aws:PrincipalType":"AssumedRole"}}"#, [:], principal: sameAccountSession))
        XCTAssertTrue(conditionHolds(#"{"ArnEquals":{"aws:PrincipalArn":"arn:aws:iam::111122223333:role/ci"}}"#, [:], principal: sameAccountSession))
        XCTAssertTrue(conditionHolds(#"{"StringEquals":{"aws:ResourceAccount":"111122223333"}}"#, [:]))
        // The request's own value wins over the derived one.
        XCTAssertFalse(conditionHolds(#"{"StringEquals":{"aws:PrincipalAccount":"111122223333"}}"#, ["aws:PrincipalAccount": .single("999999999999")]))
    }
}
