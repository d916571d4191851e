import PolicyCore
import RegistryAudit
import Yams

/// One value of a CloudFormation template, JSON or YAML alike, with where it was written.
///
/// Short-form YAML tags become the long form CloudFormation itself reads (`!Ref X` is
/// `{"Ref": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": "A.B"}`), so the resolver sees one shape.
/// YAML scalars are read as written (Yams' basic resolver): `Version: 2012-10-17` stays the string
/// `2012-10-17`, `012345678901` keeps its leading zero; only plain `true`/`false`, `null`/`~` and
/// integers without a leading zero are read as booleans, null and numbers, as JSON would write them.
public struct TemplateValue: Sendable {
    public enum Kind: Sendable {
        case string(String)
        /// The number's literal text.
        case number(String)
        case bool(Bool)
        case null
        case list([TemplateValue])
        case map([TemplateMember])
    }

    public var kind: Kind
    public var location: ManifestLocation
    /// For a YAML literal block scalar (`|`): where its text is, so positions inside it (a policy
    /// written as JSON in the block) map back to template lines and columns.
    public var literalBlock: LiteralBlock?

    public init(_ kind: Kind, at location: ManifestLocation, literalBlock: LiteralBlock? = nil) {
        self.kind = kind
        self.location = location
        self.literalBlock = literalBlock
    }

    /// The first line of a literal block's text and the column its lines start at.
    public struct LiteralBlock: Sendable, Hashable {
        public var firstLine: Int
        public var indentation: Int

        /// The template location of `line`:`column` of the block's text.
        public func location(file: String, line: Int, column: Int) -> ManifestLocation {
            ManifestLocation(file: file, line: firstLine + line - 1, column: indentation + column)
        }
    }

    public var members: [TemplateMember]? {
        if case .map(let members) = kind { return members }
        return nil
    }

    public var elements: [TemplateValue]? {
        if case .list(let elements) = kind { return elements }
        return nil
    }

    /// The first member with this key.
    public subscript(key: String) -> TemplateValue? {
        members?.first { $0.key == key }?.value
    }

    /// The text of a scalar (numbers and booleans as written); nil for lists, maps and null.
    public var scalarText: String? {
        switch kind {
        case .string(let s): s
        case .number(let n): n
        case .bool(let b): b ? "true" : "false"
        case .null, .list, .map: nil
        }
    }

    /// `(name, argument)` when this is an intrinsic function call: a map with exactly one key that
    /// is `Ref`, `Condition` (inside conditions) or starts with `Fn::`.
    public var intrinsic: (name: String, argument: TemplateValue)? {
        guard let members, members.count == 1 else { return nil }
        let key = members[0].key
        guard key == "Ref" || key.hasPrefix("Fn::") else { return nil }
        return (key, members[0].value)
    }

    /// A short name of the value's type, for messages.
    public var typeDescription: String {
        switch kind {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .list: "a list"
        case .map: "a mapping"
        }
    }

    /// The value as JSON (for policy documents), member order kept.
    public var json: OrderedJSON {
        switch kind {
        case .string(let s): .string(s)
        case .number(let n): .number(n)
        case .bool(let b): .bool(b)
        case .null: .null
        case .list(let elements): .array(elements.map(\.json))
        case .map(let members): .object(members.map { ($0.key, $0.value.json) })
        }
    }
}

public struct TemplateMember: Sendable {
    public var key: String
    public var keyLocation: ManifestLocation
    public var value: TemplateValue

    public init(key: String, keyLocation: ManifestLocation, value: TemplateValue) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// A template file could not be read at all (not JSON or YAML, not a mapping).
public struct TemplateSyntaxError: Error, Sendable, CustomStringConvertible {
    public var location: ManifestLocation
    public var message: String

    public init(_ message: String, at location: ManifestLocation) {
        self.message = message
        self.location = location
    }

    public var description: String { "\(location): \(message)" }
}

/// Turns template text into a `TemplateValue`: JSON through ecrguard's positioned parser when the
/// text starts with `{`, YAML (with CloudFormation's short-form tags) otherwise.
public enum TemplateParser {
    public static func parse(_ text: String, file: String) throws(TemplateSyntaxError) -> TemplateValue {
        let first = text.unicodeScalars.first { !$0.properties.isWhitespace }
        if first == "{" {
            do {
                return value(try JSONParser.parse(text), file: file)
            } catch {
                let location = ManifestLocation(file: file, line: error.position.line, column: error.position.column)
                throw TemplateSyntaxError("not valid JSON: \(error.message)", at: location)
            }
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic)
        } catch {
            let syntax = ManifestDecoder.syntaxError(error, file: file)
            throw TemplateSyntaxError(syntax.message, at: syntax.location)
        }
        guard let node else {
            throw TemplateSyntaxError("the template is empty", at: ManifestLocation(file: file, line: 1, column: 1))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return try value(node, file: file, lines: lines)
    }

    static func value(_ node: JSONNode, file: String) -> TemplateValue {
        let location = ManifestLocation(file: file, line: node.span.start.line, column: node.span.start.column)
        switch node.kind {
        case .null: return TemplateValue(.null, at: location)
        case .bool(let b): return TemplateValue(.bool(b), at: location)
        case .number(let n): return TemplateValue(.number(n), at: location)
        case .string(let s): return TemplateValue(.string(s), at: location)
        case .array(let elements): return TemplateValue(.list(elements.map { value($0, file: file) }), at: location)
        case .object(let members):
            return TemplateValue(.map(members.map {
                TemplateMember(key: $0.key, keyLocation: ManifestLocation(file: file, line: $0.keySpan.start.line, column: $0.keySpan.start.column),
                               value: value($0.value, file: file))
            }), at: location)
        }
    }

    /// CloudFormation's short-form tags and the long-form names they stand for; nil for any other tag.
    static func longName(ofTag tag: String) -> String? {
        let name = String(tag.dropFirst())
        switch name {
        case "Ref", "Condition": return name
        case "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform",
             "And", "Equals", "If", "Not", "Or", "ToJsonString", "Length":
            return "Fn::" + name
        default: return nil
        }
    }

    static func value(_ node: Node, file: String, lines: [Substring]) throws(TemplateSyntaxError) -> TemplateValue {
        let location = ManifestLocation(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        let plain: TemplateValue
        switch node {
        case .scalar(let scalar):
            plain = TemplateValue(scalarKind(scalar), at: location, literalBlock: scalar.style == .literal ? literalBlock(after: location.line, lines) : nil)
        case .sequence(let sequence):
            var elements: [TemplateValue] = []
            for element in sequence { elements.append(try value(element, file: file, lines: lines)) }
            plain = TemplateValue(.list(elements), at: location)
        case .mapping(let mapping):
            var members: [TemplateMember] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw TemplateSyntaxError("mapping keys must be plain names", at: ManifestLocation(file: file, line: keyNode.mark?.line ?? 1, column: keyNode.mark?.column ?? 1))
                }
                let keyLocation = ManifestLocation(file: file, line: keyNode.mark?.line ?? 1, column: keyNode.mark?.column ?? 1)
                members.append(TemplateMember(key: key.string, keyLocation: keyLocation, value: try value(valueNode, file: file, lines: lines)))
            }
            plain = TemplateValue(.map(members), at: location)
        case .alias:
            // Yams expands aliases while composing; one left unexpanded is not guessed at.
            throw TemplateSyntaxError("a YAML alias could not be expanded; write the value out", at: location)
        }
        let tag = node.tag.rawValue
        guard tag.hasPrefix("!"), tag != "!" else { return plain }
        guard let name = longName(ofTag: tag) else {
            throw TemplateSyntaxError("unknown YAML tag '\(tag)'", at: location)
        }
        // `!GetAZs ''`, `!Ref X`: a tagged scalar is the function's argument as a string.
        var argument = plain
        if case .scalar(let scalar) = node { argument = TemplateValue(.string(scalar.string), at: location, literalBlock: plain.literalBlock) }
        return TemplateValue(.map([TemplateMember(key: name, keyLocation: location, value: argument)]), at: location)
    }

    /// The block whose indicator (`|`) is on `line`: its first non-blank line and that line's indentation.
    static func literalBlock(after line: Int, _ lines: [Substring]) -> TemplateValue.LiteralBlock? {
        var index = line  // the line after the indicator, from 0
        while index < lines.count, lines[index].allSatisfy({ $0 == " " || $0 == "\r" }) { index += 1 }
        guard index < lines.count else { return nil }
        return TemplateValue.LiteralBlock(firstLine: index + 1, indentation: lines[index].prefix { $0 == " " }.count)
    }

    static func scalarKind(_ scalar: Node.Scalar) -> TemplateValue.Kind {
        let text = scalar.string
        guard scalar.style == .plain else { return .string(text) }
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case "", "~", "null", "Null", "NULL": return .null
        default: break
        }
        if isInteger(text) { return .number(text) }
        return .string(text)
    }

    /// `0`, `42`, `-7`: no leading zeros (an account id `012345678901` stays text), no signs but `-`.
    static func isInteger(_ text: String) -> Bool {
        var digits = Substring(text)
        if digits.hasPrefix("-") { digits = digits.dropFirst() }
        guard let first = digits.first, digits.allSatisfy(\.isASCIIDigit) else { return false }
        return first != "0" || digits.count == 1
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
