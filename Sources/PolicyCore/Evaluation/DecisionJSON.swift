/// Machine-readable forms of decisions (DESIGN.md 3.1), built as `OrderedJSON`.
extension StatementReference {
    public var json: OrderedJSON {
        .object([("policy", .string(policyName)), ("policyType", .string(policyType.rawValue)), ("effect", .string(effect.rawValue)),
                 ("statement", .int(index)), ("sid", sid.map(OrderedJSON.string) ?? .null),
                 ("line", .int(span.start.line)), ("column", .int(span.start.column))])
    }
}

extension MissingContextKey {
    public var json: OrderedJSON {
        .object([("key", .string(key)), ("requirement", .string(requirement)), ("policy", .string(statement.policyName)),
                 ("statement", .int(statement.index)), ("sid", statement.sid.map(OrderedJSON.string) ?? .null),
                 ("line", .int(statement.span.start.line)), ("column", .int(statement.span.start.column))])
    }
}

extension Decision {
    /// `explain` of DESIGN.md 3.1: deciding statements, missing context keys and the reasoning.
    public var explainJSON: OrderedJSON { explainJSON(.full) }

    /// `explain` at `level` (`.none` gives an empty object).
    public func explainJSON(_ level: ExplainLevel) -> OrderedJSON {
        guard level != .none else { return .object([]) }
        let d = explained
        var members: [(String, OrderedJSON)] = [("decidingStatements", .array(d.decidingStatements.map(\.json))),
                                                ("missingContextKeys", .array(d.missingContextKeys.map(\.json)))]
        if level == .full { members.append(("reasons", .array(d.reasons.map(OrderedJSON.string)))) }
        return .object(members)
    }
}

extension CapabilityDecision {
    /// `explain` at `level`: `.deciding` leaves out each step's own explanation, `.none` is empty.
    public func explainJSON(_ level: ExplainLevel) -> OrderedJSON {
        switch level {
        case .none: .object([])
        case .deciding:
            .object([("capability", .string(capability.rawValue)),
                     ("actions", .array(actions.map { a in
                         .object([("action", .string(a.step.action)), ("resource", .string(a.resource)),
                                  ("decision", .string(a.decision?.outcome.rawValue ?? "notApplicable"))])
                     })),
                     ("missingContextKeys", .array(missingContextKeys.map(\.json)))])
        case .full: explainJSON
        }
    }

    public var explainJSON: OrderedJSON {
        .object([("capability", .string(capability.rawValue)),
                 ("actions", .array(actions.map { a in
                     var m: [(String, OrderedJSON)] = [("action", .string(a.step.action)), ("resource", .string(a.resource)),
                                                        ("required", .bool(a.step.required))]
                     if let note = a.step.note { m.append(("note", .string(note))) }
                     if let d = a.decision?.explained {
                         m.append(("decision", .string(d.outcome.rawValue)))
                         m.append(("blockedBy", .array(d.blockedBy.map { .string($0.rawValue) })))
                         m.append(("explain", d.explainJSON))
                     } else {
                         m.append(("decision", .string("notApplicable")))
                         m.append(("reason", .string(a.skippedReason ?? "")))
                     }
                     return .object(m)
                 })),
                 ("missingContextKeys", .array(missingContextKeys.map(\.json)))])
    }
}

extension Finding {
    /// A warning or error of a simulated case's policy: code, severity, message and position.
    var simulationJSON: OrderedJSON {
        .object([("code", .string(code)), ("severity", .string(severity.rawValue)), ("message", .string(message)),
                 ("file", .string(file)), ("line", .int(span.start.line)), ("column", .int(span.start.column))])
    }
}

extension SimulationResult {
    /// The result object of DESIGN.md 3.1: `{"id", "decision", "blockedBy", "explain"}` (explain
    /// left out at `.none`), `warnings` when a policy has findings, and for an error `error`
    /// (`message`, `file`, `line`, `column`) instead of `blockedBy` and `explain`.
    public func json(explain level: ExplainLevel = .full) -> OrderedJSON {
        var members: [(String, OrderedJSON)] = [("id", id.map(OrderedJSON.string) ?? .null), ("decision", .string(decision))]
        switch answer {
        case .error(let e):
            members.append(("error", .object([("message", .string(e.message)), ("file", .string(e.file)),
                                              ("line", .int(e.position.line)), ("column", .int(e.position.column))])))
        case .action(let d):
            members.append(("blockedBy", .array(d.blockedBy.map { .string($0.rawValue) })))
            if level != .none { members.append(("explain", d.explainJSON(level))) }
        case .capability(let c):
            members.append(("blockedBy", .array(c.blockedBy.map { .string($0.rawValue) })))
            if level != .none { members.append(("explain", c.explainJSON(level))) }
        }
        if !warnings.isEmpty {
            members.append(("warnings", .array(warnings.map { w in
                guard case .object(let f) = w.finding.simulationJSON else { return .null }
                return .object([("policy", .string(w.policy))] + f)
            })))
        }
        return .object(members)
    }
}

/// Writes batch results as they are decided, as UTF-8 into a buffer the caller drains.
///
/// `json` is one array (compact: one result per line; `pretty`: indented), `jsonl` one result per
/// line. Compact action results are written straight as bytes (the batch's hot path); everything
/// else through `SimulationResult.json(explain:)`, the same members in the same order.
public struct BatchResultWriter {
    public enum Format: String, Sendable, CaseIterable {
        case json, jsonl
    }

    public let format: Format
    public let pretty: Bool
    public let explain: ExplainLevel
    public var buffer: [UInt8] = []
    private var count = 0
    /// The bytes after the `id` of compact action results: a batch's decisions come to few distinct
    /// results. One object, so copies of a writer (same format and explain level) share it.
    private let tails = Tails()

    /// `bytes[n]` is the tail whose key has number `n` in `numbers`. A key is what the tail is
    /// written from, when that is all (no missing context keys, no warnings, at most one deciding
    /// statement, no reasons): the outcome, the blocking types and the deciding statement's
    /// address, as bytes (see `tailKey`). Read through pointers and constants: no checked access
    /// to a stored variable per result.
    private final class Tails {
        static let capacity = 1024
        let numbers = ValueTable(capacity: capacity)
        let bytes = UnsafeMutablePointer<[UInt8]>.allocate(capacity: capacity)
        /// The statements of the keys, kept alive so that an address stands for one statement's text.
        let statements = UnsafeMutablePointer<StatementReference.Info?>.allocate(capacity: capacity)

        deinit {
            bytes.deinitialize(count: numbers.count)
            statements.deinitialize(count: numbers.count)
            bytes.deallocate()
            statements.deallocate()
        }
    }

    /// `Tails.numbers`' key: the statement's address, then outcome and blocking types in one word.
    private static func tailKey(_ outcome: DecisionOutcome, _ blocked: PolicyTypeSet, _ statement: StatementReference.Info?) -> (UInt64, UInt64) {
        let address = statement.map { UInt64(UInt(bitPattern: ObjectIdentifier($0))) } ?? 0
        let code: UInt64 = switch outcome {
        case .allowed: 1
        case .implicitDeny: 2
        case .explicitDeny: 3
        }
        return (address, code | UInt64(blocked.rawBits) << 8)
    }

    public init(format: Format, pretty: Bool, explain: ExplainLevel) {
        self.format = format
        self.pretty = pretty
        self.explain = explain
        buffer.reserveCapacity(1 << 17)
    }

    /// Before the first result.
    public mutating func begin() {
        if format == .json { buffer.append(UInt8(ascii: "[")) }
    }

    public mutating func write(_ result: SimulationResult) {
        if format == .json {
            if count > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(UInt8(ascii: "\n"))
        }
        count += 1
        if pretty {
            let text = result.json(explain: explain).rendered(.pretty)
            if format == .json {
                append("  ")
                for b in text.utf8 {
                    buffer.append(b)
                    if b == UInt8(ascii: "\n") { append("  ") }
                }
            } else {
                append(text)
            }
        } else if case .action(let d) = result.answer {
            writeAction(result, d)
        } else {
            append(result.json(explain: explain).rendered(.compact))
        }
        if format == .jsonl { buffer.append(UInt8(ascii: "\n")) }
    }

    /// After the last result.
    public mutating func end() {
        if format == .json { append(count > 0 ? "\n]\n" : "]\n") }
    }

    // MARK: Bytes

    /// Appends the string's UTF-8 bytes as one copy (string literals land here too: Swift prefers
    /// `String` for a literal, so there is no separate `StaticString` overload).
    private mutating func append(_ s: String) {
        var s = s
        s.withUTF8 { buffer.append(contentsOf: $0) }
    }

    private mutating func appendQuoted(_ s: String) {
        JSONQuoting.append(s, to: &buffer)
    }

    private mutating func appendInt(_ n: Int) {
        guard n >= 0 && n < 10 else { return append(String(n)) }
        buffer.append(UInt8(ascii: "0") + UInt8(n))
    }

    /// `SimulationResult.json(explain:)` of an action result, compact, written directly.
    private mutating func writeAction(_ r: SimulationResult, _ decision: Decision) {
        let e = decision.explanation
        append("{\"id\":")
        if let id = r.id { appendQuoted(id) } else { append("null") }
        guard explain != .full, r.warnings.isEmpty, e.extras == nil, let one = e.deciding.atMostOne else { return writeTail(r, decision, e) }
        var key = Self.tailKey(decision.outcome, e.blocked, one?.info)
        let cache = tails
        withUnsafeBytes(of: &key) { raw in
            let bytes = raw.assumingMemoryBound(to: UInt8.self)
            let hash = cache.numbers.hash(bytes)
            if let known = cache.numbers.find(bytes, hash: hash) { return buffer.append(contentsOf: cache.bytes[known]) }
            let start = buffer.count
            writeTail(r, decision, e)
            if let n = cache.numbers.insert(bytes, hash: hash) {
                (cache.bytes + n).initialize(to: Array(buffer[start...]))
                (cache.statements + n).initialize(to: one?.info)
            }
        }
    }

    /// An action result after its `id`: `SimulationResult.json(explain:)`'s members written by hand,
    /// not rendered through `OrderedJSON`, which cost 2.9x the instructions at `--explain full` and
    /// 1.37x on a batch with warnings and missing keys (callgrind, 5 Dec 2026); the test
    /// `testWriterCompactFormIsTheResultJSON` holds the two to the same JSON.
    private mutating func writeTail(_ r: SimulationResult, _ decision: Decision, _ e: DecisionExplanation) {
        append(",\"decision\":\"")
        append(decision.outcome.rawValue)
        append("\",\"blockedBy\":[")
        for (i, t) in e.blocked.types.enumerated() {
            if i > 0 { buffer.append(UInt8(ascii: ",")) }
            buffer.append(UInt8(ascii: "\""))
            append(t.rawValue)
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(UInt8(ascii: "]"))
        if explain != .none {
            append(",\"explain\":{\"decidingStatements\":[")
            for (i, s) in e.deciding.array.enumerated() {
                if i > 0 { buffer.append(UInt8(ascii: ",")) }
                append("{\"policy\":")
                appendQuoted(s.policyName)
                append(",\"policyType\":\"")
                append(s.policyType.rawValue)
                append("\",\"effect\":\"")
                append(s.effect.rawValue)
                append("\",\"statement\":")
                appendInt(s.index)
                append(",\"sid\":")
                if let sid = s.sid { appendQuoted(sid) } else { append("null") }
                append(",\"line\":")
                appendInt(s.span.start.line)
                append(",\"column\":")
                appendInt(s.span.start.column)
                buffer.append(UInt8(ascii: "}"))
            }
            append("],\"missingContextKeys\":")
            let missing = e.extras?.missingContextKeys ?? []
            if missing.isEmpty {
                append("[]")
            } else {
                append(OrderedJSON.array(missing.map(\.json)).rendered(.compact))
            }
            if explain == .full {
                append(",\"reasons\":")
                append(OrderedJSON.array(e.reasons.map(OrderedJSON.string)).rendered(.compact))
            }
            buffer.append(UInt8(ascii: "}"))
        }
        if !r.warnings.isEmpty {
            guard case .object(let members) = r.json(explain: .none) else { return }
            if let warnings = members.first(where: { $0.0 == "warnings" })?.1 {
                append(",\"warnings\":")
                append(warnings.rendered(.compact))
            }
        }
        buffer.append(UInt8(ascii: "}"))
    }
}
