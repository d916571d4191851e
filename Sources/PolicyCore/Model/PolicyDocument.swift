/// A parsed IAM policy document. Every element keeps the span of source text it came from, so
/// findings and explanations can point at it.
///
/// The model holds what the document says, not whether it is valid: validation is a separate pass
/// (`PolicyValidator`) that reports findings against these spans.
public struct PolicyDocument: Sendable, Equatable {
    public var version: Located<PolicyVersion>?
    public var id: Located<String>?
    public var statements: [Statement]
    /// Span of the whole document (the top-level object).
    public var span: SourceSpan
    /// Span of the `Statement` value (object or array), when present.
    public var statementSpan: SourceSpan?
    /// Whether `Statement` was written as a list (`[...]`) rather than a single object.
    public var statementsAreListed: Bool = true

    public init(version: Located<PolicyVersion>?, id: Located<String>?, statements: [Statement], span: SourceSpan, statementSpan: SourceSpan?) {
        self.version = version
        self.id = id
        self.statements = statements
        self.span = span
        self.statementSpan = statementSpan
    }

    /// Whether `${...}` in resources and condition values are policy variables (only in 2012-10-17).
    public var supportsPolicyVariables: Bool { version?.value == .v2012_10_17 }
}

public enum PolicyVersion: String, Sendable, Equatable, CaseIterable {
    case v2012_10_17 = "2012-10-17"
    case v2008_10_17 = "2008-10-17"
}

public enum Effect: String, Sendable, Equatable {
    case allow = "Allow"
    case deny = "Deny"
}

public struct Statement: Sendable, Equatable {
    /// Position of the statement in the document's `Statement` list, from 0.
    public var index: Int
    public var sid: Located<String>?
    public var effect: Located<Effect>
    public var principal: PrincipalElement?
    public var action: PatternElement?
    public var resource: PatternElement?
    public var condition: ConditionBlock?
    public var span: SourceSpan
    /// Whether the statement is an element of a `Statement` list (else it is the single object).
    public var isListed: Bool = true
    /// JSON path of the statement (`Statement[2]`, or `Statement` when it is a single object).
    public var path: String { isListed ? "Statement[\(index)]" : "Statement" }

    public init(index: Int, sid: Located<String>?, effect: Located<Effect>, principal: PrincipalElement?, action: PatternElement?, resource: PatternElement?, condition: ConditionBlock?, span: SourceSpan,
                isListed: Bool = true) {
        self.index = index
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.action = action
        self.resource = resource
        self.condition = condition
        self.span = span
        self.isListed = isListed
    }
}

/// `Principal` or `NotPrincipal`.
public struct PrincipalElement: Sendable, Equatable {
    /// True for `NotPrincipal`.
    public var isNegated: Bool
    public var entries: [Located<PrincipalEntry>]
    public var span: SourceSpan

    public init(isNegated: Bool, entries: [Located<PrincipalEntry>], span: SourceSpan) {
        self.isNegated = isNegated
        self.entries = entries
        self.span = span
    }
}

public enum PrincipalEntry: Sendable, Equatable, Hashable {
    /// `"Principal": "*"`: everyone, including anonymous callers.
    case everyone
    /// An entry of `{"AWS": ...}`: `*`, a 12-digit account id, or an IAM ARN, as written.
    case aws(String)
    /// An entry of `{"Service": ...}` such as `ecr.amazonaws.com`.
    case service(String)
    /// An entry of `{"Federated": ...}` such as `cognito-identity.amazonaws.com` or a SAML provider ARN.
    case federated(String)
    /// An entry of `{"CanonicalUser": ...}`.
    case canonicalUser(String)
}

/// `Action`/`NotAction` or `Resource`/`NotResource`: a list of patterns with `*` and `?` wildcards.
public struct PatternElement: Sendable, Equatable {
    /// True for `NotAction`/`NotResource`.
    public var isNegated: Bool
    public var patterns: [Located<String>]
    public var span: SourceSpan
    /// Whether the element was written as a list (`[...]`) rather than one string.
    public var isList: Bool = false

    public init(isNegated: Bool, patterns: [Located<String>], span: SourceSpan) {
        self.isNegated = isNegated
        self.patterns = patterns
        self.span = span
    }
}
