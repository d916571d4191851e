import ECRClient
import Foundation
import PolicyCore

/// A command line of one model-driven `ecrguard ecr` operation, split as the AWS CLI splits it: the
/// global options, pagination, ecrguard's gate options, `--cli-input-json`, and one entry per input
/// member given (`--repository-name x`, `--image-ids imageTag=a imageTag=b`, `--force`/`--no-force`).
struct ModelArguments {
    var operation: CLIOperation
    /// Arguments for `AWSGlobalOptions` (`--region R`, `--output text`, ...), in the order given.
    var global: [String] = []
    /// Arguments for `ECRGateOptions`.
    var gate: [String] = []
    var cliInputJSON: String?
    var noPaginate = false
    var maxItems: Int?
    var startingToken: String?
    var pageSize: Int?
    var help = false
    /// Members given on the command line, in the order given; `tokens` are the raw values.
    var members: [(member: CLIMember, tokens: [String])] = []

    static let globalWithValue: Set<String> = ["--region", "--profile", "--endpoint-url", "--output", "--query", "--ca-bundle",
                                               "--cli-connect-timeout", "--cli-read-timeout"]
    static let globalFlags: Set<String> = ["--debug"]
    /// Accepted and ignored, as they change nothing here (ecrguard never pages output).
    static let ignoredFlags: Set<String> = ["--no-cli-pager", "--no-cli-auto-prompt", "--color"]
    static let gateWithValue: Set<String> = ["--fail-on", "--manifest"]
    static let gateFlags: Set<String> = ["--ignore-findings"]

    /// Parses `arguments` (everything after the operation name). Usage errors are `CLIFailure.usage`.
    static func parse(_ arguments: [String], operation: CLIOperation, model: CLIModel) throws -> ModelArguments {
        var result = ModelArguments(operation: operation)
        let inputMembers = operation.input.map { model.inputMembers($0) } ?? []
        let byOption = Dictionary(inputMembers.map { ("--" + kebab($0.name), $0) }, uniquingKeysWith: { first, _ in first })
        var index = 0
        func value(for option: String, inline: String?) throws -> String {
            if let inline { return inline }
            index += 1
            guard index < arguments.count else { throw CLIFailure.usage("argument \(option): expected one argument") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "help" || argument == "--help" || argument == "-h" { result.help = true; index += 1; continue }
            guard argument.hasPrefix("--") else {
                throw CLIFailure.usage("Unknown options: \(argument)")
            }
            var option = argument
            var inline: String?
            if let equals = argument.firstIndex(of: "=") {
                option = String(argument[..<equals])
                inline = String(argument[argument.index(after: equals)...])
            }
            switch option {
            case _ where globalWithValue.contains(option): result.global += [option, try value(for: option, inline: inline)]
            case _ where globalFlags.contains(option): result.global.append(option)
            case _ where ignoredFlags.contains(option): if option == "--color" { _ = try value(for: option, inline: inline) }
            case _ where gateWithValue.contains(option): result.gate += [option, try value(for: option, inline: inline)]
            case _ where gateFlags.contains(option): result.gate.append(option)
            case "--cli-input-json": result.cliInputJSON = try value(for: option, inline: inline)
            case "--no-paginate": result.noPaginate = true
            case "--max-items": result.maxItems = try positive(try value(for: option, inline: inline), option)
            case "--page-size": result.pageSize = try positive(try value(for: option, inline: inline), option)
            case "--starting-token": result.startingToken = try value(for: option, inline: inline)
            case "--no-verify-ssl", "--no-sign-request":
                throw CLIFailure.usage("\(option) is not supported: ecrguard always verifies TLS and signs requests")
            default:
                if let member = byOption[option] {
                    if case .boolean = model.shape(member.shape) {
                        result.members.append((member, [inline ?? "true"]))
                    } else if case .list = model.shape(member.shape) {
                        var tokens: [String] = inline.map { [$0] } ?? []
                        while inline == nil, index + 1 < arguments.count, !arguments[index + 1].hasPrefix("--") {
                            index += 1
                            tokens.append(arguments[index])
                        }
                        guard !tokens.isEmpty else { throw CLIFailure.usage("argument \(option): expected at least one argument") }
                        result.members.append((member, tokens))
                    } else {
                        result.members.append((member, [try value(for: option, inline: inline)]))
                    }
                } else if option.hasPrefix("--no-"), let member = byOption["--" + option.dropFirst(5)], case .boolean = model.shape(member.shape) {
                    result.members.append((member, ["false"]))
                } else {
                    let known = Array(byOption.keys) + Array(globalWithValue) + Array(gateWithValue) + ["--cli-input-json", "--max-items", "--page-size", "--starting-token", "--no-paginate"]
                    let hint = UnknownCommand.closest(to: option, in: known).map { " (did you mean \($0)?)" } ?? ""
                    throw CLIFailure.usage("Unknown options: \(option)\(hint)")
                }
            }
            index += 1
        }
        return result
    }

    private static func positive(_ text: String, _ option: String) throws -> Int {
        guard let value = Int(text), value > 0 else { throw CLIFailure.usage("argument \(option): invalid int value: '\(text)'") }
        return value
    }

    /// botocore's `xform_name` with `-`: `repositoryName` -> `repository-name`, `imageIds` -> `image-ids`.
    static func kebab(_ name: String) -> String {
        var out = ""
        let characters = Array(name)
        for (i, c) in characters.enumerated() {
            if c.isUppercase, i > 0 {
                let previous = characters[i - 1]
                let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { out.append("-") }
            }
            out.append(contentsOf: c.lowercased())
        }
        return out
    }

    /// The request body: `--cli-input-json` first, members given on the command line replacing its
    /// members, in the model's member order; then checked against the model as botocore checks it.
    func requestBody(model: CLIModel) throws -> OrderedJSON {
        guard let inputShape = operation.input else { return .object([]) }
        var given: [String: OrderedJSON] = [:]
        if let cliInputJSON {
            let text = try ParameterValue.text(cliInputJSON, option: "--cli-input-json").text
            guard case .object(let members) = try parseJSON(text, option: "--cli-input-json") else {
                throw CLIFailure.usage("--cli-input-json: expected a JSON object")
            }
            for (key, value) in members { given[key] = value }
        }
        for (member, tokens) in members {
            given[member.name] = try ModelValue.fromArguments(tokens, shape: member.shape, model: model, option: "--" + Self.kebab(member.name))
        }
        if cliInputJSON == nil {
            let missing = model.requiredMembers(inputShape).filter { given[$0] == nil }
            if !missing.isEmpty {
                throw CLIFailure.usage("the following arguments are required: " + missing.map { "--" + Self.kebab($0) }.joined(separator: ", "))
            }
        }
        let order = model.inputMembers(inputShape).map(\.name)
        let known = Set(order)
        var body: [(String, OrderedJSON)] = order.compactMap { name in given[name].map { (name, $0) } }
        body += given.keys.filter { !known.contains($0) }.sorted().map { ($0, given[$0]!) }
        let value = OrderedJSON.object(body)
        let problems = ModelValue.validate(value, shape: inputShape, model: model, path: "")
        if !problems.isEmpty {
            throw CLIFailure.usage("Parameter validation failed:\n" + problems.joined(separator: "\n"))
        }
        return value
    }
}

func parseJSON(_ text: String, option: String) throws -> OrderedJSON {
    do { return try OrderedJSON.parse(text) } catch {
        throw CLIFailure.usage("\(option): Error parsing parameter: Invalid JSON: \(error)")
    }
}

extension CLIModel {
    func inputMembers(_ shape: String) -> [CLIMember] {
        if case .structure(let members, _) = self.shape(shape) { return members }
        return []
    }

    func requiredMembers(_ shape: String) -> [String] {
        if case .structure(_, let required) = self.shape(shape) { return required }
        return []
    }
}

extension ModelArguments {
    /// The files members were read from (`--lifecycle-policy-text file://p.json`), so findings name
    /// the file; a member given inline is named by its option.
    var fileSources: [String: String] {
        var sources: [String: String] = [:]
        for (member, tokens) in members {
            if let token = tokens.first, token.hasPrefix("file://") { sources[member.name] = String(token.dropFirst("file://".count)) }
        }
        return sources
    }
}
