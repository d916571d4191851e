/// `Principal`/`NotPrincipal` of a resource-based policy, compiled once.
///
/// Rules (IAM User Guide, "AWS JSON policy elements: Principal" and "NotPrincipal"):
/// - `"*"` and `{"AWS": "*"}` are equivalent and match every caller, anonymous ones included;
/// - a 12-digit account id or `arn:aws:iam::ACCOUNT:root` names the account: it delegates to the
///   account, whose identity policies must then allow (`ResourceGrant.account`);
/// - a role ARN matches every session of the role (compared by account and role name, since a
///   session ARN does not carry the role's path); a session ARN matches that session only;
/// - a principal ARN holding wildcards is invalid and matches nothing; `Federated` and
///   `CanonicalUser` entries never match an ECR caller.
/// - `NotPrincipal` excludes a caller only when every identity in its chain is listed (session,
///   role and account for a role session; user and account for an IAM user).
final class PrincipalMatcher: Sendable {
    /// One compiled entry: a payload-free kind and the texts it compares. A struct read in place,
    /// where an enum with `String` payloads was copied (and its strings retained) per entry tried.
    struct Entry: Sendable {
        enum Kind: UInt8, Sendable {
            case everyone, account, user, role, session, federatedUser, service, never
        }
        let kind: Kind
        /// The account id (account, role and session entries).
        let account: String
        /// The ARN (user, federated user), the lower-cased role name (role, session) or the
        /// lower-cased service name.
        let name: String
        /// The session name (session entries).
        let session: String
        let accountPrint: TextFingerprint
        let namePrint: TextFingerprint
        let sessionPrint: TextFingerprint

        init(kind: Kind, account: String = "", name: String = "", session: String = "") {
            self.kind = kind
            self.account = account
            self.name = name
            self.session = session
            accountPrint = TextFingerprint(account)
            namePrint = TextFingerprint(name)
            sessionPrint = TextFingerprint(session)
        }

        static let everyone = Entry(kind: .everyone)
        static let never = Entry(kind: .never)
    }

    let isNegated: Bool
    let entries: [Entry]

    init(_ element: PrincipalElement) {
        isNegated = element.isNegated
        entries = element.entries.map { Self.compile($0.value) }
    }

    static func compile(_ entry: PrincipalEntry) -> Entry {
        switch entry {
        case .everyone: return .everyone
        case .aws("*"): return .everyone
        case .aws(let text):
            if text.containsASCII("*") || text.containsASCII("?") { return .never }
            guard let p = PrincipalIdentity(text) else { return .never }
            switch p.kind {
            case .root: return Entry(kind: .account, account: p.account!)
            case .iamUser: return Entry(kind: .user, name: p.arn)
            case .role: return Entry(kind: .role, account: p.account!, name: p.name!.lowercased())
            case .assumedRole: return Entry(kind: .session, account: p.account!, name: p.name!.lowercased(), session: p.sessionName!)
            case .federatedUser: return Entry(kind: .federatedUser, name: p.arn)
            case .service, .anonymous: return .never
            }
        case .service(let name): return Entry(kind: .service, name: name.lowercased())
        case .federated, .canonicalUser: return .never
        }
    }

    /// How a positive `Principal` names the caller; `.none` when it does not.
    func grant(for p: PrincipalIdentity) -> ResourceGrant {
        entries.withUnsafeBufferPointer { buffer in
            var best = ResourceGrant.none
            for i in buffer.indices {
                let g = Self.grant(buffer.baseAddress! + i, p)
                if g > best { best = g }
            }
            return best
        }
    }

    /// What `"*"` grants the caller.
    static func grantToEveryone(_ p: PrincipalIdentity) -> ResourceGrant {
        (p.kind == .role || p.kind == .assumedRole) ? .role : .direct
    }

    /// Kinds are compared before any text, and fingerprints before strings (the name, which
    /// tells roles apart, first), so an entry naming someone else costs a few integer compares.
    /// The entry is read through a pointer: a copy of it would retain its three strings.
    @inline(__always)
    static func grant(_ entry: UnsafePointer<Entry>, _ p: PrincipalIdentity) -> ResourceGrant {
        let who = p.storage
        switch entry.pointee.kind {
        case .everyone:
            return grantToEveryone(p)
        case .account:
            guard who.accountPrint.mayEqual(entry.pointee.accountPrint), who.account == entry.pointee.account else { return .none }
            return .account
        case .user:
            guard who.kind == .iamUser, who.arnPrint.mayEqual(entry.pointee.namePrint), who.arn == entry.pointee.name else { return .none }
            return .direct
        case .role:
            guard who.kind == .role || who.kind == .assumedRole, who.foldedNamePrint.mayEqual(entry.pointee.namePrint),
                  who.accountPrint.mayEqual(entry.pointee.accountPrint), who.foldedName == entry.pointee.name, who.account == entry.pointee.account else { return .none }
            return .role
        case .session:
            guard who.kind == .assumedRole, who.foldedNamePrint.mayEqual(entry.pointee.namePrint), who.sessionNamePrint.mayEqual(entry.pointee.sessionPrint),
                  who.accountPrint.mayEqual(entry.pointee.accountPrint), who.foldedName == entry.pointee.name, who.sessionName == entry.pointee.session,
                  who.account == entry.pointee.account else { return .none }
            return .direct
        case .federatedUser:
            guard who.kind == .federatedUser, who.arnPrint.mayEqual(entry.pointee.namePrint), who.arn == entry.pointee.name else { return .none }
            return .direct
        case .service:
            guard who.kind == .service, who.foldedNamePrint.mayEqual(entry.pointee.namePrint), who.foldedName == entry.pointee.name else { return .none }
            return .direct
        case .never:
            return .none
        }
    }

    /// For `NotPrincipal`: whether the caller is excluded (every identity of its chain is listed).
    func excludes(_ p: PrincipalIdentity) -> Bool {
        // Bits: 1 account, 2 user, 4 role, 8 session, 16 federated user, 32 service, 64 anonymous.
        let needed: Int = switch p.kind {
        case .root: 1
        case .iamUser: 1 | 2
        case .role: 1 | 4
        case .assumedRole: 1 | 4 | 8
        case .federatedUser: 1 | 16
        case .service: 32
        case .anonymous: 64
        }
        var covered = 0
        entries.withUnsafeBufferPointer { buffer in
            for i in buffer.indices {
                let hit = Self.grant(buffer.baseAddress! + i, p) != .none
                switch buffer[i].kind {
                case .everyone: covered = 127
                case .account where hit: covered |= 1
                case .user where hit: covered |= 2
                case .role where hit: covered |= 4
                case .session where hit: covered |= 8
                case .federatedUser where hit: covered |= 16
                case .service where hit: covered |= 32
                default: break
                }
            }
        }
        return covered & needed == needed
    }
}

/// How a resource-policy `Allow` names the caller, which decides what else must allow
/// (IAM User Guide, "Policy evaluation logic", resource-based policies):
public enum ResourceGrant: Int, Sendable, Comparable, CustomStringConvertible {
    /// Not named.
    case none = 0
    /// The caller's account (`ACCOUNT` or `arn:aws:iam::ACCOUNT:root`): a delegation; the
    /// account's identity policies must allow too, in the same account as across accounts.
    case account = 1
    /// The role ARN (or a wildcard) for a role session: in the same account this suffices without
    /// an identity policy, but the permissions boundary and session policy still limit it.
    case role = 2
    /// The IAM user, role session, federated user or service by its own ARN/name (or a wildcard for
    /// a user, service or anonymous caller): in the same account this alone allows.
    case direct = 3

    public static func < (a: ResourceGrant, b: ResourceGrant) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .none: "none"
        case .account: "account"
        case .role: "role"
        case .direct: "direct"
        }
    }
}
