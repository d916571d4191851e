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
/// Bytes go to `output` whenever `flushIfFull()` finds more than `ReportOutput.bufferSize` of them.
struct JSONEmitter {
    /// The `JSONEncoder` whose bytes the emitter writes: the reports' options (tests compare against it).
    static var reference: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private(set) var bytes: [UInt8] = []
    private let output: ReportOutput?
    /// For each open container: whether nothing has been written in it yet.
    private var isEmpty: [Bool] = []
    #if DEBUG
    /// For each open container: the last key written (nil in an array or before the first key).
    private var lastKeys: [String?] = []
    #endif

    /// Bytes kept in `bytes`.
    init() {
        output = nil
    }

    /// Bytes handed to `output` by `flushIfFull()` and `finish()`.
    init(output: ReportOutput) {
        self.output = output
        bytes.reserveCapacity(ReportOutput.bufferSize + ReportOutput.bufferSize / 4)
    }

    /// Hands the bytes to the output once they exceed its buffer size (call between items of a long list).
    mutating func flushIfFull() {
        if bytes.count >= ReportOutput.bufferSize, output != nil { flush() }
    }

    /// Ends the document with a newline (as the reports' files end) and hands every byte to the output.
    mutating func finishDocument() {
        precondition(isEmpty.isEmpty, "JSONEmitter: unclosed container")
        bytes.append(0x0A)
        flush()
    }

    private mutating func flush() {
        guard let output else { return }
        output.append(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    // MARK: Containers

    mutating func openObject() {
        bytes.append(UInt8(ascii: "{"))
        open()
    }

    mutating func closeObject() {
        close(UInt8(ascii: "}"))
    }

    mutating func openArray() {
        bytes.append(UInt8(ascii: "["))
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
        if isEmpty.removeLast() { bytes.append(0x0A) }
        #if DEBUG
        lastKeys.removeLast()
        #endif
        bytes.append(0x0A)
        indent()
        bytes.append(bracket)
    }

    /// Starts the next element of the innermost (array) container.
    mutating func element() {
        separate()
    }

    /// Starts member `key` of the innermost (object) container: its value comes next.
    mutating func key(_ key: StaticString) {
        separate()
        checkOrder(key.description)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(contentsOf: Self.quoteColon)
    }

    /// A key known only at run time (a dictionary's), escaped as a string is.
    mutating func key(_ key: String) {
        separate()
        checkOrder(key)
        string(key)
        bytes.append(contentsOf: Self.quoteColon.dropFirst())
    }

    /// What follows a key's text: `" : `.
    private static let quoteColon: [UInt8] = Array("\" : ".utf8)

    private mutating func separate() {
        if isEmpty[isEmpty.count - 1] {
            isEmpty[isEmpty.count - 1] = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
        bytes.append(0x0A)
        indent()
    }

    private mutating func indent() {
        let count = 2 * isEmpty.count
        if count <= Self.spaces.count {
            bytes.append(contentsOf: Self.spaces[..<count])
        } else {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: count))
        }
    }

    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 32)

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
        JSONQuoting.append(value, to: &bytes)
    }

    mutating func int(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            guard value != .min else {
                bytes.append(contentsOf: String(value).utf8.dropFirst())
                return
            }
        }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)   // up to 24 digits, most significant last
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
        }
    }

    mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes)
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
