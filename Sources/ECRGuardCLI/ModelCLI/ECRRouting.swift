/// Where `ecrguard ecr ...` goes: a hand-written command (ArgumentParser), a model-driven operation
/// (`ModelCommand`), or nowhere (exit 64 with the closest name). Global options may come before the
/// operation, as in the AWS CLI (`ecrguard ecr --region eu-west-1 describe-images ...`); they are
/// moved after it.
enum ECRRouting {
    enum Route: Equatable {
        case unchanged
        case handWritten([String])
        case model(String, [String])
        case unknown(UnknownCommand)
    }

    static var handWrittenNames: [String] { ECRCommand.handWritten.map { $0._commandName } }

    /// Every name `ecrguard ecr` accepts: the hand-written commands, the model's operations and `wait`.
    static var allNames: [String] {
        let names = Set(handWrittenNames).union(ModelCommand.model.operations.map(\.cliName)).union(["wait"])
        return names.sorted()
    }

    static func route(_ arguments: [String]) -> Route {
        guard arguments.first == "ecr" else { return .unchanged }
        var leading: [String] = []
        var index = 1
        while index < arguments.count, arguments[index].hasPrefix("-") {
            let option = arguments[index]
            if option == "--help" || option == "-h" { return .unchanged }
            leading.append(option)
            if ModelArguments.globalWithValue.contains(option), index + 1 < arguments.count {
                leading.append(arguments[index + 1])
                index += 1
            }
            index += 1
        }
        guard index < arguments.count else { return .unchanged }
        let name = arguments[index]
        let rest = Array(arguments[(index + 1)...])
        if name == "help" { return .handWritten(["ecr", "--help"]) }
        if handWrittenNames.contains(name) { return .handWritten(["ecr", name] + rest + leading) }
        if name == "wait" || ModelCommand.model.operation(cliName: name) != nil { return .model(name, rest + leading) }
        return .unknown(UnknownCommand(parent: ["ecrguard", "ecr"], word: name, suggestion: UnknownCommand.closest(to: name, in: allNames), known: allNames))
    }
}
