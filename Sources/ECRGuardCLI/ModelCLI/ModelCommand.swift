import ArgumentParser
import ECRClient
import Foundation
import PolicyCore
import JMESPath

/// Every operation of the ECR model that has no hand-written command, run from the generated model
/// as the AWS CLI runs it: the same names, flags, shorthand, `file://`, `--cli-input-json`,
/// pagination (`--max-items`, `--starting-token`, `--page-size`, `--no-paginate`) and `wait`; calls
/// that install access or delete data go through the gate first (`ModelGate`).
enum ModelCommand {
    static let model = CLIModel.ecr

    /// Runs `ecrguard ecr NAME ARGUMENTS...` (`NAME` an operation's CLI name or `wait`).
    static func run(_ name: String, _ arguments: [String]) throws {
        if name == "wait" { return try runWaiter(arguments) }
        guard let operation = model.operation(cliName: name) else { throw CLIFailure.usage("unknown ecr operation '\(name)'") }
        let parsed = try ModelArguments.parse(arguments, operation: operation, model: model)
        if parsed.help {
            FileHandle.standardOutput.write(Data(ModelHelp.text(for: operation, model: model).utf8))
            return
        }
        let body = try parsed.requestBody(model: model)
        let gate = try ECRGateSettings.parse(parsed.gate)
        let session = try ECRSession(try ECRCallSettings.parse(parsed.global))
        try ModelGate(session: session, options: gate, sources: parsed.fileSources).vet(operation, body: body)
        try session.print(try call(operation, body: body, arguments: parsed, session: session), operation: operation.name)
    }

    static func parseOptions<Options: ParsableArguments>(_ type: Options.Type, _ arguments: [String]) throws -> Options {
        do { return try Options.parse(arguments) } catch {
            throw CLIFailure.usage(Options.message(for: error))
        }
    }

    /// One call, or every page of a paginated one (unless `--no-paginate`, or the paging members
    /// themselves were given, as in the AWS CLI).
    static func call(_ operation: CLIOperation, body: OrderedJSON, arguments: ModelArguments, session: ECRSession) throws -> ECRAnswer {
        let givenNames = Set(arguments.members.map(\.member.name))
        guard let paginator = operation.paginator, !arguments.noPaginate,
              !givenNames.contains(paginator.inputToken), !givenNames.contains(paginator.limitKey) else {
            return .single(try jmes(invoke(operation, body, session)))
        }
        var pager = Pager(operation: operation, paginator: paginator, body: body, arguments: arguments)
        return .paginated(try pager.run(session))
    }

    static func invoke(_ operation: CLIOperation, _ body: OrderedJSON, _ session: ECRSession) throws -> OrderedJSON {
        ModelResponse.shaped(try session.invoke(operation.name, body: body), shape: operation.output, model: model)
    }

    static func jmes(_ value: OrderedJSON) throws -> JMESValue {
        do { return try JMESValue(jsonText: value.compact) } catch {
            throw CLIFailure.runtime("cannot read the answer: \(error)")
        }
    }

    // MARK: wait

    /// `ecrguard ecr wait WAITER ARGUMENTS...`: calls the waiter's operation every `delay` seconds
    /// until an acceptor matches (success: exit 0, nothing printed; failure or too many attempts: exit 2).
    static func runWaiter(_ arguments: [String]) throws {
        let names = model.waiters.map(\.cliName)
        guard let name = arguments.first, !name.hasPrefix("-") else {
            throw CLIFailure.usage("wait: name a waiter: \(names.joined(separator: ", "))")
        }
        guard let waiter = model.waiters.first(where: { $0.cliName == name }), let operation = model.operation(named: waiter.operation) else {
            let hint = UnknownCommand.closest(to: name, in: names).map { " Did you mean '\($0)'?" } ?? " Known: \(names.joined(separator: ", "))."
            throw CLIFailure.usage("unknown waiter '\(name)'.\(hint)")
        }
        let parsed = try ModelArguments.parse(Array(arguments.dropFirst()), operation: operation, model: model)
        if parsed.help {
            FileHandle.standardOutput.write(Data(ModelHelp.text(for: operation, model: model, waiter: waiter).utf8))
            return
        }
        let body = try parsed.requestBody(model: model)
        let session = try ECRSession(try ECRCallSettings.parse(parsed.global))
        let acceptors = try waiter.acceptors.map { ($0, try JMESPath.Expression(compiling: $0.argument)) }
        for attempt in 1...waiter.maxAttempts {
            let answer = try jmes(invoke(operation, body, session))
            for (acceptor, expression) in acceptors where (try? expression.search(answer)) == .string(acceptor.expected) {
                if acceptor.state == "success" { return }
                throw CLIFailure.runtime("Waiter \(waiter.name) failed: Waiter encountered a terminal failure state: For expression \"\(acceptor.argument)\" we matched expected path: \"\(acceptor.expected)\"")
            }
            if attempt < waiter.maxAttempts { Thread.sleep(forTimeInterval: Double(waiter.delay)) }
        }
        throw CLIFailure.runtime("Waiter \(waiter.name) failed: Max attempts exceeded")
    }
}

/// botocore's `PageIterator` for one operation: pages until the service stops returning a token, or
/// `--max-items` is reached (the page is cut and a resume token printed as `NextToken`).
struct Pager {
    var operation: CLIOperation
    var paginator: CLIPaginator
    var body: OrderedJSON
    var arguments: ModelArguments

    mutating func run(_ session: ECRSession) throws -> PagedAnswer {
        var request = members(body)
        if let pageSize = arguments.pageSize { set(&request, paginator.limitKey, .int(pageSize)) }
        var starting: PaginationToken.Decoded?
        if let token = arguments.startingToken {
            starting = try PaginationToken.decode(token, inputToken: paginator.inputToken)
            if let next = starting?.nextToken { set(&request, paginator.inputToken, .string(next)) }
        }
        var currentToken = starting?.nextToken
        var pages: [JMESValue] = []
        var nonAggregate = JMESObject()
        var resume: String?
        var total = 0
        var seen = Set<String>()
        let primary = paginator.resultKeys[0]
        while true {
            let shaped = try ModelCommand.invoke(operation, .object(request), session)
            guard case .object(var page) = try ModelCommand.jmes(shaped) else { throw CLIFailure.runtime("\(operation.name): the answer is not an object") }
            var startingCut = 0
            if pages.isEmpty {
                if let starting, starting.truncateAmount > 0 {
                    startingCut = starting.truncateAmount
                    if case .array(let items)? = JMESValue.object(page).lookup(primary) { page.set(primary, .array(Array(items.dropFirst(startingCut)))) }
                    for key in paginator.resultKeys.dropFirst() where JMESValue.object(page).lookup(key) != nil { page.set(key, .array([])) }
                }
                for key in paginator.nonAggregateKeys { if let value = JMESValue.object(page).lookup(key) { nonAggregate.set(key, value) } }
            }
            let items: [JMESValue]
            if case .array(let list)? = JMESValue.object(page).lookup(primary) { items = list } else { items = [] }
            if let maxItems = arguments.maxItems, total + items.count > maxItems {
                let keep = maxItems - total
                page.set(primary, .array(Array(items.prefix(keep))))
                pages.append(.object(page))
                resume = PaginationToken.encode(inputToken: paginator.inputToken, nextToken: currentToken, truncateAmount: keep + startingCut)
                break
            }
            pages.append(.object(page))
            total += items.count
            guard let next = shaped[paginator.outputToken]?.stringValue, !next.isEmpty else { break }
            if let maxItems = arguments.maxItems, total == maxItems {
                resume = PaginationToken.encode(inputToken: paginator.inputToken, nextToken: next, truncateAmount: nil)
                break
            }
            guard seen.insert(next).inserted else { throw CLIFailure.runtime("\(operation.name): the service repeated nextToken; stopping") }
            set(&request, paginator.inputToken, .string(next))
            currentToken = next
        }
        return PagedAnswer(pages: pages, resultKeys: paginator.resultKeys, nonAggregate: nonAggregate, resumeToken: resume)
    }

    private func members(_ value: OrderedJSON) -> [(String, OrderedJSON)] {
        if case .object(let members) = value { return members }
        return []
    }

    private func set(_ request: inout [(String, OrderedJSON)], _ key: String, _ value: OrderedJSON) {
        if let i = request.firstIndex(where: { $0.0 == key }) { request[i].1 = value } else { request.append((key, value)) }
    }
}
