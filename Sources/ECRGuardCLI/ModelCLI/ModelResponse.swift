import ECRClient
import Foundation
import PolicyCore
import JMESPath

/// Answers as botocore parses them for the AWS CLI: members in the model's order, members the model
/// lacks and nulls left out (botocore's JSON parser walks the shape, not the body), timestamps as
/// sent (the AWS CLI v1 prints them as received).
enum ModelResponse {
    static func shaped(_ value: OrderedJSON, shape name: String?, model: CLIModel) -> OrderedJSON {
        guard let name else { return .object([]) }
        switch (model.shape(name), value) {
        case (.structure(let members, _), .object(let pairs)):
            return .object(members.compactMap { member in
                guard let item = pairs.first(where: { $0.0 == member.name })?.1, item != .null else { return nil }
                return (member.name, shaped(item, shape: member.shape, model: model))
            })
        case (.list(let member), .array(let items)):
            return .array(items.map { shaped($0, shape: member, model: model) })
        case (.map(_, let valueShape), .object(let pairs)):
            return .object(pairs.filter { $0.1 != .null }.map { ($0.0, shaped($0.1, shape: valueShape, model: model)) })
        default:
            return value
        }
    }
}

/// The pages of a paginated call as botocore's `PageIterator` gives them to the AWS CLI's
/// formatters: `merged` is `build_full_result()` (result keys joined, then the non-aggregate keys of
/// the first page, then `NextToken` when `--max-items` stopped early); text prints page by page.
struct PagedAnswer {
    var pages: [JMESValue]
    /// Dotted paths of the lists joined across pages; the first is the one `--max-items` counts.
    var resultKeys: [String]
    var nonAggregate: JMESObject
    var resumeToken: String?

    var merged: JMESValue {
        var complete = JMESObject()
        for page in pages {
            for key in resultKeys {
                guard let value = page.lookup(key), value != .null else { continue }
                if case .array(let existing)? = JMESValue.object(complete).lookup(key), case .array(let more) = value {
                    complete.set(key, .array(existing + more))
                } else if JMESValue.object(complete).lookup(key) == nil {
                    complete.set(key, value)
                }
            }
        }
        Self.merge(&complete, nonAggregate)
        if let resumeToken { complete["NextToken"] = .string(resumeToken) }
        return .object(complete)
    }

    /// botocore's `merge_dicts`: objects merge member by member (existing members keep their place),
    /// anything else replaces what was there.
    static func merge(_ target: inout JMESObject, _ source: JMESObject) {
        for (key, value) in source {
            if case .object(let inner) = value, case .object(var existing)? = target[key] {
                merge(&existing, inner)
                target[key] = .object(existing)
            } else {
                target[key] = value
            }
        }
    }

    /// What the text formatter prints for each page (awscli's TextFormatter with a paginated response).
    var textPages: [JMESValue] {
        var out: [JMESValue] = []
        for (index, page) in pages.enumerated() {
            var current = index == 0 ? nonAggregate : JMESObject()
            for key in resultKeys { current.set(key, page.lookup(key) ?? .null) }
            out.append(.object(current))
        }
        if let resumeToken { out.append(.object(JMESObject([("NextToken", .object(JMESObject([("NextToken", .string(resumeToken))])))]))) }
        return out
    }
}

extension JMESValue {
    /// The value at a dotted path of member names (`imageScanFindings.findings`).
    func lookup(_ path: String) -> JMESValue? {
        var current: JMESValue = self
        for part in path.split(separator: ".") {
            guard case .object(let object) = current, let next = object[String(part)] else { return nil }
            current = next
        }
        return current
    }
}

extension JMESObject {
    /// Sets the value at a dotted path, making the objects on the way (botocore's `set_value_from_jmespath`).
    mutating func set(_ path: String, _ value: JMESValue) {
        set(path.split(separator: ".").map(String.init)[...], value)
    }

    private mutating func set(_ parts: ArraySlice<String>, _ value: JMESValue) {
        guard let first = parts.first else { return }
        if parts.count == 1 { self[first] = value; return }
        var inner: JMESObject
        if case .object(let existing)? = self[first] { inner = existing } else { inner = JMESObject() }
        inner.set(parts.dropFirst(), value)
        self[first] = .object(inner)
    }
}

/// botocore's pagination tokens for `--starting-token` and the `NextToken` it prints: base64 of
/// the JSON `{"nextToken": ..., "boto_truncate_amount": N}` (the amount only when a page was cut).
enum PaginationToken {
    struct Decoded: Equatable {
        var nextToken: String?
        var truncateAmount: Int
    }

    static func encode(inputToken: String, nextToken: String?, truncateAmount: Int?) -> String {
        var json = "{\"\(inputToken)\": " + (nextToken.map(pythonJSONString) ?? "null")
        if let truncateAmount { json += ", \"boto_truncate_amount\": \(truncateAmount)" }
        json += "}"
        return Data(json.utf8).base64EncodedString()
    }

    static func decode(_ token: String, inputToken: String) throws -> Decoded {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
              case .object(let members)? = try? OrderedJSON.parse(text) else {
            throw CLIFailure.usage("--starting-token: not a token this command printed")
        }
        let next = members.first { $0.0 == inputToken }?.1.stringValue
        var amount = 0
        if let value = members.first(where: { $0.0 == "boto_truncate_amount" })?.1 {
            switch value {
            case .int(let n): amount = n
            case .number(let text): amount = Int(text) ?? 0
            default: break
            }
        }
        return Decoded(nextToken: next, truncateAmount: amount)
    }

    /// `json.dumps` of a string: ASCII only, `\uXXXX` for the rest.
    static func pythonJSONString(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(unit)!)
            default: out += String(format: "\\u%04x", unit)
            }
        }
        return out + "\""
    }
}
