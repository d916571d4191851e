import Foundation
import JMESPath
import Yams

/// `--output yaml` and `yaml-stream` as the AWS CLI version 2 writes them (the installed AWS CLI v1
/// has no YAML output). Version 2 dumps the answer with ruamel.yaml's safe dumper over libyaml: block
/// style, mapping keys sorted, YAML 1.2 resolution (a string that would read back as another type,
/// such as `'123456789012'` or `'true'`, is quoted), floats as Python's `repr`, non-ASCII kept, width 80.
/// A scalar answer is written as one line of JSON instead. This emitter builds the same libyaml
/// events through Yams, so the layout decisions (quoting style, line folding) are libyaml's own.
struct YAMLFormatter {
    /// `--output yaml`: the whole answer; nothing for `{}`.
    func document(_ value: JMESValue) throws -> String {
        if case .object(let object) = value, object.isEmpty { return "" }
        switch value {
        case .array, .object: return try Yams.serialize(node: node(value), allowUnicode: true)
        default: return JSONWriter(asciiOnly: false).text(value) + "\n"
        }
    }

    /// `--output yaml-stream`: each page as a one-item sequence (`- ...`), so pages concatenate into one list.
    func streamItem(_ value: JMESValue) throws -> String {
        try Yams.serialize(node: node(.array([value])), allowUnicode: true)
    }

    private func node(_ value: JMESValue) -> Node {
        switch value {
        case .null: return scalar("null", .null)
        case .bool(let b): return scalar(b ? "true" : "false", .bool)
        case .number(.int(let i)): return scalar(String(i), .int)
        case .number(.double(let d)):
            if d.isNaN { return scalar(".nan", .float) }
            if d.isInfinite { return scalar(d > 0 ? ".inf" : "-.inf", .float) }
            return scalar(JMESNumber.double(d).pythonRepr.lowercased(), .float)
        case .string(let s): return string(s)
        case .array(let elements): return .sequence(Node.Sequence(elements.map(node), Tag(.seq), .block))
        case .object(let object):
            let sorted = object.sorted { codePointOrder($0.key, $1.key) }
            return .mapping(Node.Mapping(sorted.map { (string($0.key), node($0.value)) }, Tag(.map), .block))
        }
    }

    private func scalar(_ text: String, _ tag: Tag.Name) -> Node {
        .scalar(Node.Scalar(text, Tag(tag), .plain))
    }

    /// A string is plain unless, written plain, YAML 1.2 would read it as something else; then it is
    /// quoted (libyaml picks single quotes, or double quotes where single quotes cannot hold it).
    private func string(_ s: String) -> Node {
        .scalar(Node.Scalar(s, Tag(.str), YAMLImplicitTypes.wouldResolve(s) ? .singleQuoted : .plain))
    }
}

/// The implicit types of ruamel.yaml's YAML 1.2 resolver (bool, float, int, merge, null, timestamp,
/// value, yaml), as regular expressions; Python's `$` also matches before a final newline.
enum YAMLImplicitTypes {
    private static let patterns: [NSRegularExpression] = [
        #"^(?:true|True|TRUE|false|False|FALSE)$"#,
        #"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"#,
        #"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$"#,
        #"^(?:<<)$"#,
        #"^(?:~|null|Null|NULL|)$"#,
        #"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$"#,
        #"^(?:=)$"#,
        #"^(?:!|&|\*)$"#,
    ].map { try! NSRegularExpression(pattern: String($0.dropLast()) + #"\n?\z"#) }

    static func wouldResolve(_ s: String) -> Bool {
        let range = NSRange(s.startIndex..., in: s)
        return patterns.contains { $0.firstMatch(in: s, range: range) != nil }
    }
}
