import Foundation
import PolicyCore

/// Writes JSON bytes as `JSONEncoder` does with `[.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes]` (`reference`), value by value, with no intermediate model: the report
/// writers call it member by member, keys in sorted order. A large registry's report.json and SARIF
/// hold tens of thousands of findings; encoding them through `Encodable` containers was most of their
/// time.
///
/// Layout: two spaces a level, `"key" : value`, an empty object or array as `{`/`[`, a blank line
/// and the closing bracket at the container's indentation; in strings `"`, `\` and C0 controls
/// escaped (`\b \t \n \f \r`, else `\u00xx`), everything else as UTF-8. Keys must come in `String`
/// order within an object, as `.sortedKeys` puts them (checked in debug builds).
///
/// Bytes go straight into a `ReportOutput`.
struct JSONEmitter {
    /// The `JSONEncoder` whose bytes the emitter writes: the reports' options (tests compare against it).
    static var reference: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Where the bytes go, as they are made: the report's file through its buffer, or memory
    /// (`init()`). Appending straight to it costs a bounds check and a copy; an array in between
    /// cost its own growth and uniqueness checks for every piece, and a copy of every byte.
    private let output: ReportOutput
    /// For each open container: whether nothing has been written in it yet.
    private var isEmpty: [Bool] = []
    #if DEBUG
    /// For each open container: the last key written (nil in an array or before the first key).
    private var lastKeys: [String?] = []
    #endif

    /// Bytes kept in memory (`bytes`).
    init() {
        output = ReportOutput()
    }

    /// Bytes appended to `output`, which writes them out as its buffer fills.
    init(output: ReportOutput) {
        self.output = output
    }

    /// The bytes written so far, for an emitter made with `init()`.
    var bytes: [UInt8] { output.bytes }

    /// Ends the document with a newline (as the reports' files end).
    mutating func finishDocument() {
        precondition(isEmpty.isEmpty, "JSONEmitter: unclosed container")
        output.append(0x0A)
    }

    // MARK: Containers

    mutating func openObject() {
        output.append(UInt8(ascii: "{"))
        open()
    }

    mutating func closeObject() {
        close(UInt8(ascii: "}"))
    }

    mutating func openArray() {
        output.append(UInt8(ascii: "["))
        open()
    }

    mutating func closeArray() {
        close(UInt8(ascii: "]"))
    }

    private mutating func open() {
        isEmpty.append(true)
        #if DEBUG
        lastKeys.append(nil)
        #endif
    }

    private mutating func close(_ bracket: UInt8) {
        if isEmpty.removeLast() { output.append(0x0A) }
        #if DEBUG
        lastKeys.removeLast()
        #endif
        output.append(0x0A)
        output.append(repeating: UInt8(ascii: " "), count: 2 * isEmpty.count)
        output.append(bracket)
    }

    /// Starts the next element of the innermost (array) container.
    mutating func element() {
        separate()
    }

    /// Starts member `key` of the innermost (object) container: its value comes next.
    mutating func key(_ key: StaticString) {
        separate()
        checkOrder(key.description)
        output.append(UInt8(ascii: "\""))
        output.append(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        Self.quoteColon.withUnsafeBufferPointer { output.append($0) }
    }

    /// A key known only at run time (a dictionary's), escaped as a string is.
    mutating func key(_ key: String) {
        separate()
        checkOrder(key)
        string(key)
        Self.quoteColon.withUnsafeBufferPointer { output.append(UnsafeBufferPointer(rebasing: $0.dropFirst())) }
    }

    /// What follows a key's text: `" : `.
    private static let quoteColon: [UInt8] = Array("\" : ".utf8)

    private mutating func separate() {
        let last = isEmpty.count - 1
        if isEmpty[last] {
            isEmpty[last] = false
        } else {
            output.append(UInt8(ascii: ","))
        }
        output.append(0x0A)
        output.append(repeating: UInt8(ascii: " "), count: 2 * isEmpty.count)
    }

    @inline(__always)
    private mutating func checkOrder(_ key: @autoclosure () -> String) {
        #if DEBUG
        let key = key()
        if let last = lastKeys[lastKeys.count - 1] { assert(last < key, "JSONEmitter: key \(key) after \(last): not in sorted order") }
        lastKeys[lastKeys.count - 1] = key
        #endif
    }

    // MARK: Values

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { Self.appendQuoted($0, to: output) }
    }

    /// `JSONQuoting.append`'s bytes (the string in quotes; `"`, `\\` and C0 controls escaped), with
    /// the plain runs found eight bytes at a time and copied whole: most strings of a report need no
    /// escape, and a byte-by-byte loop over them was the emitter's largest cost.
    static func appendQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to output: ReportOutput) {
        output.append(UInt8(ascii: "\""))
        guard let base = bytes.baseAddress else { return output.append(UInt8(ascii: "\"")) }
        let count = bytes.count
        var start = 0, index = 0
        // Inlined by request: left to the optimizer, whether it is depends on unrelated code in the module.
        @inline(__always) func check(_ index: Int) {
            let byte = base[index]
            guard JSONQuoting.needsEscape(byte) else { return }
            output.append(UnsafeBufferPointer(start: base + start, count: index - start))
            JSONQuoting.escape(byte) { output.append($0) }
            start = index + 1
        }
        // A word that may hold a byte to escape is checked byte by byte; the others are plain.
        while index + 8 <= count {
            if mayNeedEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                for inner in index..<index + 8 { check(inner) }
            }
            index += 8
        }
        while index < count {
            check(index)
            index += 1
        }
        output.append(UnsafeBufferPointer(start: base + start, count: count - start))
        output.append(UInt8(ascii: "\""))
    }

    /// Whether any of the word's eight bytes is below 0x20, `"` or `\\` (never false when one is).
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
        return (word &- ones &* 0x20) & ~word & highs != 0
            || hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\"")))) || hasZeroByte(word ^ (ones &* UInt64(UInt8(ascii: "\\"))))
    }

    mutating func int(_ value: Int) {
        AssembledText.withDecimal(value) { output.append($0) }
    }

    mutating func bool(_ value: Bool) {
        (value ? Self.trueBytes : Self.falseBytes).withUnsafeBufferPointer { output.append($0) }
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)

    // MARK: Members (the common shapes)

    mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        int(value)
    }

    mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// Written only when there is a value (as `encodeIfPresent` and synthesized `Encodable` do).
    mutating func member(_ name: StaticString, ifPresent value: String?) {
        if let value { member(name, value) }
    }

    mutating func member(_ name: StaticString, ifPresent value: Int?) {
        if let value { member(name, value) }
    }

    mutating func member(_ name: StaticString, strings: [String]) {
        key(name)
        openArray()
        for value in strings {
            element()
            string(value)
        }
        closeArray()
    }

    /// `{"text" : value}`: SARIF's message objects.
    mutating func member(_ name: StaticString, text value: String) {
        key(name)
        openObject()
        member("text", value)
        closeObject()
    }
}
