import Foundation
import PolicyCore
@testable import Reports
import XCTest

final class MarkupTests: XCTestCase {
    func testTextAndAttributesAreEscapedByLibxml2() throws {
        let xml = try MarkupSerializer.xml(MarkupElement("r", ["a": "\"'<>&"], text: "<x>&amp;"))
        let text = String(decoding: xml, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"))
        XCTAssertTrue(text.contains("<r a=\"&quot;'&lt;&gt;&amp;\">&lt;x&gt;&amp;amp;</r>"), text)
        let doc = ParsedXMLDocument(xml: xml)
        XCTAssertEqual(doc.strings("/r/@a"), ["\"'<>&"])
        XCTAssertEqual(doc.strings("/r"), ["<x>&amp;"])
    }

    func testCharactersXMLCannotCarryAreReplaced() throws {
        let xml = try MarkupSerializer.xml(MarkupElement("r", ["a": "a\u{0}b"], text: "x\u{1}y\u{FFFE}z 🔒"))
        let doc = ParsedXMLDocument(xml: xml)
        XCTAssertTrue(doc.isParsed, "\(doc.problems)")
        XCTAssertEqual(doc.strings("/r"), ["x\u{FFFD}y\u{FFFD}z 🔒"])
        XCTAssertEqual(doc.strings("/r/@a"), ["a\u{FFFD}b"])
    }

    func testScriptAndStyleTakeOnlyTheWritersOwnCode() {
        XCTAssertThrowsError(try MarkupSerializer.html(MarkupElement("html", [:], [.element(MarkupElement("script", [:], text: "alert(1)"))])))
        XCTAssertThrowsError(try MarkupSerializer.html(MarkupElement("html", [:], [.element(MarkupElement("style", [:], [.code("a{}</style><script>")]))])))
        XCTAssertThrowsError(try MarkupSerializer.html(MarkupElement("p", [:], [.code("x")])))
        XCTAssertThrowsError(try MarkupSerializer.html(MarkupElement("html", [:], [.element(MarkupElement("script", [:], [.code("'\u{2026}'")]))])))
        XCTAssertNoThrow(try MarkupSerializer.html(MarkupElement("html", [:], [.element(MarkupElement("script", [:], [.code("var a = 1 < 2;")]))])))
    }

    func testNamesMustBePlain() {
        XCTAssertThrowsError(try MarkupSerializer.xml(MarkupElement("a b")))
        XCTAssertThrowsError(try MarkupSerializer.xml(MarkupElement("a", ["on\"x": "1"])))
    }

    func testHTMLIsUTF8WhenTheHeadSaysSo() throws {
        let head = MarkupElement("head", [:], [.element(MarkupElement("meta", ["http-equiv": "Content-Type", "content": "text/html; charset=utf-8"]))])
        let html = try MarkupSerializer.html(MarkupElement("html", [:], [.element(head), .element(MarkupElement("body", [:], text: "é 🔒 <b>"))]))
        let text = String(decoding: html, as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("<!DOCTYPE html>"), text)
        XCTAssertTrue(text.contains("é 🔒 &lt;b&gt;"), text)
    }

    func testSHA256KnownAnswers() {
        XCTAssertEqual(SHA256.hex(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(Array(String(repeating: "a", count: 1_000).utf8)), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
        XCTAssertEqual(SHA256.base64(Array("abc".utf8)), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
    }
}

final class MarkupGeneratorTests: XCTestCase {
    func testGeneratedChildrenAreMadeInOrderAndNest() throws {
        let inner = MarkupGenerator(count: 2) { i in [.element(MarkupElement("b", text: "inner \(i)"))] }
        let outer = MarkupGenerator(count: 3) { i in [.element(MarkupElement("a", ["n": String(i)], [.generated(inner)])), .text("<\(i)>")] }
        let doc = ParsedXMLDocument(xml: try MarkupSerializer.xml(MarkupElement("r", [:], [.generated(outer)])))
        XCTAssertEqual(doc.strings("/r/a/@n"), ["0", "1", "2"])
        XCTAssertEqual(doc.count("/r/a/b"), 6)
        XCTAssertEqual(doc.strings("/r/text()"), ["<0>", "<1>", "<2>"])
        XCTAssertEqual(MarkupNode.generated(outer), MarkupNode.generated(MarkupGenerator(count: 3) { outer.make($0) }))
        XCTAssertNotEqual(MarkupNode.generated(outer), MarkupNode.generated(inner))
    }

    /// Generated children (nested, empty, text next to text, input that looks like the placeholders)
    /// come out as in the tree serialised whole, and their errors are still raised.
    func testGeneratedChildrenStreamAsTheWholeTreeSerialises() throws {
        let lookalike = "<!--ecrguard-generated-0--> ecrguard-generated- -->"
        let inner = MarkupGenerator(count: 3) { index in
            [.text("t\(index) é"), .text(lookalike), .element(MarkupElement("b", ["title": lookalike, "href": lookalike], text: "\(index)"))]
        }
        let rows = MarkupGenerator(count: 4) { index in
            [.element(MarkupElement("tr", ["data-i": String(index)], [.element(MarkupElement("td", [:], [.text("a"), .generated(inner), .text("z")]))])),
             .generated(MarkupGenerator(count: index) { _ in [.text("\u{2014}")] })]
        }
        let root = MarkupElement("html", [:], [
            .element(MarkupElement("head", [:], [.element(MarkupElement("meta", ["http-equiv": "Content-Type", "content": "text/html; charset=utf-8"]))])),
            .element(MarkupElement("body", [:], [
                .text("before"), .generated(MarkupGenerator(count: 0) { _ in [] }), .text("after"),
                .element(MarkupElement("table", [:], [.element(MarkupElement("tbody", [:], [.generated(rows)]))])),
                .element(MarkupElement("p", [:], [.generated(MarkupGenerator(count: 2) { _ in [.element(MarkupElement("br"))] })])),
                .element(MarkupElement("script", [:], [.generated(MarkupGenerator(count: 1) { _ in [.code("var a = 1 < 2;")] })])),
            ])),
        ])
        let streamed = try MarkupSerializer.html(root)
        XCTAssertEqual(streamed, try MarkupSerializer.wholeHTML(root))
        let text = String(decoding: streamed, as: UTF8.self)
        // libxml2 leaves `<` unescaped in HTML attribute values: the 12 titles and 12 hrefs, no placeholder.
        XCTAssertEqual(text.components(separatedBy: "<!--").count - 1, 24, text)
        XCTAssertTrue(text.contains("<tr data-i=\"3\"><td>at0 é&lt;!--ecrguard-generated-0--&gt;"), text)
        let textInScript = MarkupElement("html", [:], [.element(MarkupElement("script", [:], [.generated(MarkupGenerator(count: 1) { _ in [.text("alert(1)")] })]))])
        XCTAssertThrowsError(try MarkupSerializer.html(textInScript))
        XCTAssertThrowsError(try MarkupSerializer.wholeHTML(textInScript))
    }
}
