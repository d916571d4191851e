import Foundation
import PolicyCore
import XCTest

/// The one JSON writer of the package: layouts, escaping, canonical form and equality by meaning.
final class OrderedJSONTests: XCTestCase {
    let value = OrderedJSON.object([("b", .number("1.50")), ("a", .array([.bool(true), .null, .int(-3)])), ("c", .object([])),
                                    ("d", .array([.string("x"), .string("y")]))])

    func testLayoutsKeepMemberOrderAndNumberText() {
        XCTAssertEqual(value.rendered(.compact), #"{"b":1.50,"a":[true,null,-3],"c":{},"d":["x","y"]}"#)
        XCTAssertEqual(value.rendered(pretty: false), value.rendered(.compact))
        XCTAssertEqual(value.rendered(), "{\n  \"b\": 1.50,\n  \"a\": [\n    true,\n    null,\n    -3\n  ],\n  \"c\": {},\n  \"d\": [\n    \"x\",\n    \"y\"\n  ]\n}")
        XCTAssertEqual(value.rendered(.awsCLI), value.rendered(.pretty).replacingOccurrences(of: "  ", with: "    "))
        XCTAssertEqual(OrderedJSON.array([]).rendered(), "[]")
    }

    func testCanonicalFormSortsKeysAtEveryLevel() {
        let reordered = OrderedJSON.object([("d", .array([.string("x"), .string("y")])), ("c", .object([])),
                                            ("a", .array([.bool(true), .null, .int(-3)])), ("b", .number("1.50"))])
        XCTAssertEqual(value.rendered(.canonical), #"{"a":[true,null,-3],"b":1.50,"c":{},"d":["x","y"]}"#)
        XCTAssertEqual(reordered.rendered(.canonical), value.rendered(.canonical))
        XCTAssertEqual(OrderedJSON.object([("z", .object([("y", .int(1)), ("x", .int(2))]))]).rendered(.awsCLI.withSortedKeys),
                       "{\n    \"z\": {\n        \"x\": 2,\n        \"y\": 1\n    }\n}")
    }

    func testPolicyLayoutKeepsShortScalarArraysOnOneLine() {
        XCTAssertEqual(value.rendered(.policy), "{\n  \"b\": 1.50,\n  \"a\": [true, null, -3],\n  \"c\": {},\n  \"d\": [\"x\", \"y\"]\n}")
        let long = OrderedJSON.object([("Action", .array((1...12).map { .string("ecr:SomeLongActionName\($0)") }))])
        XCTAssertTrue(long.rendered(.policy).contains("[\n    \"ecr:SomeLongActionName1\",\n"), long.rendered(.policy))
    }

    func testEscapingIsValidJSONAndKeepsNonASCII() throws {
        let text = "q\"b\\n\n\r\t\u{08}\u{0C}\u{01}é☃"
        let quoted = OrderedJSON.quoted(text)
        XCTAssertEqual(quoted, #""q\"b\\n\n\r\t\b\f\u0001é☃""#)
        XCTAssertEqual(try JSONParser.parse(quoted).stringValue, text)
        XCTAssertEqual(OrderedJSON.string(text).rendered(.policy), quoted)
    }

    func testEqualityIsByMeaning() {
        XCTAssertEqual(OrderedJSON.object([("a", .int(1)), ("b", .null)]), .object([("b", .null), ("a", .number("1.0"))]))
        XCTAssertNotEqual(OrderedJSON.array([.int(1), .int(2)]), .array([.int(2), .int(1)]))
        XCTAssertNotEqual(OrderedJSON.object([("a", .int(1))]), .object([("a", .string("1"))]))
        XCTAssertNotEqual(OrderedJSON.object([("a", .int(1))]), .object([("a", .int(1)), ("b", .int(1))]))
    }

    func testBuiltFromAParsedDocumentUnchanged() throws {
        let text = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","N":1e3,"B":false,"Z":null}]}"#
        let value = OrderedJSON(try JSONParser.parse(text))
        XCTAssertEqual(value.rendered(.compact), text)
        XCTAssertEqual(value["Version"], .string("2012-10-17"))
        XCTAssertNil(value["Missing"])
    }
}

/// One quoting for every JSON ecrguard writes: the same bytes as `JSONEncoder` (slashes unescaped),
/// into bytes or into text alike.
final class JSONQuotingTests: XCTestCase {
    func testQuotingMatchesJSONEncoder() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let samples = [String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self), "", "plain", "a\"b\\c/d", "é🔒\u{2028}\u{FEFF}", "\u{7F}\u{1F}x"]
        for sample in samples {
            let expected = String(decoding: try encoder.encode(sample), as: UTF8.self)
            var bytes: [UInt8] = []
            JSONQuoting.append(sample, to: &bytes)
            var text = "<"
            JSONQuoting.append(sample, to: &text)
            XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected, sample.debugDescription)
            XCTAssertEqual(text, "<" + expected, sample.debugDescription)
            XCTAssertEqual(OrderedJSON.quoted(sample), expected, sample.debugDescription)
        }
    }
}
