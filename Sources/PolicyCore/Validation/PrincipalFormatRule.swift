/// The form of each principal: ARNs without wildcards, 12-digit accounts, well-formed service
/// principals and canonical user ids.
///
/// `"*"` (and `{"AWS": "*"}`) is the only wildcard IAM accepts in a principal; `*` or `?` inside an
/// ARN is rejected (UNSUPPORTED_WILDCARD_IN_PRINCIPAL) — match ARNs with `aws:PrincipalArn` and
/// `ArnLike` instead. Unique ids (`AROA...`, `AIDA...`) are accepted: AWS writes them into a policy
/// when the principal it named was deleted.
public struct PrincipalFormatRule: ValidationRule {
    public init() {}

    public func check(_ context: ValidationContext, into reporter: inout FindingReporter) {
        for statement in context.document.statements {
            guard let principal = statement.principal else { continue }
            for entry in principal.entries {
                switch entry.value {
                case .everyone:
                    break
                case .aws(let text):
                    checkAWS(text, entry.span, into: &reporter)
                case .service(let text):
                    checkService(text, entry.span, into: &reporter)
                case .federated(let text):
                    if text.hasWildcard {
                        reporter.report(.unsupportedWildcardInPrincipal, at: entry.span, "wildcards are not allowed in a Federated principal ('\(text)')")
                    }
                case .canonicalUser(let text):
                    if text.utf8.count != 64 || !text.utf8.allSatisfy({ isHexDigit($0) }) {
                        reporter.report(.invalidPrincipalFormat, at: entry.span, "'\(text)' is not a canonical user id (64 hexadecimal characters)")
                    }
                }
            }
        }
    }

    func checkAWS(_ text: String, _ span: SourceSpan, into reporter: inout FindingReporter) {
        if text == "*" || ARN.isAccountID(text) { return }
        if isUniqueID(text) { return }
        if text.hasPrefix("arn:") {
            guard let arn = ARN(text) else {
                reporter.report(.missingARNField, at: span, "'\(text)' is not a complete ARN (arn:partition:iam::account-id:resource)")
                return
            }
            if text.hasWildcard {
                reporter.report(.unsupportedWildcardInPrincipal, at: span,
                                "wildcards are not allowed inside a principal ARN ('\(text)'); use \"*\" with a condition on aws:PrincipalArn (ArnLike) instead",
                                remediation: "\"Principal\": {\"AWS\": \"*\"}, \"Condition\": {\"ArnLike\": {\"aws:PrincipalArn\": \"\(text)\"}}")
                return
            }
            if arn.service != "iam" && arn.service != "sts" {
                reporter.report(.invalidPrincipalFormat, at: span, "'\(text)' is not an IAM principal: an AWS principal ARN names an iam or sts resource")
            } else if !ARN.isAccountID(arn.account) {
                reporter.report(.invalidARNAccount, at: span, "the account of principal '\(text)' must be a 12-digit account id")
            }
            return
        }
        if text.hasWildcard {
            reporter.report(.unsupportedWildcardInPrincipal, at: span, "wildcards are not allowed in principal '\(text)'; only \"*\" on its own means everyone")
        } else {
            reporter.report(.invalidPrincipalFormat, at: span, "'\(text)' is not a valid AWS principal: use a 12-digit account id, an IAM ARN or \"*\"")
        }
    }

    func checkService(_ text: String, _ span: SourceSpan, into reporter: inout FindingReporter) {
        if text.hasWildcard {
            reporter.report(.unsupportedWildcardInPrincipal, at: span, "wildcards are not allowed in a service principal ('\(text)')")
            return
        }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        let valid = labels.count >= 2 && labels.allSatisfy { label in
            !label.isEmpty && label.utf8.allSatisfy { b in isAlphanumeric(b) || b == UInt8(ascii: "-") }
        }
        if !valid {
            reporter.report(IssueCode.error("INVALID_SERVICE_PRINCIPAL_FORMAT"), at: span,
                            "'\(text)' is not a service principal (expected a name such as ecr.amazonaws.com)")
        }
    }

    /// IAM unique ids: a four-letter type prefix (AIDA user, AROA role, AGPA group) and 17 or more characters.
    func isUniqueID(_ text: String) -> Bool {
        text.utf8.count >= 16 && text.hasPrefix("A") && text.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
            && ["AIDA", "AROA", "AGPA"].contains(String(text.prefix(4)))
    }
}

@inline(__always) func isHexDigit(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
}

@inline(__always) func isAlphanumeric(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A)
}
