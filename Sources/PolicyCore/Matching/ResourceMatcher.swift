import Foundation

/// `Resource`/`NotResource` with the ARN wildcard rules (`PatternDialect.resourceARN`) and policy
/// variables (Version 2012-10-17 only), compiled once. Resource matching is case-sensitive.
final class ResourceMatcher: Sendable {
    enum Entry: Sendable {
        case fixed(WildcardPattern)
        /// A pattern with policy variables; `cache` remembers the pattern built for the last value
        /// of a single-variable template (`.../${aws:PrincipalTag/team}-*`), so a caller's requests
        /// build it once rather than per request.
        case templated([CompiledConditionValue.TemplatePart], TemplateCache)
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
            let parts: [CompiledConditionValue.TemplatePart] = template.parts.map {
                switch $0 {
                case .literal(let s): .literal(s)
                case .escaped(let c): .escaped(c)
                case .variable(let k, let d): .variable(key: k.lowercased(), displayKey: k, defaultValue: d)
                }
            }
            return .templated(parts, TemplateCache(parts))
        }
    }

    private func entryMatches(_ entry: Entry, _ request: AccessRequest, missing: inout [ContextGap]) -> Bool {
        switch entry {
        case .fixed(let p): return p.matches(request.resource)
        case .never: return false
        case .templated(let parts, let cache):
            if Self.literalPrefixDiffers(parts, request) { return false }
            var cacheKey: String?
            if let (k, display, d) = cache.variable {
                // One variable: the pattern depends on its value alone.
                guard let v = resolveVariable(k, display, d, request, missing: &missing) else { return false }
                if let cached = cache.pattern(for: v) { return cached?.matches(request.resource) ?? false }
                cacheKey = v
            }
            var t = PatternTokenizer(dialect: .resourceARN, caseInsensitive: false)
            for part in parts {
                switch part {
                case .literal(let s): t.appendPattern(s)
                case .escaped(let c): t.appendLiteral(String(c))
                case .variable(let k, let display, let d):
                    if let cacheKey { t.appendLiteral(cacheKey); continue }
                    guard let v = resolveVariable(k, display, d, request, missing: &missing) else { return false }
                    t.appendLiteral(v)
                }
            }
            let pattern = t.build()
            if let cacheKey { cache.store(pattern, for: cacheKey) }
            return pattern?.matches(request.resource) ?? false
        }
    }

    /// Whether the text before the template's first wildcard (variables resolved) is not a prefix
    /// of the resource: a cheap, allocation-free rejection before the pattern is built.
    /// Unresolvable variables are left to the full match (which reports them).
    static func literalPrefixDiffers(_ parts: [CompiledConditionValue.TemplatePart], _ request: AccessRequest) -> Bool {
        request.resource.utf8.withContiguousStorageIfAvailable { resource -> Bool in
            var i = 0
            for part in parts {
                let decided: Bool?
                switch part {
                case .literal(let text):
                    decided = prefixCompare(text, resource, &i, stopAtWildcard: true)
                case .escaped(let c):
                    decided = prefixCompare(String(c), resource, &i, stopAtWildcard: false)
                case .variable(let key, _, let defaultValue):
                    let value: String?
                    switch request.contextValue(lowercasedKey: key) {
                    case .single(let v)?: value = v
                    case .multiple(let vs)? where vs.count == 1: value = vs[0]
                    case .multiple?, nil: value = defaultValue
                    }
                    guard let value else { return false }
                    decided = prefixCompare(value, resource, &i, stopAtWildcard: false)
                }
                if let decided { return decided }
            }
            return false
        } ?? false
    }

    /// Compares `text` with `resource` from byte `i` on: nil to keep going, true when they differ,
    /// false when a wildcard ends the literal prefix.
    @inline(__always)
    private static func prefixCompare(_ text: String, _ resource: UnsafeBufferPointer<UInt8>, _ i: inout Int, stopAtWildcard: Bool) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            for b in bytes {
                if stopAtWildcard && (b == UInt8(ascii: "*") || b == UInt8(ascii: "?")) { return false }
                if i >= resource.count || resource[i] != b { return true }
                i += 1
            }
            return nil
        }
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

/// The pattern a single-variable resource template built for the last variable value seen.
final class TemplateCache: @unchecked Sendable {
    private let lock = NSLock()
    private var key: String?
    private var built: WildcardPattern?

    /// The template's variable when it has exactly one (the only shape cached).
    let variable: (key: String, displayKey: String, defaultValue: String?)?

    init(_ parts: [CompiledConditionValue.TemplatePart]) {
        var found: [(key: String, displayKey: String, defaultValue: String?)] = []
        for part in parts { if case .variable(let k, let display, let d) = part { found.append((k, display, d)) } }
        variable = found.count == 1 ? found[0] : nil
    }

    /// The pattern built for `value` (itself nil when it can match nothing), or nil when not cached.
    func pattern(for value: String) -> WildcardPattern?? {
        lock.lock()
        defer { lock.unlock() }
        guard let key, key == value else { return nil }
        return .some(built)
    }

    func store(_ pattern: WildcardPattern?, for value: String) {
        lock.lock()
        key = value
        built = pattern
        lock.unlock()
    }
}
