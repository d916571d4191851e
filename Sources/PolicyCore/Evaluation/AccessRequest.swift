import Foundation

/// One request to evaluate: who calls which action on which resource, with which context.
///
/// The fields live in one immutable storage object with everything the evaluator derives from
/// them (lower-cased action, action id, same-account and identity-only flags), so copying a
/// request costs one retain and evaluating it recomputes nothing; setting a field rebuilds it.
public struct AccessRequest: Sendable {
    final class Storage: Sendable {
        let principal: PrincipalIdentity
        let action: String
        let resource: String
        let givenResourceAccount: String?
        let context: RequestContext
        // Derived once.
        let actionKey: String
        let actionID: Int
        let resourceAccount: String?
        let isSameAccount: Bool
        let isIdentityOnly: Bool
        let isECRAction: Bool
        let isV1RegistryAction: Bool
        let needsResourcePolicyAllow: Bool
        /// Every context value conditions can read, in lookup order (see `ContextTable`).
        let contextTable: ContextTable

        convenience init(principal: PrincipalIdentity, action: String, resource: String, resourceAccount: String?, context: RequestContext) {
            let account = Self.resourceAccount(given: resourceAccount, resource: resource, principal: principal)
            self.init(principal: principal, action: action, resource: resource, givenResourceAccount: resourceAccount, resourceAccount: account,
                      context: context, contextTable: ContextTable(context: context, principal: principal, resourceAccount: account))
        }

        convenience init(principal: PrincipalIdentity, action: String, resource: String, givenResourceAccount: String?, resourceAccount account: String?,
                         context: RequestContext, contextTable: ContextTable) {
            self.init(principal: principal, action: ActionFacts(action), resource: resource, needsResourcePolicyAllow: ResourceFacts.needsResourcePolicyAllow(resource),
                      givenResourceAccount: givenResourceAccount, resourceAccount: account, context: context, contextTable: contextTable)
        }

        init(principal: PrincipalIdentity, action: ActionFacts, resource: String, needsResourcePolicyAllow: Bool, givenResourceAccount: String?,
             resourceAccount account: String?, context: RequestContext, contextTable: ContextTable) {
            self.principal = principal
            self.action = action.action
            self.resource = resource
            self.givenResourceAccount = givenResourceAccount
            self.context = context
            actionKey = action.key
            actionID = action.id
            self.resourceAccount = account
            if let a = principal.account, let r = account { isSameAccount = a == r } else { isSameAccount = false }
            isIdentityOnly = resource == "*" || action.isGetAuthorizationToken
            isECRAction = action.isECRAction
            isV1RegistryAction = action.isV1RegistryAction
            self.needsResourcePolicyAllow = needsResourcePolicyAllow
            self.contextTable = contextTable
        }

        /// The service segment of an ARN (`arn:PARTITION:SERVICE:...`), without building the ARN.
        static func service(of resource: String) -> Substring? { ARN.component(2, of: resource) }

        /// The account that owns the resource: as given, else the resource ARN's, else the principal's.
        static func resourceAccount(given: String?, resource: String, principal: PrincipalIdentity) -> String? {
            given ?? ResourceFacts.arnAccount(resource) ?? principal.account
        }

        /// The same, with the resource ARN's account already read (`ResourceFacts.arnAccount`).
        static func resourceAccount(given: String?, arnAccount: String?, principal: PrincipalIdentity) -> String? {
            given ?? arnAccount ?? principal.account
        }
    }

    /// The same caller and context asking for another action on another resource. The context table
    /// (the request's costliest part to build) is shared when the resource account stays the same,
    /// as it does across one registry's repositories, so asking one caller about many resources
    /// rebuilds nothing but the action's and resource's own fields.
    public func with(action: String, resource: String) -> AccessRequest {
        let s = storage
        let account = Storage.resourceAccount(given: s.givenResourceAccount, resource: resource, principal: s.principal)
        let table = account == s.resourceAccount ? s.contextTable : ContextTable(context: s.context, principal: s.principal, resourceAccount: account)
        return AccessRequest(storage: Storage(principal: s.principal, action: action, resource: resource, givenResourceAccount: s.givenResourceAccount,
                                              resourceAccount: account, context: s.context, contextTable: table))
    }

    /// `with(action:resource:)` from facts worked out once per action and resource text (a batch
    /// asks about a few actions and resources many times).
    func with(action: ActionFacts, resource: String, _ facts: ResourceFacts) -> AccessRequest {
        let s = storage
        let account = Storage.resourceAccount(given: s.givenResourceAccount, arnAccount: facts.arnAccount, principal: s.principal)
        let table = account == s.resourceAccount ? s.contextTable : ContextTable(context: s.context, principal: s.principal, resourceAccount: account)
        return AccessRequest(storage: Storage(principal: s.principal, action: action, resource: resource, needsResourcePolicyAllow: facts.needsResourcePolicyAllow,
                                              givenResourceAccount: s.givenResourceAccount, resourceAccount: account, context: s.context, contextTable: table))
    }

    private init(storage: Storage) {
        self.storage = storage
    }

    private var storage: Storage

    public init(principal: PrincipalIdentity, action: String, resource: String, resourceAccount: String? = nil,
                context: RequestContext = RequestContext()) {
        storage = Storage(principal: principal, action: action, resource: resource, resourceAccount: resourceAccount, context: context)
    }

    private mutating func rebuild(principal: PrincipalIdentity? = nil, action: String? = nil, resource: String? = nil,
                                  resourceAccount: String?? = nil, context: RequestContext? = nil) {
        let s = storage
        storage = Storage(principal: principal ?? s.principal, action: action ?? s.action, resource: resource ?? s.resource,
                          resourceAccount: resourceAccount ?? s.givenResourceAccount, context: context ?? s.context)
    }

    public var principal: PrincipalIdentity {
        get { storage.principal }
        set { rebuild(principal: newValue) }
    }
    /// The action as written (`ecr:BatchGetImage`); matched case-insensitively.
    public var action: String {
        get { storage.action }
        set { rebuild(action: newValue) }
    }
    /// The resource ARN, or `*` for actions without a resource type (`ecr:GetAuthorizationToken`).
    public var resource: String {
        get { storage.resource }
        set { rebuild(resource: newValue) }
    }
    /// The account that owns the resource; by default the account of the resource ARN, else the principal's.
    public var resourceAccount: String? {
        get { storage.resourceAccount }
        set { rebuild(resourceAccount: .some(newValue)) }
    }
    public var context: RequestContext {
        get { storage.context }
        set { rebuild(context: newValue) }
    }

    /// Whether any of the patterns matches the resource; the resource text is read in place.
    @inline(__always)
    func resourceMatchedBy(_ patterns: OwnedBuffer<WildcardPattern>) -> Bool {
        storage.resource.utf8.withContiguousStorageIfAvailable { bytes in
            for i in 0..<patterns.count where patterns.withElement(i, { $0.pointee.matches(bytes: bytes) }) { return true }
            return false
        } ?? (0..<patterns.count).contains { i in patterns.withElement(i) { $0.pointee.matches(storage.resource) } }
    }

    /// Lower-cased action.
    var actionKey: String { storage.actionKey }
    /// Index in `KnownActions`, or -1: lets compiled policies skip statements that cannot apply.
    var actionID: Int { storage.actionID }
    /// Requests on `*` and `ecr:GetAuthorizationToken`: only identity-based policies can allow them.
    var isIdentityOnly: Bool { storage.isIdentityOnly }
    var isECRAction: Bool { storage.isECRAction }
    var isV1RegistryAction: Bool { storage.isV1RegistryAction }
    /// Requests on a KMS key: the key policy must allow them (directly, or by naming the account so
    /// that identity policies can), whatever the identity policies say (AWS KMS Developer Guide,
    /// "Key policies in AWS KMS": "Without permission from the key policy, IAM policies that allow
    /// permissions have no effect.").
    var needsResourcePolicyAllow: Bool { storage.needsResourcePolicyAllow }

    /// The region of the resource ARN, if any.
    public var resourceRegion: String? { ARN(resource)?.region }

    /// Whether principal and resource belong to the same account.
    public var isSameAccount: Bool { storage.isSameAccount }

    /// A context value by lower-cased key: the request's own value first, then what the principal
    /// and the request imply (`aws:PrincipalArn`, `aws:ResourceAccount`, ...).
    @inline(__always)
    func contextValue(lowercasedKey key: String) -> ContextValue? {
        storage.contextTable.value(lowercasedKey: key, keyPrint: TextFingerprint(key))
    }

    /// `contextValue(lowercasedKey:)` for a caller that keeps the key's fingerprint (conditions do).
    @inline(__always)
    func contextValue(lowercasedKey key: String, keyPrint: TextFingerprint) -> ContextValue? {
        storage.contextTable.value(lowercasedKey: key, keyPrint: keyPrint)
    }
}

/// The context keys of one request in one flat list, built with the request: its own keys, then
/// the keys derived from the principal, then `aws:resourceaccount`. The first entry whose key
/// equals the asked one answers, so a key the request sets shadows a derived one.
///
/// A request carries a handful of keys: comparing fingerprints in one array, read in place, is
/// cheaper than hashing the asked key, and cheaper than comparing strings (which retains them).
struct ContextTable: Sendable {
    struct Entry: Sendable {
        let key: String
        let keyPrint: TextFingerprint
        let value: ContextValue

        init(_ key: String, _ value: ContextValue) {
            self.key = key
            keyPrint = TextFingerprint(key)
            self.value = value
        }
    }

    private let entries: [Entry]

    init(context: RequestContext, principal: PrincipalIdentity, resourceAccount: String?) {
        var entries: [Entry] = []
        let derived = principal.derived
        entries.reserveCapacity(context.storage.count + derived.count + 1)
        for (k, v) in context.storage { entries.append(Entry(k, v)) }
        // The principal's keys are distinct: their order among themselves changes no lookup.
        entries.append(contentsOf: derived)
        if let resourceAccount { entries.append(Entry("aws:resourceaccount", .single(resourceAccount))) }
        self.entries = entries
    }

    /// The value of the first entry whose key is `key` (lower-cased). Keys with different
    /// fingerprints differ; equal ones are confirmed by bytes (both ASCII) or by `==`.
    @inline(__always)
    func value(lowercasedKey key: String, keyPrint: TextFingerprint) -> ContextValue? {
        entries.withUnsafeBufferPointer { table in
            for i in table.indices {
                let entry = table.baseAddress! + i
                guard entry.pointee.keyPrint.mayEqual(keyPrint) else { continue }
                let bothASCII = keyPrint != .unknown && entry.pointee.keyPrint != .unknown
                if bothASCII ? asciiBytesEqual(entry.pointee.key, key) : entry.pointee.key == key { return entry.pointee.value }
            }
            return nil
        }
    }
}

/// What a request's evaluation derives from the action's text alone.
struct ActionFacts: Sendable {
    let action: String
    /// Lower-cased.
    let key: String
    let id: Int
    let isGetAuthorizationToken: Bool
    let isECRAction: Bool
    let isV1RegistryAction: Bool

    init(_ action: String) {
        // Most requests name a known action as the catalog spells it: its facts were worked out
        // once. Only the same bytes take them (a canonically equivalent spelling is `==` to the
        // name, but its lower-cased key has other bytes).
        if let known = Self.known[action], known.action.hasSameBytes(as: action) {
            self = known
            return
        }
        self.init(computing: action)
    }

    /// The facts of every known action, keyed by its catalog spelling (`ecr:BatchGetImage`).
    private static let known: [String: ActionFacts] =
        Dictionary(KnownActions.names.map { ($0, ActionFacts(computing: $0)) }, uniquingKeysWith: { first, _ in first })

    init(computing action: String) {
        self.action = action
        let key = action.lowercased()
        self.key = key
        id = KnownActions.id(key)
        isGetAuthorizationToken = key == "ecr:getauthorizationtoken"
        isECRAction = key.hasPrefix("ecr:")
        isV1RegistryAction = RegistryPolicyScope.v1Actions.contains(key)
    }
}

/// What a request's evaluation derives from the resource's text alone.
struct ResourceFacts: Sendable {
    /// The resource ARN's account, nil when it has none.
    let arnAccount: String?
    let needsResourcePolicyAllow: Bool

    init(_ resource: String) {
        arnAccount = Self.arnAccount(resource)
        needsResourcePolicyAllow = Self.needsResourcePolicyAllow(resource)
    }

    static func arnAccount(_ resource: String) -> String? {
        guard let account = ARN.component(4, of: resource), !account.isEmpty else { return nil }
        return String(account)
    }

    static func needsResourcePolicyAllow(_ resource: String) -> Bool { AccessRequest.Storage.service(of: resource) == "kms" }
}
