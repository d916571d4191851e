import CLibXML2
import Foundation
import XMLRuntime

/// One problem libxml2 reported while parsing or validating.
public struct XMLProblem: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// Why a schema could not be loaded.
public struct XMLSchemaError: Error, CustomStringConvertible, Sendable {
    public var problems: [XMLProblem]
    public var description: String {
        "the XML schema could not be loaded: " + problems.map(\.description).joined(separator: "; ")
    }
}

/// Validates XML documents against an XSD with libxml2, collecting every problem (not only the
/// first) through `xmlSchemaSetValidStructuredErrors`. Not thread-safe: use one per thread.
public final class XMLSchemaValidator {
    private let libxml: LibXML2
    private let schema: xmlSchemaPtr

    /// Loads the schema from its bytes. `baseURL` resolves includes; network access is disabled.
    public init(schema bytes: Data, baseURL: String = "schema.xsd") throws(XMLSchemaError) {
        let libxml: LibXML2
        do { libxml = try LibXML2.load() } catch { throw XMLSchemaError(problems: [XMLProblem(line: 0, message: error.description)]) }
        self.libxml = libxml
        let collector = ProblemCollector()
        let parsed: xmlSchemaPtr? = bytes.withUnsafeBytes { raw -> xmlSchemaPtr? in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self),
                  let context = libxml.xmlSchemaNewMemParserCtxt(base, Int32(raw.count)) else { return nil }
            defer { libxml.xmlSchemaFreeParserCtxt(context) }
            let unmanaged = Unmanaged.passRetained(collector)
            defer { unmanaged.release() }
            libxml.xmlSchemaSetParserStructuredErrors(context, collectProblem, unmanaged.toOpaque())
            return libxml.xmlSchemaParse(context)
        }
        guard let parsed else {
            throw XMLSchemaError(problems: collector.problems.isEmpty ? [XMLProblem(line: 0, message: "unreadable schema")] : collector.problems)
        }
        schema = parsed
    }

    deinit { libxml.xmlSchemaFree(schema) }

    /// Every problem in `document`: well-formedness errors, then schema violations. Empty means valid.
    public func validate(_ document: Data) -> [XMLProblem] {
        let parsed = ParsedXMLDocument(xml: document)
        guard let doc = parsed.doc else { return parsed.problems }
        guard let context = libxml.xmlSchemaNewValidCtxt(schema) else { return [XMLProblem(line: 0, message: "out of memory")] }
        defer { libxml.xmlSchemaFreeValidCtxt(context) }
        let collector = ProblemCollector()
        let unmanaged = Unmanaged.passRetained(collector)
        defer { unmanaged.release() }
        libxml.xmlSchemaSetValidStructuredErrors(context, collectProblem, unmanaged.toOpaque())
        let status = libxml.xmlSchemaValidateDoc(context, doc)
        if status != 0 && collector.problems.isEmpty {
            return [XMLProblem(line: 0, message: "validation failed (libxml2 status \(status))")]
        }
        return collector.problems
    }
}

/// Receives libxml2's structured errors; passed to C as an unmanaged pointer.
final class ProblemCollector {
    var problems: [XMLProblem] = []
}

/// A C callback cannot capture, so the collector travels as `userData`.
private let collectProblem: xmlStructuredErrorFunc = { userData, error in
    guard let userData, let error else { return }
    let collector = Unmanaged<ProblemCollector>.fromOpaque(userData).takeUnretainedValue()
    let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
    collector.problems.append(XMLProblem(line: Int(error.pointee.line),
                                         message: message.trimmingCharacters(in: .whitespacesAndNewlines)))
}
