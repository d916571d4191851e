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
    enum Entry: Sendable {
        case everyone
        case account(String)
        case user(String)
        case role(account: String, name: String)
        case session(account: String, role: String, session: String)
        case federatedUser(String)
        case service(String)
        case never
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
            if text.contains("*") || text.contains("?") { return .never }
            guard let p = PrincipalIdentity(text) else { return .never }
            switch p.kind {
            case .root: return .account(p.account!)
            case .iamUser: return .user(p.arn)
            case .role: return .role(account: p.account!, name: p.name!.lowercased())
            case .assumedRole: return .session(account: p.account!, role: p.name!.lowercased(), session: p.sessionName!)
            case .federatedUser: return .federatedUser(p.arn)
            case .service, .anonymous: return .never
            }
        case .service(let name): return .service(name.lowercased())
        case .federated, .canonicalUser: return .never
        }
    }

    /// How a positive `Principal` names the caller; `.none` when it does not.
    func grant(for p: PrincipalIdentity) -> ResourceGrant {
        entries.withUnsafeBufferPointer { buffer in
            var best = ResourceGrant.none
            for i in buffer.indices {
                let g = Self.grant(buffer[i], p)
                if g > best { best = g }
            }
            return best
        }
    }

    static func grant(_ e: Entry, _ p: PrincipalIdentity) -> ResourceGrant {
        switch e {
        case .everyone:
            return (p.kind == .role || p.kind == .assumedRole) ? .role : .direct
        case .account(let a):
            return p.account == a ? .account : .none
        case .user(let arn):
            return p.kind == .iamUser && p.arn == arn ? .direct : .none
        case .role(let account, let name):
            guard p.kind == .role || p.kind == .assumedRole, p.account == account, p.storage.foldedName == name else { return .none }
            return .role
        case .session(let account, let role, let session):
            guard p.kind == .assumedRole, p.account == account, p.storage.foldedName == role, p.sessionName == session else { return .none }
            return .direct
        case .federatedUser(let arn):
            return p.kind == .federatedUser && p.arn == arn ? .direct : .none
        case .service(let name):
            return p.kind == .service && p.storage.foldedName == name ? .direct : .none
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
        for e in entries {
            switch e {
            case .everyone: covered = 127
            case .account(let a) where p.account == a: covered |= 1
            case .user(let arn) where p.kind == .iamUser && p.arn == arn: covered |= 2
            case .role where Self.grant(e, p) != .none: covered |= 4
            case .session where Self.grant(e, p) != .none: covered |= 8
            case .federatedUser(let arn) where p.kind == .federatedUser && p.arn == arn: covered |= 16
            case .service where Self.grant(e, p) != .none: covered |= 32
            default: break
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
