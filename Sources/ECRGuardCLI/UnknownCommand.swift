import ArgumentParser
import PolicyCore

/// A word where a command or `ecr` operation belongs that names none, found before ArgumentParser
/// parses (it would report `ecrguard audt` as an unexpected argument and `ecrguard ecr create-repo
/// --repository-name x` as an unknown option). Exit 64 with the closest name.
struct UnknownCommand: Error, Equatable, CustomStringConvertible {
    /// `ecrguard` or `ecrguard ecr`.
    var parent: [String]
    var word: String
    var suggestion: String?
    var known: [String]

    var description: String {
        let what = parent.count == 1 ? "command" : "\(parent.dropFirst().joined(separator: " ")) operation"
        let hint = suggestion.map { " Did you mean '\($0)'?" } ?? " Known: \(known.joined(separator: ", "))."
        return "unknown \(what) '\(word)'.\(hint)\nSee '\(parent.joined(separator: " ")) --help'."
    }

    /// The first word of `arguments` (without the executable) that should name a subcommand of the
    /// command before it and does not; nil when every such word does, or an option comes first.
    static func find(in arguments: [String], root: ParsableCommand.Type = ECRGuard.self) -> UnknownCommand? {
        var command = root
        var path = [root._commandName]
        for word in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !word.hasPrefix("-") else { return nil }
            if let next = subcommands.first(where: { $0._commandName == word || $0.configuration.aliases.contains(word) }) {
                command = next
                path.append(word)
                continue
            }
            // ArgumentParser's own `help` subcommand (`ecrguard help check`).
            if path.count == 1 && word == "help" { return nil }
            // `ecr` also runs every operation of the model (`ECRRouting`).
            let isECR = command == ECRCommand.self
            if isECR && ECRRouting.allNames.contains(word) { return nil }
            let names = isECR ? ECRRouting.allNames : subcommands.map { $0._commandName }
            return UnknownCommand(parent: path, word: word, suggestion: closest(to: word, in: names), known: names)
        }
        return nil
    }

    /// The name `word` most likely misspells: one it begins (`create-repo`), else the nearest by edit
    /// distance when that is close enough to be a typo.
    static func closest(to word: String, in names: [String]) -> String? {
        let lower = word.lowercased()
        if lower.count >= 3, let prefixed = names.filter({ $0.hasPrefix(lower) }).min(by: { $0.count < $1.count }) {
            return prefixed
        }
        let target = Array(lower.utf8)
        let scored = names.map { (name: $0, distance: EditDistance.between(Array($0.utf8), target)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= max(2, target.count / 3) else { return nil }
        return best.name
    }
}
