import CLibXML2
import Foundation
import XMLRuntime

/// One element of an AWS XML answer (Query protocol): its local name, its text (the text and CDATA
/// directly inside it, entities decoded) and its child elements in document order. Parsed with
/// libxml2 without network access or entity expansion, then copied out so no libxml2 memory outlives
/// `parse`.
public struct AWSXMLElement: Sendable {
    public var name: String
    public var text: String
    public var children: [AWSXMLElement]

    public init(name: String, text: String = "", children: [AWSXMLElement] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The document element of `data`. When libxml2 cannot be loaded, the error says so (and the call fails).
    public static func parse(_ data: Data) throws(AWSDecodingError) -> AWSXMLElement {
        guard !data.isEmpty, data.count <= Int(Int32.max) else { throw AWSDecodingError("empty or oversized XML answer") }
        let xml: LibXML2
        do { xml = try LibXML2.load() } catch { throw AWSDecodingError(error.description) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document = data.withUnsafeBytes { bytes in
            xml.xmlReadMemory(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil, "UTF-8", options)
        }
        guard let document else { throw AWSDecodingError("the answer is not well-formed XML") }
        defer { xml.xmlFreeDoc(document) }
        guard let root = xml.xmlDocGetRootElement(document) else { throw AWSDecodingError("the XML answer has no element") }
        return element(root)
    }

    private static func element(_ node: xmlNodePtr) -> AWSXMLElement {
        var result = AWSXMLElement(name: node.pointee.name.map { String(cString: $0) } ?? "")
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE: result.children.append(element(current))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { result.text += String(cString: content) }
            default: break
            }
            child = current.pointee.next
        }
        return result
    }

    /// The first child element called `name`.
    public func child(_ name: String) -> AWSXMLElement? { children.first { $0.name == name } }

    /// A member: nil when the element is absent.
    public func optional<T: XMLShapeDecodable>(_ name: String) throws(AWSDecodingError) -> T? {
        guard let element = child(name) else { return nil }
        do { return try T(xml: element) } catch { throw error.inside(name) }
    }

    public func required<T: XMLShapeDecodable>(_ name: String) throws(AWSDecodingError) -> T {
        guard let value: T = try optional(name) else { throw AWSDecodingError("missing required member", path: [name]) }
        return value
    }
}

/// A value read from a Query protocol (XML) answer. Lists are `<member>` elements, maps `<entry>`
/// elements with `<key>` and `<value>` (the models generated here use neither flattened nor renamed
/// ones; scripts/codegen.py refuses a model that does).
public protocol XMLShapeDecodable {
    init(xml: AWSXMLElement) throws(AWSDecodingError)
}

extension String: XMLShapeDecodable {
    public init(xml: AWSXMLElement) throws(AWSDecodingError) { self = xml.text }
}

extension Int: XMLShapeDecodable {
    public init(xml: AWSXMLElement) throws(AWSDecodingError) {
        guard let value = Int(xml.text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw AWSDecodingError("expected an integer, found '\(xml.text)'")
        }
        self = value
    }
}

extension Bool: XMLShapeDecodable {
    public init(xml: AWSXMLElement) throws(AWSDecodingError) {
        switch xml.text.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "true": self = true
        case "false": self = false
        default: throw AWSDecodingError("expected true or false, found '\(xml.text)'")
        }
    }
}

extension Double: XMLShapeDecodable {
    public init(xml: AWSXMLElement) throws(AWSDecodingError) {
        guard let value = Double(xml.text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw AWSDecodingError("expected a number, found '\(xml.text)'")
        }
        self = value
    }
}

extension Data: XMLShapeDecodable {
    public init(xml: AWSXMLElement) throws(AWSDecodingError) {
        guard let data = Data(base64Encoded: xml.text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw AWSDecodingError("invalid base64 text")
        }
        self = data
    }
}

extension AWSTimestamp: XMLShapeDecodable {
    public init(xml: AWSXMLElement) throws(AWSDecodingError) {
        let text = xml.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = AWSTimestamp(text: text) else { throw AWSDecodingError("expected a timestamp, found '\(text)'") }
        self = value
    }
}

extension Array: XMLShapeDecodable where Element: XMLShapeDecodable {
    public init(xml: AWSXMLElement) throws(AWSDecodingError) {
        var result: [Element] = []
        var index = 0
        for child in xml.children where child.name == "member" {
            do { result.append(try Element(xml: child)) } catch { throw error.inside("[\(index)]") }
            index += 1
        }
        self = result
    }
}

extension OrderedMap: XMLShapeDecodable where Value: XMLShapeDecodable {
    public init(xml: AWSXMLElement) throws(AWSDecodingError) {
        var entries: [Entry] = []
        for (index, entry) in xml.children.filter({ $0.name == "entry" }).enumerated() {
            guard let key = entry.child("key")?.text else { throw AWSDecodingError("map entry without a key", path: ["[\(index)]"]) }
            guard let valueElement = entry.child("value") else { throw AWSDecodingError("map entry without a value", path: [key]) }
            do { entries.append(Entry(key: key, value: try Value(xml: valueElement))) } catch { throw error.inside(key) }
        }
        self.init(entries)
    }
}
