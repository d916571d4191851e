import ECRClient
import Foundation
import PolicyCore

/// One member's command-line value in the model's types, as the AWS CLI (v1) reads it:
/// `file://PATH` and `fileb://PATH` first (the file's text; a blob's bytes), then JSON when a
/// structure, map or list value starts with `{` or `[`, else shorthand; a list takes one value per
/// word (`--image-ids imageTag=a imageTag=b`); integers, doubles and `true`/`false` are converted.
enum ModelValue {
    static func fromArguments(_ tokens: [String], shape name: String, model: CLIModel, option: String) throws -> OrderedJSON {
        let shape = model.shape(name)
        if case .blob = shape {
            guard let token = tokens.first else { return .null }
            return .string(try blob(token, option: option).base64EncodedString())
        }
        let values = try tokens.map { try ParameterValue.text($0, option: option).text }
        switch shape {
        case .list(let member):
            if values.count == 1, firstNonBlank(values[0], newlinesToo: false) == "[" {
                return try parseJSON(values[0], option: option)
            }
            return .array(try values.map { try single($0, shape: member, model: model, option: option, inList: true) })
        default:
            return try single(values[0], shape: name, model: model, option: option, inList: false)
        }
    }

    /// The first character of `text` that is not white space (nor a newline, with `newlinesToo`), as
    /// `text.trimmingCharacters(in: .whitespaces or .whitespacesAndNewlines).first` gives it, without
    /// loading Foundation's character sets (`trimmingBlanks`).
    static func firstNonBlank(_ text: String, newlinesToo: Bool) -> Character? {
        text.trimmingBlanks(newlines: newlinesToo).first
    }

    private static func blob(_ token: String, option: String) throws -> Data {
        if token.hasPrefix("fileb://") {
            let path = String(token.dropFirst("fileb://".count))
            guard let data = FileManager.default.contents(atPath: path) else { throw CLIFailure.runtime("\(option): cannot read file \(path)") }
            return data
        }
        return Data(try ParameterValue.text(token, option: option).text.utf8)
    }

    private static func single(_ text: String, shape name: String, model: CLIModel, option: String, inList: Bool) throws -> OrderedJSON {
        let shape = model.shape(name)
        if shape.isScalar { return scalar(text, shape: shape) }
        if let first = firstNonBlank(text, newlinesToo: true), first == "{" || first == "[" {
            return try parseJSON(text, option: option)
        }
        do {
            return try convert(try ShorthandParser.parse(text), shape: name, model: model, path: option)
        } catch let error as ShorthandError {
            throw CLIFailure.usage("\(option): \(error)")
        }
    }

    /// A shorthand string as the model's scalar: numbers and booleans converted where they read as
    /// such, anything else kept as text (the model check then names the parameter, as botocore does).
    static func scalar(_ text: String, shape: CLIShape) -> OrderedJSON {
        switch shape {
        case .integer: if let value = Int(text) { return .int(value) }
        case .double: if let value = Double(text), value.isFinite { return .number(text) }
        case .boolean:
            if text.lowercased() == "true" { return .bool(true) }
            if text.lowercased() == "false" { return .bool(false) }
        case .blob: return .string(Data(text.utf8).base64EncodedString())
        default: break
        }
        return .string(text)
    }

    static func convert(_ value: ShorthandValue, shape name: String, model: CLIModel, path: String) throws -> OrderedJSON {
        let shape = model.shape(name)
        switch (shape, value) {
        case (.structure(let members, _), .object(let pairs)):
            var out: [(String, OrderedJSON)] = []
            for (key, item) in pairs {
                guard let member = members.first(where: { $0.name == key }) else {
                    throw CLIFailure.usage("\(path): Unknown parameter in \(name): \"\(key)\", must be one of: \(members.map(\.name).joined(separator: ", "))")
                }
                out.append((key, try convert(item, shape: member.shape, model: model, path: path)))
            }
            return .object(out)
        case (.map(_, let valueShape), .object(let pairs)):
            return .object(try pairs.map { ($0.0, try convert($0.1, shape: valueShape, model: model, path: path)) })
        case (.list(let member), .list(let items)):
            return .array(try items.map { try convert($0, shape: member, model: model, path: path) })
        case (.list(let member), _):
            // `key=value` for a list member is a list of one.
            return .array([try convert(value, shape: member, model: model, path: path)])
        case (_, .string(let text)) where shape.isScalar:
            return scalar(text, shape: shape)
        default:
            throw CLIFailure.usage("\(path): Error parsing parameter: the value does not fit \(name)")
        }
    }

    /// What botocore's parameter validation reports: unknown and missing members, wrong types,
    /// values outside an enum are not checked (ECR's enums are open, as the AWS CLI leaves them).
    static func validate(_ value: OrderedJSON, shape name: String, model: CLIModel, path: String) -> [String] {
        let label = path.isEmpty ? "input" : path
        switch model.shape(name) {
        case .structure(let members, let required):
            guard case .object(let pairs) = value else { return [typeError(path, value, "dict")] }
            var problems: [String] = []
            for key in required where !pairs.contains(where: { $0.0 == key }) {
                problems.append("Missing required parameter in \(label): \"\(key)\"")
            }
            for (key, item) in pairs {
                guard let member = members.first(where: { $0.name == key }) else {
                    problems.append("Unknown parameter in \(label): \"\(key)\", must be one of: \(members.map(\.name).joined(separator: ", "))")
                    continue
                }
                problems += validate(item, shape: member.shape, model: model, path: path.isEmpty ? key : "\(path).\(key)")
            }
            return problems
        case .list(let member):
            guard case .array(let items) = value else { return [typeError(path, value, "list, tuple")] }
            return items.enumerated().flatMap { validate($1, shape: member, model: model, path: "\(path)[\($0)]") }
        case .map(_, let valueShape):
            guard case .object(let pairs) = value else { return [typeError(path, value, "dict")] }
            return pairs.flatMap { validate($0.1, shape: valueShape, model: model, path: "\(path).\($0.0)") }
        case .string:
            if case .string = value { return [] }
            return [typeError(path, value, "str")]
        case .integer:
            if case .int = value { return [] }
            if case .number(let text) = value, Int(text) != nil { return [] }
            return [typeError(path, value, "int")]
        case .double:
            if case .int = value { return [] }
            if case .number = value { return [] }
            return [typeError(path, value, "float, decimal.Decimal, int")]
        case .boolean:
            if case .bool = value { return [] }
            return [typeError(path, value, "bool")]
        case .timestamp, .blob:
            return []
        }
    }

    private static func typeError(_ path: String, _ value: OrderedJSON, _ expected: String) -> String {
        "Invalid type for parameter \(path), value: \(value.compact), valid types: \(expected)"
    }
}
