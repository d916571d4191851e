import JMESPath
import XCTest

/// Built-in functions where Python's types and number formatting decide the answer.
final class FunctionTests: XCTestCase {
    func testToStringFormatsNumbersAsPythonJSON() throws {
        let cases: [(String, String)] = [
            ("1.0", "1.0"), ("1e16", "1e+16"), ("1e-5", "1e-05"), ("0.1", "0.1"), ("-0.0", "-0.0"),
            ("123456789.125", "123456789.125"), ("1e15", "1000000000000000.0"), ("0.0001", "0.0001"),
            ("1.5e300", "1.5e+300"), ("7", "7"), (#"[1, 2.5, "é", {"k": null}]"#, #"[1,2.5,"\u00e9",{"k":null}]"#),
            (#""😀\u007f""#, #""😀\u007f""#),  // a string is returned as it is
            (#"["😀\u007f\n"]"#, #"["\ud83d\ude00\u007f\n"]"#),
        ]
        for (literal, expected) in cases {
            let result = try JMESPath.search("to_string(`\(literal)`)", in: .null)
            guard case .string(let text) = result else { return XCTFail("to_string(\(literal)) gave \(result)") }
            let want = literal.hasPrefix("\"") ? try JMESValue(jsonText: expected) : .string(expected)
            XCTAssertEqual(.string(text), want, "to_string(`\(literal)`)")
        }
        assertSearch("to_string(avg(`[1, 2, 4]`))", "{}", #""2.3333333333333335""#)
    }

    func testNumberResultsKeepPythonsIntegerAndFloatKinds() {
        assertSearch("ceil(`1.2`)", "{}", "2")
        assertSearch("floor(`-1.5`)", "{}", "-2")
        assertSearch("avg(`[1, 2]`)", "{}", "1.5")
        assertSearch("avg(`[2, 2]`)", "{}", "2.0")
        assertSearch("sum(`[1, 2]`)", "{}", "3")
        assertSearch("sum(`[1, 2.0]`)", "{}", "3.0")
        assertSearch("abs(`-3`)", "{}", "3")
        assertSearch("max(@)", "[1, 3.0, 3, 2]", "3.0")  // the first of equal maxima
    }

    func testToNumberReadsTextAsPythonsIntAndFloat() {
        let cases: [(String, String)] = [
            ("12", "12"), (" 3.5 ", "3.5"), ("1_000", "1000"), ("1e3", "1000.0"), ("abc", "null"), ("0x10", "null"),
            ("١٢", "12"), ("-7", "-7"), ("+4", "4"), ("1__0", "null"), (".5", "0.5"), ("5.", "5.0"), ("1_0.5", "10.5"),
            ("inf", "Infinity"), ("", "null"),
        ]
        for (text, expected) in cases {
            assertSearch("to_number(@)", JSONWriter().text(.string(text)), expected)
        }
    }

    func testSortingIsStableAndTyped() {
        assertSearch("sort(@)", "[3, 1.5, -2, 1]", "[-2, 1, 1.5, 3]")
        assertSearch("sort_by(@, &n)", #"[{"n": 2, "i": 0}, {"n": 1.0, "i": 1}, {"n": 2.0, "i": 2}, {"n": 1, "i": 3}]"#,
                     #"[{"n": 1.0, "i": 1}, {"n": 1, "i": 3}, {"n": 2, "i": 0}, {"n": 2.0, "i": 2}]"#)
        assertSearch("min_by(@, &n)", #"[{"n": 1, "i": 0}, {"n": 1.0, "i": 1}]"#, #"{"n": 1, "i": 0}"#)
        assertError("sort_by(@, &n)", #"[{"n": 2}, {"n": "a"}]"#, .invalidType)
        assertError("sort_by(@, &n)", #"[{"n": true}, {"n": 1}]"#, .invalidType)
        assertError("min(`[1, \"a\"]`)", "{}", .invalidType)
    }

    func testMergeContainsJoinMapNotNull() {
        assertSearch(#"merge(`{"b": 1, "a": 2}`, `{"c": 3, "b": 4}`)"#, "{}", #"{"b": 4, "a": 2, "c": 3}"#)
        assertSearch("merge(`{}`, `[[\"k\", 1]]`, `[]`)", "{}", #"{"k": 1}"#)  // Python's dict.update
        assertSearch("contains(`[true]`, `1`)", "{}", "true")
        assertError("contains('abc', `1`)", "{}", .invalidType)
        assertSearch("join(', ', `[\"a\", \"b\"]`)", "{}", #""a, b""#)
        assertSearch("map(&a, `[{\"a\": 1}, {}]`)", "{}", "[1, null]")
        assertSearch("not_null(`null`, a, `2`)", "{}", "2")
        assertSearch("type(&a)", "{}", "null")
    }
}
