import Foundation
import PolicyCore
@testable import Reports
import TestSupport
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

/// `MarkupWriter` writes the bytes of libxml2's own serialisation of the whole tree (`wholeXML`,
/// `wholeHTML`) for any text: every string below goes into text and into attribute values of
/// each kind (plain, URI, boolean) in both dialects.
final class MarkupWriterTests: XCTestCase {
    override func setUp() {
        continueAfterFailure = false
    }

    static let hostile: [String] = [
        "", " ", "plain text, 1-2 (x)", "<>&\"'", "</td></tr><script>alert(1)</script>", "a & b && c &amp; &#60; &{x}; &{",
        "\"double\" and 'single'", "only \"double\"", "only 'single'", "<!-- comment -->", "<!--ecrguard-generated-0-->", "]]>", "<![CDATA[x]]>",
        "tab\there", "line\nfeed", "carriage\rreturn", "crlf\r\n", "\u{0}\u{1}\u{8}\u{B}\u{C}\u{E}\u{1F}\u{7F}", "x\u{1F}00000012\u{1F}00000003",
        String(decoding: [0x61, 0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0x62] as [UInt8], as: UTF8.self),
        "é 🔒 \u{2014} \u{201C}quoted\u{201D} \u{00B7} 日本語 \u{85} \u{2028} \u{200B} \u{FEFF}", "\u{FFFE}\u{FFFF}\u{FFFD}\u{10FFFF}",
        "  leading blanks", "javascript:alert(1)", "https://example.com/a b?c=d&e=<f>#g", "#rule-PUBLIC_ACCESS", "%41%zz", "@/:=?;#%,+~*'()!",
        String(repeating: "a long line with <markup> & \"quotes\" é ", count: 3_000),
    ]

    private func assertSameBytes(_ root: MarkupElement, file: StaticString = #filePath, line: UInt = #line) throws {
        let html = MarkupElement("html", [:], [
            .element(MarkupElement("head", [:], [.element(MarkupElement("meta", ["http-equiv": "Content-Type", "content": "text/html; charset=utf-8"]))])),
            .element(MarkupElement("body", [:], [.element(root)])),
        ])
        let written = try MarkupSerializer.html(html), whole = try MarkupSerializer.wholeHTML(html)
        XCTAssertTrue(written == whole, "HTML: " + Self.firstDifference(written, whole), file: file, line: line)
        let writtenXML = try MarkupSerializer.xml(root), wholeXML = try MarkupSerializer.wholeXML(root)
        XCTAssertTrue(writtenXML == wholeXML, "XML: " + Self.firstDifference(writtenXML, wholeXML), file: file, line: line)
    }

    private static func firstDifference(_ written: Data, _ reference: Data) -> String {
        let a = Array(written), b = Array(reference)
        let index = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        func around(_ bytes: [UInt8]) -> String { String(decoding: bytes[max(0, index - 60)..<min(bytes.count, index + 60)], as: UTF8.self).debugDescription }
        return "first difference at byte \(index) of \(a.count) (libxml2: \(b.count)):\nwritten \(around(a))\nlibxml2 \(around(b))"
    }

    private func element(for text: String) -> MarkupElement {
        MarkupElement("div", ["class": text, "title": text, "data-x": text], [
            .text(text),
            .element(MarkupElement("a", ["href": text, "name": text, "rel": text], text: text)),
            .element(MarkupElement("img", ["src": text, "alt": text])),
            .element(MarkupElement("form", ["action": text], [.element(MarkupElement("input", ["checked": text, "disabled": text, "value": text]))])),
            .element(MarkupElement("meta", ["name": text, "content": text])),
            .element(MarkupElement("span", ["name": text], [.text(text), .text(text)])),
            .element(MarkupElement("pre", [:], [.element(MarkupElement("code", [:], [.text(text), .element(MarkupElement("mark", text: text)), .text("\n")]))])),
        ])
    }

    func testHostileStringsGiveLibxml2sBytes() throws {
        for text in Self.hostile { try assertSameBytes(element(for: text)) }
        // All at once, as siblings and nested.
        try assertSameBytes(MarkupElement("section", [:], Self.hostile.map { .element(element(for: $0)) }))
    }

    /// Random strings over characters libxml2 treats specially, each in every place.
    func testRandomStringsGiveLibxml2sBytes() throws {
        let pieces: [String] = ["<", ">", "&", "\"", "'", "a", "Z", "0", " ", "\t", "\n", "\r", "\u{0}", "\u{1B}", "\u{7F}", "é", "🔒", "\u{FFFE}",
                                "\u{2014}", "%", "#", "{", "}", "!--", "-->", "]]>", "=", "/", "?", ";", ",", "+", "~", "(", ")", "*", "@", ":", "\\", "`", "|"]
        var generator = SplitMix64(seed: 20_261_205)
        var strings: [String] = []
        for _ in 0..<400 {
            let length = Int(generator.next() % 12)
            strings.append((0..<length).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined())
        }
        for text in strings { try assertSameBytes(element(for: text)) }
    }

    /// Indentation (XML), childless and void elements, text next to elements, empty text, and
    /// generated children that make nothing.
    func testLayoutsGiveLibxml2sBytes() throws {
        let names = ["p", "td", "th", "tr", "tbody", "thead", "li", "ul", "dd", "dt", "dl", "span", "div", "table", "section", "article", "main",
                     "nav", "header", "footer", "details", "summary", "h1", "h3", "code", "pre", "a", "option", "colgroup", "col", "br", "hr", "meta",
                     "link", "img", "input", "area", "base", "param", "embed", "source", "testcase", "system-out", "x:y",
                     // Tags and ` name="` kept inline up to 24 bytes: names around that length, and longer.
                     "twenty-one-characters", "twenty-two-characterss", "twenty-three-characters", "a-name-of-thirty-two-characters!".filter { $0 != "!" } + "x"]
        try assertSameBytes(MarkupElement("div", [:], names.map { .element(MarkupElement($0)) }))
        for name in names where name.count > 18 {
            try assertSameBytes(MarkupElement(name, [name: name, "data-" + name: "v"], [.element(MarkupElement(name, [name: "<\(name)>"], text: name))]))
        }
        try assertSameBytes(MarkupElement("div", [:], names.filter { !["br", "hr", "meta", "link", "img", "input", "area", "base", "param", "col", "embed", "source"].contains($0) }
            .map { .element(MarkupElement($0, ["class": "c"], [.text("")])) }))
        let deep = (0..<40).reduce(MarkupElement("leaf", ["a": "1"])) { inner, level in MarkupElement("level\(level)", ["n": String(level)], [.element(inner), .element(MarkupElement("empty"))]) }
        try assertSameBytes(deep)
        try assertSameBytes(MarkupElement("r", [:], [
            .element(MarkupElement("a", [:], [.text("x"), .element(MarkupElement("b", [:], [.element(MarkupElement("c")), .element(MarkupElement("d", text: "y"))]))])),
            .element(MarkupElement("e", [:], [.element(MarkupElement("f")), .text("")])),
            .element(MarkupElement("g", [:], [.generated(MarkupGenerator(count: 0) { _ in [] })])),
            .element(MarkupElement("h", [:], [.generated(MarkupGenerator(count: 3) { _ in [] }), .element(MarkupElement("i"))])),
            .element(MarkupElement("td", [:], [.generated(MarkupGenerator(count: 2) { _ in [.text("")] })])),
            .element(MarkupElement("tbody", [:], [.generated(MarkupGenerator(count: 0) { _ in [] })])),
        ]))
    }

    /// Items written element by element (`MarkupSink`, as report.html writes each finding) give the
    /// bytes of the same tree: hostile strings in every place, layouts, nesting and empty text. The
    /// tree the sink calls build is the tree replayed.
    func testItemsWrittenElementByElementGiveTheirTreesBytes() throws {
        let trees = Self.hostile.map(element(for:)) + [
            MarkupElement("r", [:], [
                .element(MarkupElement("a", [:], [.text("x"), .element(MarkupElement("b", [:], [.element(MarkupElement("c")), .element(MarkupElement("d", text: "y"))]))])),
                .element(MarkupElement("e", [:], [.element(MarkupElement("f")), .text("")])),
                .element(MarkupElement("td", ["class": "c"], [.text("")])),
                .element(MarkupElement("tbody")), .element(MarkupElement("p")), .element(MarkupElement("br")), .element(MarkupElement("meta", ["name": "n"])),
            ]),
        ]
        for tree in trees {
            XCTAssertEqual(MarkupTreeBuilder.nodes { builder throws(MarkupError) in try Self.replay(.element(tree), into: builder) }, [.element(tree)])
            let items = MarkupGenerator(count: 3) { _, sink throws(MarkupError) in try Self.replay(.element(tree), into: sink) }
            try assertSameBytes(MarkupElement("div", [:], [.text("before"), .generated(items), .generated(MarkupGenerator(count: 2) { _, _ in }), .text("after")]))
            // Written directly, the same bytes as the plain tree.
            let direct = try MarkupSerializer.html(MarkupElement("html", [:], [.element(MarkupElement("body", [:], [.generated(items)]))]))
            let plain = try MarkupSerializer.html(MarkupElement("html", [:], [.element(MarkupElement("body", [:], Array(repeating: .element(tree), count: 3)))]))
            XCTAssertEqual(direct, plain)
        }
        // An item whose calls write nothing leaves its parent childless.
        let none = MarkupElement("html", [:], [.element(MarkupElement("body", [:], [.element(MarkupElement("p", [:], [.generated(MarkupGenerator(count: 2) { _, _ in })]))]))])
        XCTAssertEqual(try MarkupSerializer.html(none), try MarkupSerializer.wholeHTML(none))
    }

    /// What a tree cannot express is refused: an element left open or ended twice, an attribute
    /// after content, content in a void element, text in a script.
    func testItemsWrittenElementByElementMustBeWellFormed() {
        func html(_ write: @escaping (any MarkupSink) throws(MarkupError) -> Void) -> MarkupElement {
            MarkupElement("html", [:], [.element(MarkupElement("body", [:], [.generated(MarkupGenerator(count: 1) { _, sink throws(MarkupError) in try write(sink) })]))])
        }
        XCTAssertNoThrow(try MarkupSerializer.html(html { sink throws(MarkupError) in try sink.start("p"); try sink.end() }))
        let malformed: [(String, MarkupElement)] = [
            ("left open", html { sink throws(MarkupError) in try sink.start("p") }),
            ("ended twice", html { sink throws(MarkupError) in try sink.start("p"); try sink.end(); try sink.end() }),
            ("attribute after content", html { sink throws(MarkupError) in try sink.start("p"); try sink.text("x"); try sink.attribute("class", "c"); try sink.end() }),
            ("attribute of the generator's element", html { sink throws(MarkupError) in try sink.attribute("class", "c") }),
            ("content in a void element", html { sink throws(MarkupError) in try sink.element("br", text: "lost") }),
            ("text in a script", html { sink throws(MarkupError) in try sink.element("script", text: "alert(1)") }),
        ]
        for (what, root) in malformed { XCTAssertThrowsError(try MarkupSerializer.html(root), what) }
    }

    /// An XML document written element by element (`MarkupSink`, as junit.xml is written) gives
    /// libxml2's bytes for the tree the same calls build: hostile strings in text and attributes,
    /// indentation (elements only, text only, text then elements, empty text, childless elements,
    /// deeper than libxml2 indents).
    func testXMLWrittenElementByElementGivesLibxml2sBytes() throws {
        let deep = (0..<40).reduce(MarkupElement("leaf", ["a": "1"])) { inner, level in
            MarkupElement("level\(level)", ["n": String(level)], [.element(inner), .element(MarkupElement("empty"))])
        }
        let layouts = MarkupElement("testsuites", ["name": "n"], [
            .element(MarkupElement("testsuite", ["id": "0"], [
                .element(MarkupElement("properties", [:], [.element(MarkupElement("property", ["name": "a", "value": "b"]))])),
                .element(MarkupElement("testcase", ["name": "c"], [.element(MarkupElement("failure", ["type": "T"], text: "body\n  line"))])),
                .element(MarkupElement("testcase", ["name": "d"])),
                .element(MarkupElement("testcase", [:], [.element(MarkupElement("system-out", text: "")), .element(MarkupElement("skipped", ["message": "m"]))])),
            ])),
            .element(MarkupElement("mixed", [:], [.text("x"), .element(MarkupElement("b", [:], [.element(MarkupElement("c")), .element(MarkupElement("d", text: "y"))])), .text("z")])),
            .element(MarkupElement("testsuite")),
            .element(deep),
        ])
        for root in Self.hostile.map(element(for:)) + [layouts, deep, MarkupElement("only"), MarkupElement("only", text: "")] {
            let output = ReportOutput()
            try MarkupSerializer.xml(into: output) { sink throws(MarkupError) in try Self.replay(.element(root), into: sink) }
            let whole = try MarkupSerializer.wholeXML(root)
            XCTAssertTrue(Data(output.bytes) == whole, "XML: " + Self.firstDifference(Data(output.bytes), whole))
        }
    }

    /// What an XML document written element by element cannot be, or could not be written as libxml2
    /// lays it out, is refused: no root, two roots, an element left open or ended twice, text
    /// outside the root, an attribute after content, text after indented elements.
    func testXMLWrittenElementByElementMustBeWellFormed() {
        let malformed: [(String, (any MarkupSink) throws(MarkupError) -> Void)] = [
            ("no root", { _ throws(MarkupError) in }),
            ("two roots", { sink throws(MarkupError) in try sink.start("a"); try sink.end(); try sink.start("b"); try sink.end() }),
            ("left open", { sink throws(MarkupError) in try sink.start("a"); try sink.start("b"); try sink.end() }),
            ("ended twice", { sink throws(MarkupError) in try sink.start("a"); try sink.end(); try sink.end() }),
            ("text outside the root", { sink throws(MarkupError) in try sink.text("x"); try sink.element("a", text: "") }),
            ("attribute after content", { sink throws(MarkupError) in try sink.start("a"); try sink.text("x"); try sink.attribute("c", "d"); try sink.end() }),
            ("text after indented elements", { sink throws(MarkupError) in try sink.start("a"); try sink.element("b", text: "x"); try sink.text("y"); try sink.end() }),
            ("invalid name", { sink throws(MarkupError) in try sink.start("a b"); try sink.end() }),
        ]
        for (what, write) in malformed {
            XCTAssertThrowsError(try MarkupSerializer.xml(into: ReportOutput(), write), what)
        }
        XCTAssertNoThrow(try MarkupSerializer.xml(into: ReportOutput()) { sink throws(MarkupError) in try sink.start("a"); try sink.end() })
    }

    /// The plain-byte check (eight bytes at a time where it can) against the sets written out byte by
    /// byte, on random byte strings of every length up to 40 with U+FFFE/U+FFFF split across words.
    func testPlainBytesMatchTheirSetsByteByByte() {
        let printable = Set(UInt8(0x20)...UInt8(0x7E))
        let uri = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()@/:=?;#%,+".utf8)
        let sets: [(String, PlainBytes, Set<UInt8>, Bool)] = [
            ("text", .xmlText, printable.subtracting("<>&".utf8).union([0x09, 0x0A]), true),
            ("attribute", .xmlAttribute, printable.subtracting("<>&\"".utf8), true),
            ("URI", .htmlURIAttribute, uri, false),
        ]
        let pieces: [[UInt8]] = [[0x61], [0x7A], [0x20], [0x09], [0x0A], [0x0D], [0x00], [0x1F], [0x3C], [0x3E], [0x26], [0x22], [0x27], [0x7F],
                                 [0x2F], [0xC3, 0xA9], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xEF, 0xBF, 0xBD], [0xEF], [0xBF], [0xBE], [0x80],
                                 // One bit away from an excluded byte, or from BE/BF.
                                 [0x3D], [0x3F], [0x24], [0x2E], [0x34], [0x62], [0xBC], [0xFF], [0xBD]]
        XCTAssertTrue(PlainBytes.xmlText.checksWords && PlainBytes.xmlAttribute.checksWords)
        var generator = SplitMix64(seed: 20_261_205_0600)
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            let length = Int(generator.next() % 41)
            while bytes.count < length { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
            for (name, plain, set, utf8) in sets {
                var expected = true
                for (index, byte) in bytes.enumerated() {
                    if !(set.contains(byte) || (utf8 && byte >= 0x80)) { expected = false }
                    if utf8, index >= 2, byte == 0xBE || byte == 0xBF, bytes[index - 1] == 0xBF, bytes[index - 2] == 0xEF { expected = false }
                }
                XCTAssertEqual(bytes.withUnsafeBufferPointer { plain.contains($0) }, expected, "\(name): \(bytes)")
            }
            XCTAssertFalse(bytes.withUnsafeBufferPointer { PlainBytes.none.contains($0) })
        }
    }

    /// `node` as sink calls (generated children made now).
    static func replay(_ node: MarkupNode, into sink: any MarkupSink) throws(MarkupError) {
        switch node {
        case let .element(element):
            try sink.start(element.name)
            for attribute in element.attributes { try sink.attribute(attribute.name, attribute.value) }
            for child in element.children { try replay(child, into: sink) }
            try sink.end()
        case let .text(text):
            try sink.text(text)
        case let .generated(generator):
            for child in generator.materialized { try replay(child, into: sink) }
        case .code:
            throw MarkupError("code is not replayed")
        }
    }

    /// Both the writer and the reference replace what XML cannot carry with `xmlSafe`, so it is
    /// checked on its own: each scalar XML cannot carry becomes U+FFFD, nothing else changes.
    func testXMLSafeReplacesOnlyWhatXMLCannotCarry() {
        for text in Self.hostile + ["\u{1F}", "a\u{1F}b\u{FFFE}", "\u{D7FF}\u{E000}\u{FFFD}\u{10000}"] {
            var expected = String.UnicodeScalarView()
            for scalar in text.unicodeScalars { expected.append(scalar.isXMLCharacter ? scalar : "\u{FFFD}") }
            XCTAssertEqual(Array(text.xmlSafe.utf8), Array(String(expected).utf8), text.debugDescription)
        }
        XCTAssertEqual("x\u{0}y\r\n\t".xmlSafe, "x\u{FFFD}y\r\n\t")
    }

    func testVoidElementsTakeNoContent() {
        XCTAssertThrowsError(try MarkupSerializer.html(MarkupElement("html", [:], [.element(MarkupElement("br", [:], text: "lost"))])))
    }
}

