import JMESPath
import XCTest

/// Errors are typed, placed in the expression, and readable.
final class ErrorTests: XCTestCase {
    func testSyntaxErrorsPointAtTheToken() throws {
        let incomplete = try XCTUnwrap(assertError("foo[", "{}", .syntax))
        XCTAssertEqual(incomplete.offset, 4)
        XCTAssertEqual(incomplete.description, "syntax error at column 5: the expression ends too early\n  foo[\n      ^")
        XCTAssertEqual(assertError("foo.[a, b", "{}", .syntax)?.offset, 9)
        XCTAssertEqual(assertError("a.b ~", "{}", .syntax)?.description,
                       "syntax error at column 5: unknown character '~'\n  a.b ~\n      ^")
        XCTAssertEqual(assertError("foo[?a==b]]", "{}", .syntax)?.message, "unexpected ']'")
        XCTAssertEqual(assertError("", "{}", .syntax)?.message, "the expression is empty")
    }

    func testFunctionErrorsNameTheFunctionAndPointAtIt() throws {
        let arity = try XCTUnwrap(assertError("a | length(@, @)", "{}", .invalidArity))
        XCTAssertEqual(arity.offset, 4)
        XCTAssertEqual(arity.message, "length() takes 1 argument, got 2")
        XCTAssertEqual(assertError("nope(@)", "{}", .unknownFunction)?.message, "there is no function named nope()")
        XCTAssertEqual(assertError("abs('x')", "{}", .invalidType)?.message, #"abs() argument 1 must be number, got string "x""#)
        XCTAssertEqual(assertError("sum(@)", "[1, \"2\"]", .invalidType)?.message,
                       #"sum() argument 1 must be array-number, got an array of numbers containing string "2""#)
    }

    func testFunctionsAreCheckedWhenCalledAsInJMESPathPy() throws {
        assertSearch("[].nope(@)", "[]", "[]")  // never called
        XCTAssertThrowsError(try JMESPath.Expression(compiling: "nope(")) { error in
            XCTAssertEqual((error as? JMESPathError)?.kind, .syntax)
        }
    }

    func testJSONReaderFollowsPythonJSON() throws {
        XCTAssertTrue(sameJSON(try JMESValue(jsonText: #"{"k": 1, "j": 2, "k": 3}"#),
                               .object(JMESObject([("k", .int(3)), ("j", .int(2))]))))
        XCTAssertTrue(try JMESValue(jsonText: "1.0").isIdentical(to: .double(1)))
        XCTAssertTrue(try JMESValue(jsonText: "-0").isIdentical(to: .int(0)))
        XCTAssertTrue(try JMESValue(jsonText: " NaN ").isIdentical(to: .double(.nan)))
        XCTAssertEqual(try JMESValue(json: Data([0xEF, 0xBB, 0xBF] + Array("[true]".utf8))), .array([.bool(true)]))
        for bad in ["01", "1.", "[1,]", "{\"a\" 1}", "\"\u{1}\"", "\"\\x\"", "nul", "[1] 2"] {
            XCTAssertThrowsError(try JMESValue(jsonText: bad), bad)
        }
    }
}

/// Pathological expressions end in an error or an answer, never a crash.
final class LimitTests: XCTestCase {
    func testDeepNestingIsASyntaxError() {
        let deep = String(repeating: "(", count: 300) + "a" + String(repeating: ")", count: 300)
        assertError(deep, "{}", .syntax)
        let shallow = String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)
        assertSearch(shallow, #"{"a": 1}"#, "1")
    }

    func testLongChainsAreRefusedBeyondTheLimit() {
        assertSearch("a" + String(repeating: ".a", count: 200), #"{"a": {"a": 1}}"#, "null")
        for op in [".a", " || a", " | a", "[0]", "[]", " == a"] {
            assertError("a" + String(repeating: op, count: 100_000), "{}", .syntax)
        }
    }
}
