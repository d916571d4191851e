@testable import PolicyCore
import XCTest

/// The member names of a batch case and request, matched against a key's bytes by length and one
/// byte, then one comparison: every name is recognised, and a key one byte away from a name (of
/// the same length, or a byte shorter or longer) is not.
final class BatchMemberNameTests: XCTestCase {
    /// The key of `{"TEXT": 0}` as the scanner reads it.
    func withKey<R>(_ text: String, _ body: (JSONScanner.Key) -> R) throws -> R {
        let document = Array("{\"\(text)\": 0}".utf8)
        return try document.withUnsafeBufferPointer { bytes throws(JSONSyntaxError) -> R in
            var scanner = JSONScanner(bytes: bytes, limits: .default)
            try scanner.beginDocument()
            _ = try scanner.beginObject(depth: 1)
            return body(try scanner.memberKey())
        }
    }

    func testEveryNameAndNoNearMiss() throws {
        for name in CaseMemberName.allCases {
            XCTAssertEqual(try withKey(name.rawValue) { CaseMemberName($0) }, name)
            XCTAssertEqual(try withKey(name.rawValue) { $0.is(name.name) }, true)
            for miss in nearMisses(name.rawValue) {
                XCTAssertNil(try withKey(miss) { CaseMemberName($0) }, miss)
            }
            XCTAssertNil(try withKey(name.rawValue) { RequestMemberName($0) }, name.rawValue)
        }
        for name in RequestMemberName.allCases {
            XCTAssertEqual(try withKey(name.rawValue) { RequestMemberName($0) }, name)
            for miss in nearMisses(name.rawValue) {
                XCTAssertNil(try withKey(miss) { RequestMemberName($0) }, miss)
            }
        }
        // Escaped keys are matched by their decoded text.
        XCTAssertEqual(try withKey(#"\u0069dentityPolicies"#) { CaseMemberName($0) }, .identityPolicies)
        XCTAssertEqual(try withKey(#"resourc\u0065"#) { RequestMemberName($0) }, .resource)
    }

    /// Each byte changed (case flipped or the next letter), the last byte dropped, one byte added.
    func nearMisses(_ name: String) -> [String] {
        var out: [String] = [String(name.dropLast()), name + "s", name.uppercased()]
        let bytes = Array(name.utf8)
        for i in bytes.indices {
            var changed = bytes
            changed[i] = changed[i] == UInt8(ascii: "z") ? UInt8(ascii: "a") : changed[i] + 1
            out.append(String(decoding: changed, as: UTF8.self))
        }
        return out
    }
}
