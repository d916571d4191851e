/// Who makes a request: an IAM user, a role (any session of it), one role session, a federated
/// user, an account root user, an AWS service principal, or an anonymous caller.
public struct PrincipalIdentity: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case root, iamUser, role, assumedRole, federatedUser, service, anonymous
    }

    /// One reference, so passing a principal around costs one retain.
    final class Storage: Sendable {
        let kind: Kind
        let arn: String
        let account: String?
        let name: String?
        let sessionName: String?
        let roleARN: String?
        let isServiceLinkedRole: Bool
        /// The context keys the principal implies (`aws:principalarn`, ...), lower-cased, each
        /// once, with their fingerprints: every request of this principal copies them as they are
        /// into its `ContextTable`.
        let derived: [ContextTable.Entry]
        /// Lower-cased role name (roles, sessions) or service name, for case-insensitive matching.
        let foldedName: String?
        /// Fingerprints of `account`, `arn`, `foldedName` and `sessionName`, for `PrincipalMatcher`.
        let accountPrint: TextFingerprint
        let arnPrint: TextFingerprint
        let foldedNamePrint: TextFingerprint
        let sessionNamePrint: TextFingerprint

        init(kind: Kind, arn: String, account: String?, name: String?, sessionName: String?, roleARN: String?,
             isServiceLinkedRole: Bool, derived: [ContextTable.Entry]) {
            self.kind = kind
            self.arn = arn
            self.account = account
            self.name = name
            self.sessionName = sessionName
            self.roleARN = roleARN
            self.isServiceLinkedRole = isServiceLinkedRole
            self.derived = derived
            self.foldedName = kind == .service ? arn.lowercased() : name?.lowercased()
            accountPrint = TextFingerprint(account)
            arnPrint = TextFingerprint(arn)
            foldedNamePrint = TextFingerprint(foldedName)
            sessionNamePrint = TextFingerprint(sessionName)
        }
    }

    let storage: Storage

    public var kind: Kind { storage.kind }
    /// The ARN as given (`arn:aws:sts::1111:assumed-role/ci/build-7`), the service name, or `anonymous`.
    public var arn: String { storage.arn }
    /// The principal's account; nil for services and anonymous callers.
    public var account: String? { storage.account }
    /// User, role or federated user name (the last path component).
    public var name: String? { storage.name }
    /// For role sessions.
    public var sessionName: String? { storage.sessionName }
    /// For roles and role sessions: the role ARN (`arn:aws:iam::ACCOUNT:role/PATH/NAME`). A session
    /// ARN does not carry the role's path, so a session's role ARN has none unless given.
    public var roleARN: String? { storage.roleARN }
    /// Roles under `/aws-service-role/` (service-linked roles) are exempt from SCPs and RCPs.
    public var isServiceLinkedRole: Bool { storage.isServiceLinkedRole }
    var derived: [ContextTable.Entry] { storage.derived }

    public var description: String { arn }

    /// Parses `arn:aws:iam::ACCOUNT:user/...`, `...:role/...`, `...:root`, a 12-digit account id
    /// (its root), `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`, `...:federated-user/NAME`,
    /// a service principal (`ecr.amazonaws.com`) or `anonymous`. Nil for anything else.
    public init?(_ text: String) {
        if text == "anonymous" || text == "*" {
            self.init(kind: .anonymous, arn: "anonymous", account: nil, name: nil, sessionName: nil, roleARN: nil, serviceLinked: false)
            return
        }
        if ARN.isAccountID(text) {
            self.init(kind: .root, arn: "arn:aws:iam::\(text):root", account: text, name: nil, sessionName: nil, roleARN: nil, serviceLinked: false)
            return
        }
        guard let arn = ARN(text) else {
            guard !text.contains(":"), !text.contains("/"), text.contains("."), !text.contains(" ") else { return nil }
            self.init(kind: .service, arn: text, account: nil, name: nil, sessionName: nil, roleARN: nil, serviceLinked: false)
            return
        }
        guard ARN.isAccountID(arn.account) else { return nil }
        let pieces = arn.resource.splitKeepingEmpty(at: "/").map(String.init)
        switch (arn.service, pieces.first ?? "") {
        case ("iam", "root") where pieces.count == 1:
            self.init(kind: .root, arn: text, account: arn.account, name: nil, sessionName: nil, roleARN: nil, serviceLinked: false)
        case ("iam", "user") where pieces.count >= 2 && !pieces.last!.isEmpty:
            self.init(kind: .iamUser, arn: text, account: arn.account, name: pieces.last, sessionName: nil, roleARN: nil, serviceLinked: false)
        case ("iam", "role") where pieces.count >= 2 && !pieces.last!.isEmpty:
            self.init(kind: .role, arn: text, account: arn.account, name: pieces.last, sessionName: nil, roleARN: text,
                      serviceLinked: pieces.count >= 3 && pieces[1] == "aws-service-role")
        case ("sts", "assumed-role") where pieces.count == 3 && !pieces[1].isEmpty && !pieces[2].isEmpty:
            self.init(kind: .assumedRole, arn: text, account: arn.account, name: pieces[1], sessionName: pieces[2],
                      roleARN: "arn:\(arn.partition):iam::\(arn.account):role/\(pieces[1])", serviceLinked: false)
        case ("sts", "federated-user") where pieces.count == 2 && !pieces[1].isEmpty:
            self.init(kind: .federatedUser, arn: text, account: arn.account, name: pieces[1], sessionName: nil, roleARN: nil, serviceLinked: false)
        default:
            return nil
        }
    }

    /// An anonymous (unauthenticated) caller.
    public static let anonymous = PrincipalIdentity("anonymous")!

    /// An AWS service principal such as `ecr.amazonaws.com`.
    public static func service(_ name: String) -> PrincipalIdentity {
        PrincipalIdentity(kind: .service, arn: name, account: nil, name: nil, sessionName: nil, roleARN: nil, serviceLinked: false)
    }

    /// A role session whose role ARN (with path) is known, so resource policies naming the role ARN
    /// with its path match it.
    public static func session(_ sessionARN: String, roleARN: String) -> PrincipalIdentity? {
        guard let s = PrincipalIdentity(sessionARN), s.kind == .assumedRole,
              let role = PrincipalIdentity(roleARN), role.kind == .role, role.account == s.account,
              role.name?.lowercased() == s.name?.lowercased() else { return nil }
        return PrincipalIdentity(kind: .assumedRole, arn: s.arn, account: s.account, name: s.name, sessionName: s.sessionName,
                                 roleARN: roleARN, serviceLinked: role.isServiceLinkedRole)
    }

    init(kind: Kind, arn: String, account: String?, name: String?, sessionName: String?, roleARN: String?, serviceLinked: Bool) {
        var d: [ContextTable.Entry] = []
        d.reserveCapacity(5)
        switch kind {
        case .anonymous:
            d.append(ContextTable.Entry("aws:principaltype", .single("Anonymous")))
        case .service:
            d.append(ContextTable.Entry("aws:principalisawsservice", .single("true")))
            d.append(ContextTable.Entry("aws:principalservicename", .single(arn)))
        case .root, .iamUser, .role, .assumedRole, .federatedUser:
            d.append(ContextTable.Entry("aws:principalisawsservice", .single("false")))
            d.append(ContextTable.Entry("aws:principalaccount", .single(account ?? "")))
            d.append(ContextTable.Entry("aws:principalarn", .single(roleARN ?? arn)))
            let type: String = switch kind {
            case .root: "Account"
            case .iamUser: "User"
            case .federatedUser: "FederatedUser"
            default: "AssumedRole"
            }
            d.append(ContextTable.Entry("aws:principaltype", .single(type)))
            if kind == .iamUser, let name { d.append(ContextTable.Entry("aws:username", .single(name))) }
        }
        storage = Storage(kind: kind, arn: arn, account: account, name: name, sessionName: sessionName, roleARN: roleARN,
                          isServiceLinkedRole: serviceLinked, derived: d)
    }

    /// Whether identity policies, boundaries and SCPs can exist for this principal.
    public var isIAMPrincipal: Bool {
        switch kind {
        case .root, .iamUser, .role, .assumedRole, .federatedUser: true
        case .service, .anonymous: false
        }
    }

    /// The keys derived from the principal itself (`aws:PrincipalArn`, `aws:PrincipalAccount`,
    /// `aws:PrincipalType`, `aws:username`, `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName`).
    public var derivedContext: [String: ContextValue] {
        Dictionary(derived.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    public static func == (a: PrincipalIdentity, b: PrincipalIdentity) -> Bool {
        a.kind == b.kind && a.arn == b.arn && a.roleARN == b.roleARN
    }

    public func hash(into h: inout Hasher) {
        h.combine(kind); h.combine(arn); h.combine(roleARN)
    }
}
