import XMLRuntime

/// A document tree built in Swift and serialised through libxml2, so every string that came from
/// input ends up as a text node or attribute value and is escaped by the serialiser, never spliced
/// into markup.
public struct MarkupElement: Hashable {
    public var name: String
    /// In document order; names are the writer's own constants, values may be anything.
    public var attributes: [MarkupAttribute]
    public var children: [MarkupNode]

    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [MarkupNode] = []) {
        self.name = name
        self.attributes = attributes.map { MarkupAttribute(name: $0.key, value: $0.value) }
        self.children = children
    }

    public init(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) {
        self.init(name, attributes, [.text(text)])
    }

    public mutating func append(_ child: MarkupNode) { children.append(child) }
    public mutating func append(_ child: MarkupElement) { children.append(.element(child)) }
    public mutating func append(contentsOf elements: [MarkupElement]) { children.append(contentsOf: elements.map(MarkupNode.element)) }
    public mutating func append(text: String) { children.append(.text(text)) }

    /// Sets (or replaces) an attribute, keeping the position of an existing one.
    public mutating func set(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append(MarkupAttribute(name: name, value: value))
        }
    }

    public func attribute(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
}

public struct MarkupAttribute: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

public enum MarkupNode: Hashable {
    case element(MarkupElement)
    /// Text from anywhere; escaped on output. Not allowed inside `script` or `style`.
    case text(String)
    /// The writer's own CSS or JavaScript: a compile-time constant, the only content allowed in
    /// `script` and `style` (whose content HTML does not escape).
    case code(StaticString)
    /// Children made on demand while the document is built, one item at a time (large tables).
    case generated(MarkupGenerator)

    /// Compares what the nodes produce (generators are run).
    public static func == (lhs: MarkupNode, rhs: MarkupNode) -> Bool {
        switch (lhs, rhs) {
        case let (.element(a), .element(b)): a == b
        case let (.text(a), .text(b)): a == b
        case let (.code(a), .code(b)): a.description == b.description
        case let (.generated(a), .generated(b)): a.materialized == b.materialized
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case let .element(element): hasher.combine(0); hasher.combine(element)
        case let .text(text): hasher.combine(1); hasher.combine(text)
        case let .code(code): hasher.combine(2); hasher.combine(code.description)
        case let .generated(generator): hasher.combine(3); hasher.combine(generator.materialized)
        }
    }
}

/// `count` items, each made by `make(index)` when the document is built (on the building thread).
public struct MarkupGenerator {
    public var count: Int
    public var make: (Int) -> [MarkupNode]
    /// Writes item `index` element by element into a sink, when the item was defined that way;
    /// `MarkupWriter` then writes it without a tree, and `make` builds the tree from the same calls.
    var write: ((Int, any MarkupSink) throws(MarkupError) -> Void)?

    public init(count: Int, make: @escaping (Int) -> [MarkupNode]) {
        self.count = count
        self.make = make
    }

    /// Items written element by element (large tables): one definition for the written document
    /// and for the tree (`make`, which libxml2's whole-tree serialisation and comparisons use).
    init(count: Int, write: @escaping (Int, any MarkupSink) throws(MarkupError) -> Void) {
        self.count = count
        self.write = write
        make = { index in MarkupTreeBuilder.nodes { sink throws(MarkupError) in try write(index, sink) } }
    }

    /// Every item, made now.
    public var materialized: [MarkupNode] { (0..<count).flatMap(make) }
}

/// Takes a document's content in document order: an element's start, its content, its end. Every
/// string becomes a text node or attribute value, as in a `MarkupElement` tree.
protocol MarkupSink: AnyObject {
    /// Starts element `name` inside the current one; names are the writer's own constants.
    func start(_ name: String) throws(MarkupError)
    /// An attribute of the element just started (before its content), in document order.
    func attribute(_ name: String, _ value: String) throws(MarkupError)
    /// A text node in the current element.
    func text(_ text: String) throws(MarkupError)
    /// A text node of the part of `text` at these UTF-8 offsets (which begin and end Unicode
    /// scalars): `text(_:)` of that part, without making it a string first where it can.
    func text(_ text: String, utf8 range: Range<Int>) throws(MarkupError)
    /// Ends the element started last.
    func end() throws(MarkupError)
}

extension MarkupSink {
    /// Starts element `name` with these attributes (`MarkupElement(name, attributes)`).
    func start(_ name: String, _ attributes: KeyValuePairs<String, String>) throws(MarkupError) {
        try start(name)
        for (key, value) in attributes { try attribute(key, value) }
    }

    /// The part of `text` made a string and given to `text(_:)`.
    func text(_ text: String, utf8 range: Range<Int>) throws(MarkupError) {
        try self.text(Self.part(of: text, utf8: range))
    }

    static func part(of text: String, utf8 range: Range<Int>) -> String {
        var text = text
        return text.withUTF8 { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// An element holding one text node (`MarkupElement(name, attributes, text:)`).
    func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) throws(MarkupError) {
        try start(name, attributes)
        try self.text(text)
        try end()
    }
}

/// A sink that builds the `MarkupNode`s the calls describe.
final class MarkupTreeBuilder: MarkupSink {
    private var nodes: [MarkupNode] = []
    /// The elements started and not yet ended, outermost first.
    private var open: [MarkupElement] = []

    /// The nodes `write` describes. A tree cannot be malformed: an element left open is a
    /// programming error.
    static func nodes(_ write: (MarkupTreeBuilder) throws(MarkupError) -> Void) -> [MarkupNode] {
        let builder = MarkupTreeBuilder()
        do {
            try write(builder)
        } catch {
            // Only `MarkupWriter` throws; the builder accepts any content.
            preconditionFailure("building a tree failed: \(error)")
        }
        precondition(builder.open.isEmpty, "<\(builder.open.last?.name ?? "")> was not ended")
        return builder.nodes
    }

    func start(_ name: String) {
        open.append(MarkupElement(name))
    }

    func attribute(_ name: String, _ value: String) {
        open[open.count - 1].attributes.append(MarkupAttribute(name: name, value: value))
    }

    func text(_ text: String) {
        add(.text(text))
    }

    func end() {
        add(.element(open.removeLast()))
    }

    private func add(_ node: MarkupNode) {
        if open.isEmpty {
            nodes.append(node)
        } else {
            open[open.count - 1].children.append(node)
        }
    }
}

/// Why a tree could not be turned into a document.
public struct MarkupError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }

    /// libxml2 for a writer, or why it could not be loaded (nothing is written then).
    static func loadLibXML2() throws(MarkupError) -> LibXML2 {
        do { return try LibXML2.load() } catch { throw MarkupError(error.description) }
    }
}

extension String {
    /// The string with every character XML 1.0 cannot carry (NUL, most C0 controls, lone surrogates,
    /// U+FFFE/U+FFFF) replaced by U+FFFD, so any input can become a text node.
    var xmlSafe: String {
        var copy = self
        if copy.withUTF8({ String.isXMLSafe($0) }) { return self }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count + 16)
        for scalar in unicodeScalars {
            if scalar.isASCII && scalar.isXMLCharacter {
                bytes.append(UInt8(scalar.value))
            } else {
                UTF8.encode(scalar.isXMLCharacter ? scalar : "\u{FFFD}") { bytes.append($0) }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Unicode.Scalar {
    var isXMLCharacter: Bool {
        switch value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}

extension String {
    /// A fast check on the bytes: no C0 control but tab, line feed and carriage return, and no
    /// U+FFFE or U+FFFF (EF BF BE, EF BF BF). Swift strings hold no lone surrogates.
    static func isXMLSafe(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
            if previous == (0xEF, 0xBF) && (byte == 0xBE || byte == 0xBF) { return false }
            previous = (previous.1, byte)
        }
        return true
    }
}
