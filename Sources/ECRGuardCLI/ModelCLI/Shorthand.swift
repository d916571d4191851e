/// The AWS CLI's shorthand syntax for structures, maps and lists (`key=value,key2=[a,b],key3={k=v}`),
/// parsed as `awscli/shorthand.py` does: keys are `[A-Za-z0-9_.#/:-]+`; a value runs to the next `,`
/// that starts another `key=` (so `a=1,2,3` is the list 1, 2, 3); values may be single- or
/// double-quoted (backslash escapes the quote); `[...]` is a list and `{...}` a nested structure.
/// The result holds strings only; `ModelValue` gives them the model's types.
indirect enum ShorthandValue: Equatable, Sendable {
    case string(String)
    case list([ShorthandValue])
    case object([(String, ShorthandValue)])

    static func == (lhs: ShorthandValue, rhs: ShorthandValue) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): a == b
        case let (.list(a), .list(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }
}

struct ShorthandError: Error, Equatable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

struct ShorthandParser {
    private let characters: [Character]
    private var index = 0

    static func parse(_ text: String) throws(ShorthandError) -> ShorthandValue {
        var parser = ShorthandParser(characters: Array(text))
        let members = try parser.keyValues(closing: nil)
        return .object(members)
    }

    private init(characters: [Character]) { self.characters = characters }

    private static func isKeyCharacter(_ c: Character) -> Bool {
        // ASCII bytes only (`[A-Za-z0-9_.#/:-]`), without the Unicode property tables.
        guard let byte = c.asciiValue else { return false }
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "#"), UInt8(ascii: "/"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    private func error(_ message: String) -> ShorthandError {
        let shown = String(characters)
        return ShorthandError(message: "Error parsing parameter: \(message) at position \(index) of '\(shown)'")
    }

    private mutating func skipSpaces() { while index < characters.count, characters[index] == " " { index += 1 } }

    private mutating func keyValues(closing: Character?) throws(ShorthandError) -> [(String, ShorthandValue)] {
        var members: [(String, ShorthandValue)] = []
        while true {
            skipSpaces()
            let start = index
            while index < characters.count, Self.isKeyCharacter(characters[index]) { index += 1 }
            guard index > start else { throw error("expected a key") }
            var key = ""  // appended one by one: `String(slice)` instantiates generic metadata, 0.4 M instructions the first time
            for character in characters[start..<index] { key.append(character) }
            skipSpaces()
            guard index < characters.count, characters[index] == "=" else { throw error("expected '=' after '\(key)'") }
            index += 1
            skipSpaces()
            members.append((key, try value(closing: closing)))
            skipSpaces()
            if index >= characters.count {
                if closing != nil { throw error("expected '\(closing!)'") }
                return members
            }
            if let closing, characters[index] == closing {
                index += 1
                return members
            }
            guard characters[index] == "," else { throw error("expected ',' or the end") }
            index += 1
        }
    }

    private mutating func value(closing: Character?) throws(ShorthandError) -> ShorthandValue {
        guard index < characters.count else { return .string("") }
        switch characters[index] {
        case "[":
            index += 1
            return .list(try listValues())
        case "{":
            index += 1
            return .object(try keyValues(closing: "}"))
        default:
            var values = [try scalar(stopAt: ",", or: closing)]
            // `a=1,2,3`: the CSV continues while the next item is not `key=`.
            while index < characters.count, characters[index] == ",", !nextIsKey(after: index + 1) {
                index += 1
                values.append(try scalar(stopAt: ",", or: closing))
            }
            return values.count == 1 ? values[0] : .list(values)
        }
    }

    private func nextIsKey(after position: Int) -> Bool {
        var i = position
        while i < characters.count, characters[i] == " " { i += 1 }
        let start = i
        while i < characters.count, Self.isKeyCharacter(characters[i]) { i += 1 }
        guard i > start else { return false }
        while i < characters.count, characters[i] == " " { i += 1 }
        return i < characters.count && characters[i] == "="
    }

    private mutating func listValues() throws(ShorthandError) -> [ShorthandValue] {
        var values: [ShorthandValue] = []
        skipSpaces()
        if index < characters.count, characters[index] == "]" { index += 1; return values }
        while true {
            skipSpaces()
            if index < characters.count, characters[index] == "{" {
                index += 1
                values.append(.object(try keyValues(closing: "}")))
            } else if index < characters.count, characters[index] == "[" {
                index += 1
                values.append(.list(try listValues()))
            } else {
                values.append(try scalar(stopAt: ",", or: "]"))
            }
            skipSpaces()
            guard index < characters.count else { throw error("expected ']'") }
            if characters[index] == "]" { index += 1; return values }
            guard characters[index] == "," else { throw error("expected ',' or ']'") }
            index += 1
        }
    }

    private mutating func scalar(stopAt stop: Character, or closing: Character?) throws(ShorthandError) -> ShorthandValue {
        skipSpaces()
        if index < characters.count, characters[index] == "'" || characters[index] == "\"" {
            let quote = characters[index]
            index += 1
            var text = ""
            while index < characters.count, characters[index] != quote {
                if characters[index] == "\\", index + 1 < characters.count, characters[index + 1] == quote { index += 1 }
                text.append(characters[index])
                index += 1
            }
            guard index < characters.count else { throw error("unterminated quoted value") }
            index += 1
            return .string(text)
        }
        var text = ""
        while index < characters.count, characters[index] != stop, characters[index] != closing {
            if characters[index] == "\\", index + 1 < characters.count { index += 1 }
            text.append(characters[index])
            index += 1
        }
        while text.last == " " { text.removeLast() }
        return .string(text)
    }
}
