/// One request to evaluate: who calls which action on which resource, with which context.
///
/// The fields live in one shared, copy-on-write storage object with everything the evaluator
/// derives from them (lower-cased action, action id, same-account and identity-only flags), so
/// copying a request costs one retain and evaluating it recomputes nothing.
public struct AccessRequest: Sendable {
    final class Storage: @unchecked Sendable {
        var principal: PrincipalIdentity
        var action: String
        var resource: String
        var givenResourceAccount: String?
        var context: RequestContext
        // Derived, refreshed by `derive()`.
        var actionKey = ""
        var actionID = -1
        var resourceAccount: String?
        var isSameAccount = false
        var isIdentityOnly = false
        var isECRAction = false
        var isV1RegistryAction = false

        init(principal: PrincipalIdentity, action: String, resource: String, resourceAccount: String?, context: RequestContext) {
            self.principal = principal
            self.action = action
            self.resource = resource
            self.givenResourceAccount = resourceAccount
            self.context = context
            derive()
        }

        func copy() -> Storage {
            Storage(principal: principal, action: action, resource: resource, resourceAccount: givenResourceAccount, context: context)
        }

        func derive() {
            actionKey = action.lowercased()
            actionID = KnownActions.id(actionKey)
            if let givenResourceAccount {
                resourceAccount = givenResourceAccount
            } else if let arn = ARN(resource), !arn.account.isEmpty {
                resourceAccount = arn.account
            } else {
                resourceAccount = principal.account
            }
            if let a = principal.account, let r = resourceAccount { isSameAccount = a == r } else { isSameAccount = false }
            isIdentityOnly = resource == "*" || actionKey == "ecr:getauthorizationtoken"
            isECRAction = actionKey.hasPrefix("ecr:")
            isV1RegistryAction = RegistryPolicyScope.v1Actions.contains(actionKey)
        }
    }

    private var storage: Storage

    public init(principal: PrincipalIdentity, action: String, resource: String, resourceAccount: String? = nil,
                context: RequestContext = RequestContext()) {
        storage = Storage(principal: principal, action: action, resource: resource, resourceAccount: resourceAccount, context: context)
    }

    private mutating func update(_ change: (Storage) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        change(storage)
        storage.derive()
    }

    public var principal: PrincipalIdentity {
        get { storage.principal }
        set { update { $0.principal = newValue } }
    }
    /// The action as written (`ecr:BatchGetImage`); matched case-insensitively.
    public var action: String {
        get { storage.action }
        set { update { $0.action = newValue } }
    }
    /// The resource ARN, or `*` for actions without a resource type (`ecr:GetAuthorizationToken`).
    public var resource: String {
        get { storage.resource }
        set { update { $0.resource = newValue } }
    }
    /// The account that owns the resource; by default the account of the resource ARN, else the principal's.
    public var resourceAccount: String? {
        get { storage.resourceAccount }
        set { update { $0.givenResourceAccount = newValue } }
    }
    public var context: RequestContext {
        get { storage.context }
        set { update { $0.context = newValue } }
    }

    /// Lower-cased action.
    var actionKey: String { storage.actionKey }
    /// Index in `KnownActions`, or -1: lets compiled policies skip statements that cannot apply.
    var actionID: Int { storage.actionID }
    /// Requests on `*` and `ecr:GetAuthorizationToken`: only identity-based policies can allow them.
    var isIdentityOnly: Bool { storage.isIdentityOnly }
    var isECRAction: Bool { storage.isECRAction }
    var isV1RegistryAction: Bool { storage.isV1RegistryAction }

    /// The region of the resource ARN, if any.
    public var resourceRegion: String? { ARN(resource)?.region }

    /// Whether principal and resource belong to the same account.
    public var isSameAccount: Bool { storage.isSameAccount }

    /// A context value by lower-cased key: the request's own value first, then what the principal
    /// and the request imply (`aws:PrincipalArn`, `aws:ResourceAccount`, ...).
    @inline(__always)
    func contextValue(lowercasedKey key: String) -> ContextValue? {
        let s = storage
        if !s.context.isEmpty, let v = s.context.value(lowercasedKey: key) { return v }
        if let v = s.principal.derived[key] { return v }
        if key == "aws:resourceaccount", let r = s.resourceAccount { return .single(r) }
        return nil
    }
}
