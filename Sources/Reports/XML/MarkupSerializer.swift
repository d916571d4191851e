import Foundation

/// Turns `MarkupElement` trees into bytes through libxml2.
public enum MarkupSerializer {
    /// An XML document: declaration, UTF-8, indented.
    public static func xml(_ root: MarkupElement) throws(MarkupError) -> Data {
        try LibXMLDocument.xml(root: root).serializedData()
    }

    /// An HTML5 document (`<!DOCTYPE html>`), serialised by libxml2's HTML serialiser. Characters
    /// outside ASCII are written as character references unless the head declares UTF-8.
    /// Generated children are built, serialised and freed one item at a time, so a large report
    /// never holds its whole libxml2 tree; the bytes are those of `wholeHTML(_:)`.
    public static func html(_ root: MarkupElement) throws(MarkupError) -> Data {
        let output = ReportOutput()
        try html(root, into: output)
        return Data(output.bytes)
    }

    /// `html(_:)`'s bytes, put into `output` as they are serialised.
    static func html(_ root: MarkupElement, into output: ReportOutput) throws(MarkupError) {
        try LibXMLDocument.streamedHTML(root: root, into: output)
    }

    /// `xml(_:)`'s bytes, put into `output` as libxml2 serialises them.
    static func xml(_ root: MarkupElement, into output: ReportOutput) throws(MarkupError) {
        try LibXMLDocument.xml(root: root).serialize(into: output)
    }

    /// The same document built whole in libxml2 and serialised at once (the reference for `html(_:)`).
    static func wholeHTML(_ root: MarkupElement) throws(MarkupError) -> Data {
        try LibXMLDocument.html(root: root).serializedData()
    }
}
