/// One request to evaluate: who calls which action on which resource, with which context.
public struct AccessRequest: Sendable {
    public var principal: PrincipalIdentity
    /// The action as written (`ecr:BatchGetImage`); matched case-insensitively.
    public var action: String {
        didSet {
            actionKey = action.lowercased()
            actionID = KnownActions.id(actionKey)
        }
    }
    /// The resource ARN, or `*` for actions without a resource type (`ecr:GetAuthorizationToken`).
    public var resource: String
    /// The account that owns the resource; by default the account of the resource ARN, else the principal's.
    public var resourceAccount: String?
    public var context: RequestContext
    /// Lower-cased action, computed once.
    private(set) var actionKey: String
    /// Index in `KnownActions`, or -1: lets compiled policies skip statements that cannot apply.
    private(set) var actionID: Int

    public init(principal: PrincipalIdentity, action: String, resource: String, resourceAccount: String? = nil,
                context: RequestContext = RequestContext()) {
        self.principal = principal
        self.action = action
        let key = action.lowercased()
        self.actionKey = key
        self.actionID = KnownActions.id(key)
        self.resource = resource
        self.context = context
        if let resourceAccount {
            self.resourceAccount = resourceAccount
        } else if let arn = ARN(resource), !arn.account.isEmpty {
            self.resourceAccount = arn.account
        } else {
            self.resourceAccount = principal.account
        }
    }

    /// The region of the resource ARN, if any.
    public var resourceRegion: String? { ARN(resource)?.region }

    /// Whether principal and resource belong to the same account.
    public var isSameAccount: Bool {
        guard let a = principal.account, let r = resourceAccount else { return false }
        return a == r
    }

    /// A context value by lower-cased key: the request's own value first, then what the principal
    /// and the request imply (`aws:PrincipalArn`, `aws:ResourceAccount`, ...).
    @inline(__always)
    func contextValue(lowercasedKey key: String) -> ContextValue? {
        if !context.isEmpty, let v = context.value(lowercasedKey: key) { return v }
        if let v = principal.derived[key] { return v }
        if key == "aws:resourceaccount", let r = resourceAccount { return .single(r) }
        return nil
    }
}
