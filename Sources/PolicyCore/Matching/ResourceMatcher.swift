import Foundation

/// `Resource`/`NotResource` with the ARN wildcard rules (`PatternDialect.resourceARN`) and policy
/// variables (Version 2012-10-17 only), compiled once. Resource matching is case-sensitive.
final class ResourceMatcher: Sendable {
    enum Entry: Sendable {
        case fixed(WildcardPattern)
        /// A pattern with policy variables; `cache` remembers the pattern built for the last value
        /// of a single-variable template (`.../${aws:PrincipalTag/team}-*`), so a caller's requests
        /// build it once rather than per request.
        case templated([CompiledConditionValue.TemplatePart], TemplateCache, [PrefixPart])
        /// Cannot match (a wildcard in the service segment, an unparsable variable).
        case never
    }

    let isNegated: Bool
    let matchesAll: Bool
    /// The entries, kept once, in one of two forms.
    private enum Patterns: Sendable {
        /// No entry has a policy variable: the `fixed` patterns (a `never` entry matches nothing
        /// and records nothing, so leaving it out changes no answer), read in place through a
        /// pointer, so matching copies no pattern and retains none of its arrays (see `OwnedBuffer`).
        case fixed(OwnedBuffer<WildcardPattern>)
        /// Some entry has a policy variable: every entry, matched in order.
        case entries([Entry])
    }
    private let patterns: Patterns

    init(_ element: PatternElement, variablesEnabled: Bool) {
        isNegated = element.isNegated
        matchesAll = element.patterns.contains { $0.value == "*" }
        let entries: [Entry] = element.patterns.map { located in
            let text = located.value
            guard variablesEnabled, text.containsASCII("${") else {
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
            return .templated(parts, TemplateCache(parts), Self.prefixParts(parts))
        }
        let allFixed = entries.allSatisfy { if case .templated = $0 { false } else { true } }
        patterns = allFixed ? .fixed(OwnedBuffer(entries.compactMap { if case .fixed(let p) = $0 { p } else { nil } })) : .entries(entries)
    }

    deinit {
        if case .fixed(let buffer) = patterns { buffer.release() }
    }

    /// The part of a template before its first wildcard, compiled for `literalPrefixDiffers`:
    /// literal text as UTF-8 bytes (cut at the first `*`/`?`), variables by lower-cased key.
    enum PrefixPart: Sendable {
        case bytes([UInt8])
        case variable(key: String, keyPrint: TextFingerprint, defaultValue: String?)
    }

    static func prefixParts(_ parts: [CompiledConditionValue.TemplatePart]) -> [PrefixPart] {
        var out: [PrefixPart] = []
        for part in parts {
            switch part {
            case .literal(let text):
                let bytes = Array(text.utf8)
                if let cut = bytes.firstIndex(where: { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") }) {
                    if cut > 0 { out.append(.bytes(Array(bytes[..<cut]))) }
                    return out
                }
                if !bytes.isEmpty { out.append(.bytes(bytes)) }
            case .escaped(let c):
                out.append(.bytes(Array(String(c).utf8)))
            case .variable(let key, _, let defaultValue):
                out.append(.variable(key: key, keyPrint: TextFingerprint(key), defaultValue: defaultValue))
            }
        }
        return out
    }

    private func entryMatches(_ entry: Entry, _ request: AccessRequest, missing: inout [ContextGap]) -> Bool {
        switch entry {
        case .fixed(let p): return p.matches(request.resource)
        case .never: return false
        case .templated(let parts, let cache, let prefix):
            if Self.literalPrefixDiffers(prefix, request) { return false }
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
    static func literalPrefixDiffers(_ prefix: [PrefixPart], _ request: AccessRequest) -> Bool {
        var resourceText = request.resource
        return resourceText.withUTF8 { resource -> Bool in
            prefix.withUnsafeBufferPointer { parts -> Bool in
                var i = 0
                for part in parts {
                    switch part {
                    case .bytes(let bytes):
                        if bytes.withUnsafeBufferPointer({ bytesDiffer($0, resource, &i) }) { return true }
                    case .variable(let key, let keyPrint, let defaultValue):
                        let value: String?
                        switch request.contextValue(lowercasedKey: key, keyPrint: keyPrint) {
                        case .single(let v)?: value = v
                        case .multiple(let vs)? where vs.count == 1: value = vs[0]
                        case .multiple?, nil: value = defaultValue
                        }
                        guard var value else { return false }
                        let differs = value.withUTF8 { bytes in
                            bytesDiffer(bytes, resource, &i)
                        }
                        if differs { return true }
                    }
                }
                return false
            }
        }
    }

    /// Whether `bytes` differ from `resource` at byte `i` on; advances `i` past them when equal.
    /// One `memcmp`: the literal prefix of an ARN template is some fifty bytes.
    @inline(__always)
    private static func bytesDiffer(_ bytes: UnsafeBufferPointer<UInt8>, _ resource: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Bool {
        let n = bytes.count
        if resource.count - i < n { return true }
        if n > 0 && memcmp(bytes.baseAddress!, resource.baseAddress! + i, n) != 0 { return true }
        i += n
        return false
    }

    /// Whether the statement applies to the request's resource.
    func applies(to request: AccessRequest, missing: inout [ContextGap]) -> Bool {
        var hit = matchesAll
        if !hit {
            switch patterns {
            case .fixed(let fixed):
                hit = request.resourceMatchedBy(fixed)
            case .entries(let entries):
                hit = entries.withUnsafeBufferPointer { buffer in
                    for i in buffer.indices where entryMatches(buffer[i], request, missing: &missing) { return true }
                    return false
                }
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
