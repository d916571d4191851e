/// `ecrguard ecr OPERATION help`: the operation and every option, from the model's documentation.
enum ModelHelp {
    static func text(for operation: CLIOperation, model: CLIModel, waiter: CLIWaiter? = nil) -> String {
        var out = "NAME\n  ecrguard ecr " + (waiter.map { "wait \($0.cliName)" } ?? operation.cliName) + "\n\nDESCRIPTION\n  "
        out += (waiter?.description ?? operation.documentation) + "\n"
        if let waiter {
            out += "  Calls \(operation.cliName) every \(waiter.delay) seconds, at most \(waiter.maxAttempts) times, until it succeeds (exit 0) or fails (exit 2).\n"
        }
        out += "\nOPTIONS\n"
        let required = Set(operation.input.map { model.requiredMembers($0) } ?? [])
        for member in operation.input.map({ model.inputMembers($0) }) ?? [] {
            let option = "--" + ModelArguments.kebab(member.name)
            let shape = model.shape(member.shape)
            var usage: String
            switch shape {
            case .boolean: usage = "\(option) | --no-\(option.dropFirst(2))"
            case .list: usage = "\(option) <value> [<value> ...]"
            default: usage = "\(option) <value>"
            }
            if required.contains(member.name) { usage += " (required)" }
            out += "  \(usage)\n      \(member.documentation)\(typeNote(shape))\n"
        }
        out += "  --cli-input-json <value>\n      The request as JSON (or file://PATH); options given on the command line replace its members.\n"
        if operation.paginator != nil {
            out += """
              --max-items <value>
                  Print at most this many items, then a NextToken to continue from.
              --starting-token <value>
                  Continue from the NextToken an earlier --max-items call printed.
              --page-size <value>
                  Items per request (the service's maxResults); all pages are still read.
              --no-paginate
                  Send one request and print that page only.

            """
        }
        if ModelGate.gatedOperations.contains(operation.name) {
            out += """
              --fail-on <value>
                  Lowest severity that refuses the call (info, low, medium, high, critical; default high). ERROR findings always refuse it.
              --ignore-findings
                  Send the call despite blocking findings (ecrguard's gate only).
              --manifest <value>
                  The policies directory or its ecrguard.yaml: protected repositories, accounts replication may reach.

            """
        }
        out += """

        GLOBAL OPTIONS
          --region, --profile, --endpoint-url, --output (json, text, table, yaml, yaml-stream), --query, --ca-bundle,
          --cli-connect-timeout, --cli-read-timeout, --debug: as for every ecrguard ecr operation (ecrguard ecr --help).

        """
        return out
    }

    private static func typeNote(_ shape: CLIShape) -> String {
        switch shape {
        case .string(let values) where !values.isEmpty: " Known values: \(values.joined(separator: ", "))."
        case .structure(let members, _): " Shorthand: " + members.map { "\($0.name)=..." }.joined(separator: ",") + ", or JSON."
        case .map: " Shorthand: KeyName1=value,KeyName2=value, or JSON."
        case .blob: " fileb://PATH sends a file's bytes."
        default: ""
        }
    }
}
