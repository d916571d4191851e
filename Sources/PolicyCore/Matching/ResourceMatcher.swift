/// `Resource`/`NotResource` with the ARN wildcard rules (`PatternDialect.resourceARN`) and policy
/// variables (Version 2012-10-17 only), compiled once. Resource matching is case-sensitive.
final class ResourceMatcher: Sendable {
    enum Entry: Sendable {
        case fixed(WildcardPattern)
        case templated([CompiledConditionValue.TemplatePart])
        /// Cannot match (a wildcard in the service segment, an unparsable variable).
        case never
    }

    let isNegated: Bool
    let entries: [Entry]
    let matchesAll: Bool

    init(_ element: PatternElement, variablesEnabled: Bool) {
        isNegated = element.isNegated
        matchesAll = element.patterns.contains { $0.value == "*" }
        entries = element.patterns.map { located in
            let text = located.value
            guard variablesEnabled, text.contains("${") else {
                var t = PatternTokenizer(dialect: .resourceARN, caseInsensitive: false)
                t.appendPattern(text)
                return t.build().map(Entry.fixed) ?? .never
            }
            guard case .success(let template) = PolicyTemplate.parse(text, variablesEnabled: true) else { return .never }
            return .templated(template.parts.map {
                switch $0 {
                case .literal(let s): .literal(s)
                case .escaped(let c): .escaped(c)
                case .variable(let k, let d): .variable(key: k.lowercased(), displayKey: k, defaultValue: d)
                }
            })
        }
    }

    private func entryMatches(_ entry: Entry, _ request: AccessRequest, missing: inout [ContextGap]) -> Bool {
        switch entry {
        case .fixed(let p): return p.matches(request.resource)
        case .never: return false
        case .templated(let parts):
            if Self.literalPrefixDiffers(parts, request) { return false }
            var t = PatternTokenizer(dialect: .resourceARN, caseInsensitive: false)
            for part in parts {
                switch part {
                case .literal(let s): t.appendPattern(s)
                case .escaped(let c): t.appendLiteral(String(c))
                case .variable(let k, let display, let d):
                    guard let v = resolveVariable(k, display, d, request, missing: &missing) else { return false }
                    t.appendLiteral(v)
                }
            }
            return t.build()?.matches(request.resource) ?? false
        }
    }

    /// Whether the text before the template's first wildcard (variables resolved) is not a prefix
    /// of the resource: a cheap, allocation-free rejection before the pattern is built.
    /// Unresolvable variables are left to the full match (which reports them).
    static func literalPrefixDiffers(_ parts: [CompiledConditionValue.TemplatePart], _ request: AccessRequest) -> Bool {
        request.resource.utf8.withContiguousStorageIfAvailable { resource -> Bool in
            var i = 0
            func compare(_ text: String, stopAtWildcard: Bool) -> Bool? {   // nil: keep going; true/false: decided
                for b in text.utf8 {
                    if stopAtWildcard && (b == UInt8(ascii: "*") || b == UInt8(ascii: "?")) { return false }
                    if i >= resource.count || resource[i] != b { return true }
                    i += 1
                }
                return nil
            }
            for part in parts {
                switch part {
                case .literal(let text):
                    if let decided = compare(text, stopAtWildcard: true) { return decided }
                case .escaped(let c):
                    if let decided = compare(String(c), stopAtWildcard: false) { return decided }
                case .variable(let key, _, let defaultValue):
                    let value: String?
                    switch request.contextValue(lowercasedKey: key) {
                    case .single(let v)?: value = v
                    case .multiple(let vs)? where vs.count == 1: value = vs[0]
                    case .multiple?, nil: value = defaultValue
                    }
                    guard let value else { return false }
                    if let decided = compare(value, stopAtWildcard: false) { return decided }
                }
            }
            return false
        } ?? false
    }

    /// Whether the statement applies to the request's resource.
    func applies(to request: AccessRequest, missing: inout [ContextGap]) -> Bool {
        var hit = matchesAll
        if !hit {
            hit = entries.withUnsafeBufferPointer { buffer in
                for i in buffer.indices where entryMatches(buffer[i], request, missing: &missing) { return true }
                return false
            }
        }
        return hit != isNegated
    }
}
