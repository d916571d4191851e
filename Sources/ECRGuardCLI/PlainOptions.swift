/// The plain form of a command line that ArgumentParser would read the same way: each word an option
/// named once, a flag alone or an option followed by a value that is neither empty nor begins with `-`.
/// The hand-written readers of the hot paths (`ECRCallSettings.read`, `ECRGateSettings.read`,
/// `CheckCommand.plain`) use it and fall back to ArgumentParser, with its messages, whenever it says no.
enum PlainOptions {
    /// Calls `apply` with each option and its value (nil for a name in `flags`); false as soon as a
    /// word is not plain or `apply` refuses an option or its value. With `positional`, a word that
    /// does not begin with `-` where an option could stand is handed to it (a command's files).
    static func read(_ arguments: [String], flags: Set<String>, positional: ((String) -> Void)? = nil,
                     _ apply: (_ option: String, _ value: String?) -> Bool) -> Bool {
        var seen: Set<String> = []
        var index = 0
        while index < arguments.count {
            let option = arguments[index]
            if let positional, !option.hasPrefix("-") {
                positional(option)
                index += 1
                continue
            }
            guard seen.insert(option).inserted else { return false }
            if flags.contains(option) {
                guard apply(option, nil) else { return false }
                index += 1
                continue
            }
            guard index + 1 < arguments.count else { return false }
            let value = arguments[index + 1]
            guard !value.isEmpty, !value.hasPrefix("-"), apply(option, value) else { return false }
            index += 2
        }
        return true
    }
}
