/// The form of each principal: ARNs without wildcards that name something able to make a request
/// (not an IAM group, instance profile or managed policy, not a role session without its session
/// name), 12-digit accounts, well-formed service principals and canonical user ids. AWS rejects a
/// policy naming anything else ("Invalid principal in policy"), so each is an error rather than a
/// principal that silently matches nobody.
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
            } else if let reason = Self.notAPrincipal(arn) {
                reporter.report(.invalidPrincipalFormat, at: span, "'\(text)' is not a principal: \(reason)")
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
            reporter.report(.invalidServicePrincipalFormat, at: span,
                            "'\(text)' is not a service principal (expected a name such as ecr.amazonaws.com)")
        }
    }

    /// Why an `iam`/`sts` ARN with a valid account names nothing that can make a request; nil for
    /// the principals IAM accepts: the account root, users, roles, role sessions and federated
    /// users (the same forms `PrincipalIdentity` reads, so who-can and simulate never meet others).
    public static func notAPrincipal(_ arn: ARN) -> String? {
        let pieces = arn.resource.split(separator: "/", omittingEmptySubsequences: false)
        let type = pieces.first.map(String.init) ?? ""
        let named = pieces.count >= 2 && !(pieces.last?.isEmpty ?? true)
        let sts = "arn:\(arn.partition):sts::\(arn.account)"
        switch (arn.service, type) {
        case ("iam", "root") where pieces.count == 1: return nil
        case ("iam", "user") where named, ("iam", "role") where named: return nil
        case ("sts", "assumed-role") where pieces.count == 3 && !pieces[1].isEmpty && !pieces[2].isEmpty: return nil
        case ("sts", "federated-user") where pieces.count == 2 && !pieces[1].isEmpty: return nil
        case ("iam", "group"):
            return "an IAM group cannot be a principal; name its users, or grant the group an identity policy"
        case ("iam", "instance-profile"):
            return "an instance profile cannot be a principal; name its role (arn:\(arn.partition):iam::\(arn.account):role/NAME)"
        case ("iam", "policy"):
            return "a managed policy cannot be a principal; name the users or roles it is attached to"
        case ("sts", "assumed-role"):
            return "a role session principal names the role and the session (\(sts):assumed-role/ROLE/SESSION); to name every session of the role, name the role ARN"
        case ("iam", "federated-user"), ("iam", "assumed-role"):
            return "\(type) principals are STS resources (\(sts):\(type)/...)"
        case ("sts", "root"), ("sts", "user"), ("sts", "role"):
            return "\(type == "root" ? "the account root" : "an IAM \(type)") is an iam resource (arn:\(arn.partition):iam::\(arn.account):\(arn.resource))"
        default:
            return "an AWS principal is the account root, an IAM user or role, a role session (\(sts):assumed-role/ROLE/SESSION) or a federated user (\(sts):federated-user/NAME)"
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
