@testable import PolicyCore
import XCTest

/// `BatchValues`: a batch's string values numbered by their decoded bytes, and the batch reader
/// reusing what it derived from a value only for the same bytes.
final class BatchValuesTests: XCTestCase {
    func testSameBytesSameNumberOneByteApartNot() {
        var values = BatchValues()
        let a = values.number(of: "arn:aws:iam::111122223333:role/ci")
        let b = values.number(of: "arn:aws:iam::111122223333:role/cj")
        let c = values.number(of: "arn:aws:iam::111122223333:role/c")
        let empty = values.number(of: "")
        XCTAssertNotNil(a)
        XCTAssertNotEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertNotEqual(b, c)
        XCTAssertEqual(values.number(of: "arn:aws:iam::111122223333:role/ci"), a)
        XCTAssertEqual(values.number(of: ""), empty)
        XCTAssertEqual(values.strings[b!], "arn:aws:iam::111122223333:role/cj")
        XCTAssertEqual(values.strings.count, 4)
    }

    func testFullTableKeepsNothingNewButFindsWhatItKept() {
        var values = BatchValues(limit: 2)
        XCTAssertEqual(values.number(of: "ecr:PutImage"), 0)
        XCTAssertEqual(values.number(of: "ecr:GetAuthorizationToken"), 1)
        XCTAssertNil(values.number(of: "ecr:BatchGetImage"))
        XCTAssertEqual(values.number(of: "ecr:PutImage"), 0)
        var small = BatchValues(limit: 10, byteLimit: 12)
        XCTAssertEqual(small.number(of: "ecr:PutImage"), 0)
        XCTAssertNil(small.number(of: "x"))
    }

    /// Cases whose values are the same text written with and without escapes decide alike; a case
    /// one byte away from another (principal, action, resource, context, policy name) is decided on
    /// its own bytes, and the first case's answer is unchanged after them. The same with a table too
    /// small to keep the values, where every case is read from its text.
    func testEscapedValuesAreTheSameAndOneByteIsNot() throws {
        let policy = """
        {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ecr:PutImage",
          "Resource": "arn:aws:ecr:us-east-1:111122223333:repository/app",
          "Condition": {"StringEquals": {"aws:PrincipalArn": "arn:aws:iam::111122223333:role/ci"}, "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}}
        """
        func c(_ id: String, principal: String = "arn:aws:iam::111122223333:role/ci", action: String = "ecr:PutImage",
               resource: String = "arn:aws:ecr:us-east-1:111122223333:repository/app", ip: String = "203.0.113.9", policy: String = "push") -> String {
            #"{"id": "\#(id)", "request": {"principal": "\#(principal)", "action": "\#(action)", "resource": "\#(resource)", "context": {"aws:SourceIp": "\#(ip)"}}, "identityPolicies": ["\#(policy)"]}"#
        }
        let cases = [
            c("base"),
            c("escaped", principal: #"arn:aws:iam::111122223333:\u0072ole/ci"#, action: #"\u0065cr:PutImage"#,
              resource: #"arn:aws:ecr:us-east-1:111122223333:rep\u006fsitory/app"#, ip: #"203.0.113.\u0039"#, policy: #"p\u0075sh"#),
            c("resource", resource: "arn:aws:ecr:us-east-1:111122223333:repository/apq"),
            c("action", action: "ecr:PutImagd"),
            c("principal", principal: "arn:aws:iam::111122223333:role/cj"),
            c("context", ip: "203.0.114.9"),
            c("policy", policy: "pusi"),
            c("escaped-action-only", action: #"\u0065cr:PutImage"#),
            c("base-again"),
        ]
        let batch = #"{"policies": {"push": \#(policy)}, "cases": [\#(cases.joined(separator: ",\n"))]}"#
        let expected = ["allowed", "allowed", "implicitDeny", "implicitDeny", "implicitDeny", "implicitDeny", "error", "allowed", "allowed"]
        for limit in [16_384, 3, 0] {
            var options = BatchSimulation.Options()
            options.valueLimit = limit
            let r = try BatchSimulation.results(Array(batch.utf8), file: "b.json", options: options)
            XCTAssertEqual(r.map(\.decision), expected, "value limit \(limit)")
            XCTAssertEqual(r.map(\.id), ["base", "escaped", "resource", "action", "principal", "context", "policy", "escaped-action-only", "base-again"])
            guard case .error(let e) = r[6].answer else { return XCTFail("value limit \(limit)") }
            XCTAssertTrue(e.message.contains(#"no policy named "pusi""#), e.message)
        }
    }
}
