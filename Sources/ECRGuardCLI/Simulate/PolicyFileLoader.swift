import Foundation
import PolicyCore

/// Reads policy files named on the command line and compiles them; a policy AWS refuses is bad
/// input (exit 2), reported as `file:line:column: message`; findings AWS stores a policy with are
/// printed as warnings and the policy is evaluated.
enum PolicyFileLoader {
    static func load(_ path: String, kind: PolicyKind) throws -> CompiledPolicy {
        let text: String
        do {
            text = try AuditCommand.readText(path)
        } catch {
            throw CLIFailure.runtime("\(path): \(error)")
        }
        let result = PolicyParser.parse(text, kind: kind, file: path)
        switch result.simulationPolicy(name: path, kind: kind) {
        case .success(let usable):
            // AWS stores the policy with these: evaluate it, and say what is questionable.
            for f in usable.warnings {
                FileHandle.standardError.write(Data("\(f.file):\(f.span.start.line):\(f.span.start.column): warning: \(f.message) [\(f.code)]\n".utf8))
            }
            return usable.policy
        case .failure:
            let lines = result.findings.filter(\.refusesPolicy).map { "\($0.file):\($0.span.start.line):\($0.span.start.column): error: \($0.message) [\($0.code)]" }
            throw CLIFailure.runtime((lines.isEmpty ? ["\(path):1:1: error: not a policy document"] : lines).joined(separator: "\n")
                                     + "\n(\(path) is not a valid \(kind.rawValue) policy)")
        }
    }

    /// `FILE[,FILE...]`: one level of SCPs or RCPs.
    static func loadLevel(_ argument: String, kind: PolicyKind) throws -> [CompiledPolicy] {
        try argument.split(separator: ",").map { try load(String($0), kind: kind) }
    }

    /// `key=value` options: a repeated key, or a value `[a,b]`, makes a multi-valued key.
    static func context(_ options: [String]) throws -> RequestContext {
        var values: [String: [String]] = [:]
        var order: [String] = []
        var multi: Set<String> = []
        for option in options {
            guard let eq = option.firstIndex(of: "="), eq != option.startIndex else {
                throw CLIFailure.usage("--context expects key=value (got '\(option)')")
            }
            let key = String(option[..<eq]).lowercased()
            let display = String(option[..<eq])
            var value = String(option[option.index(after: eq)...])
            if values[key] == nil { order.append(display) } else { multi.insert(key) }
            if value.hasPrefix("[") && value.hasSuffix("]") {
                value = String(value.dropFirst().dropLast())
                multi.insert(key)
                values[key, default: []] += value.isEmpty ? [] : value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else {
                values[key, default: []].append(value)
            }
        }
        var context = RequestContext()
        for display in order {
            let key = display.lowercased()
            let v = values[key]!
            context[display] = multi.contains(key) ? .multiple(v) : .single(v[0])
        }
        return context
    }
}
