@testable import PolicyCore
import XCTest

final class JSONParserTests: XCTestCase {
    func parse(_ text: String) throws -> JSONNode { try JSONParser.parse(Array(text.utf8)) }

    /// Asserts the bytes are rejected at `line:column` with a message containing `message`.
    func assertRejects(_ bytes: [UInt8], at line: Int, _ column: Int, _ message: String, file: StaticString = #filePath, sourceLine: UInt = #line) {
        do {
            let node = try JSONParser.parse(bytes)
            XCTFail("accepted \(String(decoding: bytes, as: UTF8.self)) as \(node.kind)", file: file, line: sourceLine)
        } catch {
            XCTAssertEqual("\(error.position.line):\(error.position.column)", "\(line):\(column)", error.message, file: file, line: sourceLine)
            XCTAssertTrue(error.message.contains(message), "message '\(error.message)' lacks '\(message)'", file: file, line: sourceLine)
        }
    }

    func assertRejects(_ text: String, at line: Int, _ column: Int, _ message: String, file: StaticString = #filePath, sourceLine: UInt = #line) {
        assertRejects(Array(text.utf8), at: line, column, message, file: file, sourceLine: sourceLine)
    }

    func testValuesAndPositions() throws {
        let node = try parse("{\n  \"a\": [1, -2.5e3, true, false, null],\n  \"é\": \"x\\u00e9\\ud83d\\ude00\\n\"\n}")
        guard case .object(let members) = node.kind else { return XCTFail() }
        XCTAssertEqual(members.map(\.key), ["a", "é"])
        XCTAssertEqual(members[0].keySpan.start, SourcePosition(line: 2, column: 3, offset: 4))
        XCTAssertEqual(members[0].keySpan.end.column, 6)
        let array = try XCTUnwrap(members[0].value.elements)
        XCTAssertEqual(array.map(\.kind), [.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null])
        XCTAssertEqual(array[1].span.start.column, 12)
        XCTAssertEqual(array[1].span.end.column, 18)
        XCTAssertEqual(members[1].value.stringValue, "xé😀\n")
        // Columns count code points: "é" is two bytes but one column.
        XCTAssertEqual(members[1].keySpan.end.column, 6)
        XCTAssertEqual(members[1].value.span.start.column, 8)
        XCTAssertEqual(members[1].value.span.start.offset, 49)
        XCTAssertEqual(node.span.end.line, 4)
    }

    func testColumnsAfterMultibyteCharactersOnALine() throws {
        let node = try parse("[\"ü😀\", 1]")
        XCTAssertEqual(node.elements?[1].span.start.column, 8)
        XCTAssertEqual(node.elements?[1].span.start.offset, 11)
        assertRejects("[\"ü😀\", x]", at: 1, 8, "unexpected 'x'")
    }

    func testLineBreaksCRLFAndCR() throws {
        let node = try parse("[\r\n1,\r2]")
        XCTAssertEqual(node.elements?[0].span.start.line, 2)
        XCTAssertEqual(node.elements?[1].span.start.line, 3)
        XCTAssertEqual(node.elements?[1].span.start.column, 1)
    }

    func testAcceptsRFC8259Scalars() throws {
        XCTAssertEqual(try parse(" \"\" ").kind, .string(""))
        XCTAssertEqual(try parse("0").kind, .number("0"))
        XCTAssertEqual(try parse("-0.0E+10").kind, .number("-0.0E+10"))
        XCTAssertEqual(try parse("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"").kind, .string("\"\\/\u{8}\u{c}\n\r\t"))
        XCTAssertEqual(try parse("\"\\u0000\"").kind, .string("\u{0}"))
        XCTAssertEqual(try parse("[]").kind, .array([]))
        XCTAssertEqual(try parse("{}").kind, .object([]))
    }

    func testRejectsNonJSON() {
        assertRejects("", at: 1, 1, "empty")
        assertRejects("  \n ", at: 2, 2, "empty")
        assertRejects("[1,]", at: 1, 3, "trailing comma")
        assertRejects("{\"a\":1,\n}", at: 1, 7, "trailing comma")
        assertRejects("{\"a\":1 // c\n}", at: 1, 8, "comments")
        assertRejects("/* c */ {}", at: 1, 1, "comments")
        assertRejects("[NaN]", at: 1, 2, "NaN and Infinity")
        assertRejects("[-Infinity]", at: 1, 2, "NaN and Infinity")
        assertRejects("[Infinity]", at: 1, 2, "NaN and Infinity")
        assertRejects("[01]", at: 1, 2, "leading zeros")
        assertRejects("[-012]", at: 1, 3, "leading zeros")
        assertRejects("[+1]", at: 1, 2, "'+'")
        assertRejects("[.5]", at: 1, 2, "digit")
        assertRejects("[1.]", at: 1, 4, "decimal point")
        assertRejects("[1e]", at: 1, 4, "exponent")
        assertRejects("['a']", at: 1, 2, "double quotes")
        assertRejects("{a: 1}", at: 1, 2, "object key")
        assertRejects("{\"a\" 1}", at: 1, 6, "':'")
        assertRejects("[1 2]", at: 1, 4, "',' or ']'")
        assertRejects("[tru]", at: 1, 2, "'true'")
        assertRejects("[nulls]", at: 1, 2, "'null'")
        assertRejects("{} {}", at: 1, 4, "after the end")
        assertRejects("[\"a\tb\"]", at: 1, 4, "tab")
        assertRejects("[\"a\nb\"]", at: 1, 4, "line break")
        assertRejects("[\"a\u{1}\"]", at: 1, 4, "control character U+0001")
        assertRejects("[\"abc", at: 1, 2, "unterminated string")
        assertRejects("[\"\\x\"]", at: 1, 3, "invalid escape")
        assertRejects("[\"\\u12G4\"]", at: 1, 3, "four hexadecimal digits")
        assertRejects("[\"\\ud83d\"]", at: 1, 3, "lone high surrogate")
        assertRejects("[\"\\ud83dx\"]", at: 1, 3, "lone high surrogate")
        assertRejects("[\"\\ude00\"]", at: 1, 3, "lone low surrogate")
        assertRejects("[\"\\ud83d\\u0041\"]", at: 1, 3, "not a low surrogate")
        assertRejects("[1", at: 1, 3, "end of input")
        assertRejects("{\"a\":", at: 1, 6, "end of input")
        assertRejects("]", at: 1, 1, "expected a JSON value")
    }

    func testRejectsInvalidUTF8() {
        let q = UInt8(ascii: "\"")
        assertRejects([q, 0xFF, q], at: 1, 2, "invalid UTF-8")
        assertRejects([q, 0xC0, 0x80, q], at: 1, 2, "invalid UTF-8")           // overlong NUL
        assertRejects([q, 0xE0, 0x80, 0x80, q], at: 1, 2, "invalid UTF-8")     // overlong
        assertRejects([q, 0xED, 0xA0, 0x80, q], at: 1, 2, "invalid UTF-8")     // encoded surrogate
        assertRejects([q, 0xF4, 0x90, 0x80, 0x80, q], at: 1, 2, "invalid UTF-8") // above U+10FFFF
        assertRejects([q, 0xE2, 0x82], at: 1, 2, "UTF-8")                       // truncated
        assertRejects([q, 0xC3, 0xA9, 0x80, q], at: 1, 3, "invalid UTF-8")     // stray continuation
        assertRejects([0xEF, 0xBB, 0xBF, UInt8(ascii: "{"), UInt8(ascii: "}")], at: 1, 1, "byte order mark")
        assertRejects([0xC3, 0xA9], at: 1, 1, "character 'é'")
    }

    func testDepthAndSizeLimits() throws {
        let limits = JSONLimits(maxDepth: 4, maxBytes: 100)
        XCTAssertNoThrow(try JSONParser.parse(Array("[[[[1]]]]".utf8), limits: limits))
        XCTAssertThrowsError(try JSONParser.parse(Array("[[[[[1]]]]]".utf8), limits: limits))
        XCTAssertThrowsError(try JSONParser.parse(Array(repeating: UInt8(ascii: " "), count: 101) , limits: limits))
        // The default depth limit stops deep nesting without exhausting the stack.
        let deep = String(repeating: "[", count: 100_000)
        assertRejects(deep, at: 1, 65, "nested more than 64")
    }

    /// Parsing without the policy vocabulary (API answers, a single policy) gives the same tree,
    /// positions included.
    func testTheVocabularyChangesNoValue() throws {
        let text = #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:PutImage"], "Principal": {"AWS": "*"},"#
            + #" "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}, "Resource": "*", "Sid": "s\u00e9", "x": "ecr:BatchGetImagf", "y": ""}]}"#
        let interned = try JSONParser.parse(Array(text.utf8), internsPolicyWords: true)
        let plain = try JSONParser.parse(Array(text.utf8), internsPolicyWords: false)
        XCTAssertEqual(interned, plain)
        // `==` on strings is canonical equivalence; the vocabulary must also give the same bytes.
        XCTAssertEqual(Self.utf8Strings(interned), Self.utf8Strings(plain))
        XCTAssertTrue(Self.utf8Strings(plain).contains(Array("ecr:BatchGetImagf".utf8)))
        XCTAssertEqual(plain["Statement"]?.elements?.first?["Action"]?.elements?.last?.stringValue, "ecr:PutImage")
    }

    /// Every key and string value of a tree as UTF-8 bytes, in document order.
    static func utf8Strings(_ node: JSONNode) -> [[UInt8]] {
        switch node.kind {
        case .string(let text): return [Array(text.utf8)]
        default:
            if let members = node.members { return members.flatMap { [Array($0.key.utf8)] + utf8Strings($0.value) } }
            return (node.elements ?? []).flatMap(utf8Strings)
        }
    }

    func testDuplicateKeysAreKeptInOrder() throws {
        let node = try parse("{\"a\":1,\"a\":2}")
        XCTAssertEqual(node.members?.map(\.key), ["a", "a"])
        XCTAssertEqual(node["a"]?.kind, .number("1"))
    }

    func testJSONPathOfOffsets() throws {
        let text = "{\"Statement\":[{\"Principal\":{\"AWS\":[\"a\",\"b\"]}}]}"
        let node = try parse(text)
        let offset = Array(text.utf8).lastIndex(of: UInt8(ascii: "b"))!
        XCTAssertEqual(node.path(to: offset), "Statement[0].Principal.AWS[1]")
        XCTAssertEqual(node.path(to: 2), "Statement")
        XCTAssertEqual(JSONNode.appending(key: "aws:PrincipalTag/a.b", to: "Condition"), "Condition[\"aws:PrincipalTag/a.b\"]")
    }
}
