import JMESPath
import XCTest

/// Identifiers, raw strings, JSON literals, escapes and Unicode.
final class LexicalTests: XCTestCase {
    let unicodeKeys = "{\"é\": 1, \"e\\u0301\": 2, \"😀\": \"x😀y\", \"\\\"q\\\"\": 3}"

    func testQuotedIdentifiersAreJSONStringsComparedByCodePoint() {
        assertSearch(#""\u00e9""#, unicodeKeys, "1")
        assertSearch(#""e\u0301""#, unicodeKeys, "2")   // not the same key as "é"
        assertSearch(#""\"q\"""#, unicodeKeys, "3")
        assertSearch("\"😀\"", unicodeKeys, "\"x😀y\"")
    }

    func testRawStringsKeepBackslashesExceptBeforeAQuote() {
        assertSearch(#"'it\'s'"#, "{}", #""it's""#)
        assertSearch(#"'a\\b'"#, "{}", #""a\\\\b""#)
        assertSearch(#"length('a\\b')"#, "{}", "4")
    }

    func testLiteralsAreJSONWithTheDeprecatedStringForm() {
        assertSearch(#"`"a\`b"`"#, "{}", #""a`b""#)
        assertSearch("`foo`", "{}", #""foo""#)
        assertSearch("` bar`", "{}", #""bar""#)
        assertSearch("`[1, 2.0, {\"k\": null}]`", "{}", #"[1, 2.0, {"k": null}]"#)
        assertError("`\"a`", "{}", .syntax)
    }

    func testStringFunctionsCountCodePoints() {
        assertSearch("length('😀')", "{}", "1")
        assertSearch("reverse('ab😀')", "{}", #""😀ba""#)
        assertSearch("sort(@)", #"["b", "é", "e\u0301", "a", "Z", "😀"]"#, #"["Z", "a", "b", "e\u0301", "é", "😀"]"#)
        assertSearch("starts_with(@, 'e')", #""e\u0301""#, "true")
        assertSearch("starts_with(@, 'é')", #""e\u0301""#, "false")
    }

    func testParserAcceptsWhatJMESPathPyAccepts() {
        assertSearch("{a: a b: b}", #"{"a": 1, "b": 2}"#, #"{"a": 1, "b": 2}"#)  // no comma needed
        assertError("length(a b)", "{}", .invalidArity)                         // two arguments
        assertError("(a)(@)", "{}", .unknownFunction)                           // a call of a()
        assertError("foo.\"bar\"(@)", "{}", .syntax)
        assertError("a = b", "{}", .syntax)
    }
}
