import ArgumentParser

/// The plain form of a command line that ArgumentParser would read the same way: each word an option
/// named once, a flag alone or an option followed by a value that is neither empty nor begins with `-`.
/// The hand-written readers of the hot paths (`ECRCallSettings.read`, `ECRGateSettings.read`,
/// `CheckCommand.plain`) use it and fall back to ArgumentParser, with its messages, whenever it says no.
enum PlainOptions {
    /// Reads `arguments` into `command` by `options` (each set to its default first); false as
    /// `read(_:flags:positional:_:)` says it, or when a word names no option of the list.
    static func read<Command>(_ arguments: [String], options: [PlainOption<Command>], into command: inout Command,
                              positional: ((String) -> Void)? = nil) -> Bool {
        var byName: [String: PlainOption<Command>] = [:]
        for option in options {
            option.reset(&command)
            byName[option.option] = option
        }
        return read(arguments, flags: Set(options.filter(\.isFlag).map(\.option)), positional: positional) { option, value in
            byName[option]?.set(&command, value) ?? false
        }
    }

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

/// One option of a command as both of its readers know it. The `@Option` or `@Flag` declaration
/// takes its name and default from here (`name: Options.kind.name`, `= Options.kind.defaultValue`),
/// and the plain reader (`PlainOptions.read(_:options:into:positional:)`) matches the same name and
/// starts from the same default, so the two readers cannot drift apart.
struct OptionDefinition<Command, Value: Sendable>: Sendable {
    /// The long name without its dashes (`fail-on`).
    let long: String
    let defaultValue: Value
    /// The definition as the plain reader uses it, without its value type.
    let plain: PlainOption<Command>

    /// An option with a value: `value` reads one word as ArgumentParser does (nil: the plain reader
    /// leaves the line to ArgumentParser, whose messages say what is wrong); `store` sets the
    /// property. (An assignment, not a key path: writing through a key path reads the property
    /// first, and reading an unparsed ArgumentParser property stops the program.)
    init(_ long: String, default defaultValue: Value, value: @escaping @Sendable (String) -> Value?,
         store: @escaping @Sendable (inout Command, Value) -> Void) {
        self.init(long: long, defaultValue: defaultValue, plain: PlainOption(
            option: "--" + long, isFlag: false, reset: { store(&$0, defaultValue) },
            set: { command, word in
                guard let parsed = word.flatMap(value) else { return false }
                store(&command, parsed)
                return true
            }))
    }

    private init(long: String, defaultValue: Value, plain: PlainOption<Command>) {
        self.long = long
        self.defaultValue = defaultValue
        self.plain = plain
    }

    /// The name the declaration gives ArgumentParser.
    var name: NameSpecification { .customLong(long) }
}

extension OptionDefinition where Value == Bool {
    /// A flag: false unless given.
    static func flag(_ long: String, store: @escaping @Sendable (inout Command, Bool) -> Void) -> Self {
        Self(long: long, defaultValue: false, plain: PlainOption(
            option: "--" + long, isFlag: true, reset: { store(&$0, false) },
            set: { command, word in
                guard word == nil else { return false }
                store(&command, true)
                return true
            }))
    }
}

extension OptionDefinition where Value == String {
    /// An option whose value is the word as written.
    init(_ long: String, default defaultValue: String, store: @escaping @Sendable (inout Command, String) -> Void) {
        self.init(long, default: defaultValue, value: { $0 }, store: store)
    }
}

extension OptionDefinition where Value == String? {
    /// An optional option: nil unless given, then the word as written.
    init(_ long: String, store: @escaping @Sendable (inout Command, String?) -> Void) {
        self.init(long, default: nil, value: { $0 }, store: store)
    }
}

/// `OptionDefinition` without its value type.
struct PlainOption<Command>: Sendable {
    /// `--long`.
    let option: String
    let isFlag: Bool
    /// Sets the property to its default.
    let reset: @Sendable (inout Command) -> Void
    /// Sets the property from the option's word (nil: the flag is given); false leaves the line to
    /// ArgumentParser.
    let set: @Sendable (inout Command, String?) -> Bool
}
