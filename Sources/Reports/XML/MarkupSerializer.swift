import Foundation

/// Turns `MarkupElement` trees into bytes: `MarkupWriter` writes what libxml2's serialisers would,
/// escaping through libxml2; `wholeXML(_:)` and `wholeHTML(_:)` are libxml2's own serialisation of
/// the tree built whole, the reference the writer is tested against.
public enum MarkupSerializer {
    /// An XML document: declaration, UTF-8, indented.
    public static func xml(_ root: MarkupElement) throws(MarkupError) -> Data {
        let output = ReportOutput()
        try xml(root, into: output)
        return Data(output.bytes)
    }

    /// An HTML5 document (`<!DOCTYPE html>`), as libxml2's HTML serialiser writes it. Characters
    /// outside ASCII are written as UTF-8; the head must declare UTF-8 (libxml2 would otherwise write
    /// them as character references). Generated children are built and written one item at a time,
    /// so a large report's tree never exists whole; the bytes are those of `wholeHTML(_:)`.
    public static func html(_ root: MarkupElement) throws(MarkupError) -> Data {
        let output = ReportOutput()
        try html(root, into: output)
        return Data(output.bytes)
    }

    /// `html(_:)`'s bytes, put into `output` as they are written.
    static func html(_ root: MarkupElement, into output: ReportOutput) throws(MarkupError) {
        try MarkupWriter.writeHTML(root, into: output)
    }

    /// `xml(_:)`'s bytes, put into `output` as they are written.
    static func xml(_ root: MarkupElement, into output: ReportOutput) throws(MarkupError) {
        try MarkupWriter.writeXML(root, into: output)
    }

    /// The XML document `write` describes element by element (`MarkupSink`), put into `output` as
    /// the calls are made: the bytes of `xml(_:)` for the tree the same calls build
    /// (`MarkupTreeBuilder`), without the tree.
    static func xml(into output: ReportOutput, _ write: (any MarkupSink) throws(MarkupError) -> Void) throws(MarkupError) {
        try MarkupWriter.writeXML(into: output, write)
    }

    /// The same document built whole in libxml2 and serialised at once (the reference for `xml(_:)`).
    static func wholeXML(_ root: MarkupElement) throws(MarkupError) -> Data {
        try LibXMLDocument.xml(root: root).serializedData()
    }

    /// The same document built whole in libxml2 and serialised at once (the reference for `html(_:)`).
    static func wholeHTML(_ root: MarkupElement) throws(MarkupError) -> Data {
        try LibXMLDocument.html(root: root).serializedData()
    }
}
