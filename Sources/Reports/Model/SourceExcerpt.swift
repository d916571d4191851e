import PolicyCore

/// The lines of a policy around a finding, with the finding's span marked, for the HTML report and
/// SARIF snippets. Columns count Unicode scalars, as `SourcePosition` does.
public struct SourceExcerpt: Sendable, Hashable, Codable {
    public struct Line: Sendable, Hashable, Codable {
        /// Line number from 1.
        public var number: Int
        /// The text shown (long lines are clipped around the mark, with `…` where text was cut).
        public var text: String
        /// The marked part of `text`, as Unicode-scalar offsets from 0, half-open; nil if none.
        public var mark: Mark?
        /// Whether the line is inside the finding's span (even if nothing on it can be marked).
        public var isInSpan: Bool

        public init(number: Int, text: String, mark: Mark?, isInSpan: Bool) {
            self.number = number
            self.text = text
            self.mark = mark
            self.isInSpan = isInSpan
        }

        /// `text` cut into the part before the mark, the mark, and the part after it (offsets past
        /// the end cut at the end). Found over the UTF-8 bytes: each writer cuts every marked line.
        public var segments: (before: String, marked: String, after: String) {
            guard mark != nil else { return (text, "", "") }
            let (start, end) = markOffsets
            var text = self.text
            return text.withUTF8 { bytes in
                func string(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
                return (string(0..<start), string(start..<end), string(end..<bytes.count))
            }
        }

        /// Where `segments` cuts `text`, as UTF-8 offsets: the part before the mark is `0..<start`,
        /// the mark `start..<end`, the rest after it (both `text.utf8.count` without a mark).
        var markOffsets: (start: Int, end: Int) {
            var text = self.text
            return text.withUTF8 { bytes in
                guard let mark else { return (bytes.count, bytes.count) }
                let start = UTF8Scalars.offset(ofScalar: max(0, mark.start), in: bytes, from: 0)
                let end = UTF8Scalars.offset(ofScalar: max(0, mark.end - max(0, mark.start)), in: bytes, from: start)
                return (start, end)
            }
        }
    }

    public struct Mark: Sendable, Hashable, Codable {
        public var start: Int
        public var end: Int
        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    public var lines: [Line]

    public init(lines: [Line]) {
        self.lines = lines
    }

    /// Longest line shown whole; longer lines (minified JSON) are clipped around the mark.
    static let maximumLineLength = 240
    /// Lines of a long span shown before the rest is left out.
    static let maximumSpanLines = 20

    /// Builds the excerpt of `text` around `span`, with `contextLines` lines either side.
    public init(text: String, span: SourceSpan, contextLines: Int = 2) {
        self.init(lines: SourceLines(text), span: span, contextLines: contextLines)
    }

    /// As `init(text:span:contextLines:)`, from the text's lines already found.
    init(lines allLines: SourceLines, span: SourceSpan, contextLines: Int) {
        guard !allLines.isEmpty else {
            self.lines = []
            return
        }
        let startLine = min(max(1, span.start.line), allLines.count)
        let endLine = min(max(startLine, span.end.line), allLines.count)
        let shownSpanEnd = min(endLine, startLine + SourceExcerpt.maximumSpanLines - 1)
        let first = max(1, startLine - contextLines)
        let last = min(allLines.count, shownSpanEnd + contextLines)
        var result: [Line] = []
        for number in first...last {
            let line = allLines[number - 1]
            let count = UTF8Scalars.count(line)
            let inSpan = number >= startLine && number <= endLine
            var mark: Mark?
            if inSpan {
                let from = number == startLine ? span.start.column - 1 : 0
                var to = number == span.end.line ? span.end.column - 1 : count
                if number == startLine && number == span.end.line && to <= from { to = from + 1 }   // empty span: mark one character
                let start = min(max(0, from), count), end = min(max(start, to), count)
                if end > start { mark = Mark(start: start, end: end) }
            }
            if count <= SourceExcerpt.maximumLineLength {
                result.append(Line(number: number, text: line, mark: mark, isInSpan: inSpan))
            } else {
                result.append(SourceExcerpt.clipped(number: number, scalars: Array(line.unicodeScalars), mark: mark, isInSpan: inSpan))
            }
        }
        self.lines = result
    }

    static func clipped(number: Int, scalars: [Unicode.Scalar], mark: Mark?, isInSpan: Bool) -> Line {
        func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: slice)
            return String(view)
        }
        let limit = maximumLineLength
        guard scalars.count > limit else {
            return Line(number: number, text: string(scalars[...]), mark: mark, isInSpan: isInSpan)
        }
        let anchor = mark?.start ?? 0
        let from = max(0, min(anchor - limit / 4, scalars.count - limit))
        let to = min(scalars.count, from + limit)
        let prefix = from > 0 ? "…" : "", suffix = to < scalars.count ? "…" : ""
        let shift = from - (prefix.isEmpty ? 0 : 1)
        var clippedMark: Mark?
        if let mark {
            let start = max(from, mark.start), end = min(to, mark.end)
            if end > start { clippedMark = Mark(start: start - shift, end: end - shift) }
        }
        return Line(number: number, text: prefix + string(scalars[from..<to]) + suffix, mark: clippedMark, isInSpan: isInSpan)
    }
}

/// A text's lines as excerpts number them: split at `\n`, a line's trailing `\r` left out, and no
/// empty last line after a final newline. Only their UTF-8 offsets are kept; a line becomes a string
/// when an excerpt shows it (a large report's excerpts show a few lines each of thousands of files).
struct SourceLines {
    private let text: String
    /// UTF-8 offset at which each line starts.
    private let starts: [Int]
    private let byteCount: Int
    let count: Int

    init(_ text: String) {
        self.text = text
        var contiguous = text
        var starts = [0], last: UInt8 = 0
        // Over the bytes in place: this runs over the whole text of every file with a finding.
        byteCount = contiguous.withUTF8 { bytes in
            for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") { starts.append(index + 1) }
            last = bytes.last ?? 0
            return bytes.count
        }
        let offset = byteCount
        self.starts = starts
        // The last line is dropped when it is empty once its `\r` is left out (text ending in a newline).
        let lastLength = offset - starts[starts.count - 1]
        let lastIsEmpty = lastLength == 0 || (lastLength == 1 && last == UInt8(ascii: "\r"))
        count = starts.count > 1 && lastIsEmpty ? starts.count - 1 : starts.count
    }

    var isEmpty: Bool { count == 0 }

    /// Line `index`, counting from 0.
    subscript(index: Int) -> String {
        let start = starts[index], end = index + 1 < starts.count ? starts[index + 1] - 1 : byteCount
        var text = self.text
        return text.withUTF8 { bytes in
            let stop = end > start && bytes[end - 1] == UInt8(ascii: "\r") ? end - 1 : end
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<stop]), as: UTF8.self)
        }
    }
}
