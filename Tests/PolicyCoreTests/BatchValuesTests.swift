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
        XCTAssertTrue([a, b, c, empty].allSatisfy(values.isKept))
        XCTAssertNotEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertNotEqual(b, c)
        XCTAssertEqual(values.number(of: "arn:aws:iam::111122223333:role/ci"), a)
        XCTAssertEqual(values.number(of: ""), empty)
        XCTAssertEqual(values.strings[b], "arn:aws:iam::111122223333:role/cj")
        XCTAssertEqual(values.strings.count, 4)
    }

    func testFullTableKeepsNothingNewButFindsWhatItKept() {
        var values = BatchValues(limit: 2)
        XCTAssertEqual(values.number(of: "ecr:PutImage"), 0)
        XCTAssertEqual(values.number(of: "ecr:GetAuthorizationToken"), 1)
        let unkept = values.number(of: "ecr:BatchGetImage")
        XCTAssertFalse(values.isKept(unkept))
        XCTAssertEqual(values.strings[unkept], "ecr:BatchGetImage")
        XCTAssertEqual(values.number(of: "ecr:PutImage"), 0)
        values.forgetCaseValues()
        XCTAssertEqual(values.strings, ["ecr:PutImage", "ecr:GetAuthorizationToken"])
        XCTAssertEqual(values.facts.count, 2)
        var small = BatchValues(limit: 10, byteLimit: 12)
        XCTAssertEqual(small.number(of: "ecr:PutImage"), 0)
        XCTAssertFalse(small.isKept(small.number(of: "x")))
    }

    /// With every hash equal, values are still told apart by their bytes (equal bytes one number,
    /// different bytes never), and a value whose probe sequence is full is numbered for its case
    /// only, while the values kept before it are still found.
    func testCollidingValuesAreToldApartByTheirBytes() {
        var values = BatchValues(limit: 1000, hashMask: 0)
        let texts = (0..<ValueTable.maxProbes).map { "arn:aws:iam::111122223333:role/r\($0)" }
        let numbers = texts.map { values.number(of: $0) }
        XCTAssertEqual(numbers, Array(0..<ValueTable.maxProbes))
        XCTAssertTrue(numbers.allSatisfy(values.isKept))
        for (text, number) in zip(texts, numbers).reversed() { XCTAssertEqual(values.number(of: text), number, text) }
        // A prefix, an extension and the empty text of colliding values are values of their own.
        let prefix = values.number(of: "arn:aws:iam::111122223333:role/r")
        XCTAssertFalse(values.isKept(prefix), "the probe sequence is full")
        XCTAssertEqual(values.strings[prefix], "arn:aws:iam::111122223333:role/r")
        let later = values.number(of: "arn:aws:iam::111122223333:role/r10x")
        XCTAssertNotEqual(later, prefix)
        XCTAssertFalse(values.isKept(later))
        values.forgetCaseValues()
        XCTAssertEqual(values.strings.count, ValueTable.maxProbes)
        XCTAssertEqual(values.number(of: texts[7]), 7)
    }

    /// A value's hash depends on its bytes alone, not on where they lie (the last word is read
    /// unaligned, overlapping the one before), and on every byte of it.
    func testWordHashReadsEveryByteAndOnlyThem() {
        let text = Array("arn:aws:ecr:eu-west-1:111122223333:repository/payments-service-17".utf8)
        var buffer = [UInt8](repeating: 0xFF, count: text.count + 16)
        for length in 0...text.count {
            var hashes = Set<UInt64>()
            for offset in 0..<8 {
                buffer.replaceSubrange(offset..<offset + length, with: text[0..<length])
                buffer.withUnsafeBufferPointer { b in
                    hashes.insert(ValueTable.wordHash(UnsafeBufferPointer(rebasing: b[offset..<offset + length]), seed: 42))
                }
                buffer = [UInt8](repeating: UInt8(truncatingIfNeeded: offset), count: text.count + 16)
            }
            XCTAssertEqual(hashes.count, 1, "length \(length)")
        }
        text.withUnsafeBufferPointer { b in
            let whole = ValueTable.wordHash(b, seed: 42)
            var changed = text
            for i in text.indices {
                changed[i] ^= 1
                changed.withUnsafeBufferPointer { XCTAssertNotEqual(ValueTable.wordHash($0, seed: 42), whole, "byte \(i)") }
                changed[i] ^= 1
            }
            XCTAssertNotEqual(ValueTable.wordHash(UnsafeBufferPointer(rebasing: b.dropLast()), seed: 42), whole)
            XCTAssertNotEqual(ValueTable.wordHash(b, seed: 43), whole)
            // No bytes are no bytes, with or without an address.
            XCTAssertEqual(ValueTable.wordHash(UnsafeBufferPointer(start: nil, count: 0), seed: 42),
                           ValueTable.wordHash(UnsafeBufferPointer(rebasing: b[3..<3]), seed: 42))
        }
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
        for (limit, hashMask) in [(16_384, ~0), (16_384, 0), (3, ~0), (0, ~0)] as [(Int, UInt64)] {
            var options = BatchSimulation.Options()
            options.valueLimit = limit
            options.valueHashMask = hashMask
            let r = try BatchSimulation.results(Array(batch.utf8), file: "b.json", options: options)
            XCTAssertEqual(r.map(\.decision), expected, "value limit \(limit)")
            XCTAssertEqual(r.map(\.id), ["base", "escaped", "resource", "action", "principal", "context", "policy", "escaped-action-only", "base-again"])
            guard case .error(let e) = r[6].answer else { return XCTFail("value limit \(limit)") }
            XCTAssertTrue(e.message.contains(#"no policy named "pusi""#), e.message)
        }
    }
}
