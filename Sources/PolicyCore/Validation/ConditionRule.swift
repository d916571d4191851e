import Foundation

/// Condition keys and values: keys are `prefix:name`; `aws:` keys must be global condition keys
/// and `ecr:` keys must be ECR's; values must fit their operator (numbers for Numeric*, dates for
/// Date*, `true`/`false` for Bool and Null, IP addresses or CIDR blocks for IpAddress, base64 for
/// BinaryEquals). Dates and addresses are read by the evaluator's own parsers (`DateValue`,
/// `IPAddressRange`), so a value is a DATA_TYPE_MISMATCH exactly when evaluation could never match it. Keys of other services are not checked: the catalog's lists for them are not
/// complete enough to call a key wrong.
public struct ConditionRule: ValidationRule {
    public init() {}

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        for statement in context.document.statements {
            for clause in statement.condition?.clauses ?? [] {
                checkKey(clause.key, context: context, into: &reporter)
                checkValues(clause, into: &reporter)
            }
        }
    }

    func checkKey(_ key: Located<String>, context: ValidationContext, into reporter: inout FindingReporter) {
        let text = key.value
        guard let colon = text.firstIndex(ofASCII: ":"), colon != text.startIndex, text.index(after: colon) != text.endIndex else {
            reporter.report(.invalidConditionKeyFormat, at: key.span, "'\(text)' is not a condition key: write prefix:name, as in aws:PrincipalOrgID")
            return
        }
        let prefix = text[..<colon].lowercased()
        guard prefix == "aws" || prefix == "ecr", let known = context.catalog.isKnownConditionKey(text), !known else { return }
        if prefix == "aws" {
            reporter.report(.invalidGlobalConditionKey, at: key.span, "'\(text)' is not an AWS global condition key")
        } else {
            let keys = context.catalog.conditionKeys(ofService: "ecr").map { $0.hasSuffix("/") ? $0 + "<key>" : $0 }
            reporter.report(.invalidServiceConditionKey, at: key.span, "'\(text)' is not an ECR condition key (ECR has: \(keys.joined(separator: ", ")))")
        }
    }

    func checkValues(_ clause: ConditionClause, into reporter: inout FindingReporter) {
        let op = clause.op.value
        if op.base == .bool || op.base == .null {
            let distinct = Set(clause.values.map { $0.value.text.lowercased() })
            if op.base == .bool, distinct.count > 1 {
                reporter.report(.invalidConditionMultipleBoolean, at: clause.valuesSpan,
                                "the Bool condition on '\(clause.key.value)' lists both true and false, so it matches any value; use one")
            }
        }
        for value in clause.values {
            let text = value.value.text
            // Values with policy variables are resolved at request time (or reported by PolicyVariableRule).
            if text.hasVariableMarker { continue }
            if let expected = mismatch(text, value.value.jsonType, op.base) {
                let effect = op.isNegated ? "so this negated condition is always true" : "so this value never matches"
                reporter.report(.dataTypeMismatch, at: value.span, "\(op.base.rawValue) expects \(expected) for \(clause.key.value), not '\(text)', \(effect)",
                                remediation: "write the value as \(expected), or use an operator of the value's type (StringEquals for text)")
            }
        }
    }

    /// What the operator expects, when the value does not fit it.
    func mismatch(_ text: String, _ type: ConditionValue.JSONType, _ base: ConditionOperatorBase) -> String? {
        switch base.family {
        case .string, .arn:
            return nil
        case .numeric:
            return Double(text) == nil || text.utf8.contains(where: { $0 | 0x20 == UInt8(ascii: "n") }) ? "a number" : nil
        case .bool, .null:
            return ["true", "false"].contains(text.lowercased()) ? nil : "true or false"
        case .date:
            return DateValue.parse(text) != nil ? nil : "a date (ISO 8601 such as 2026-01-31T00:00:00Z, or epoch seconds)"
        case .ipAddress:
            return IPAddressRange(text) != nil ? nil : "an IP address or CIDR block (203.0.113.0/24, 2001:db8::/32)"
        case .binary:
            return Data(base64Encoded: text) == nil ? "a base64-encoded value" : nil
        }
    }
}
