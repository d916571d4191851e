import ECRClient
import Foundation

/// One `ecrguard ecr` invocation: resolves configuration, owns the client, prints answers the way the
/// AWS CLI does, and turns failures into exit code 2 with the AWS error code and message.
struct ECRSession {
    let service: ECRService
    let debugLog: DebugLog?

    init(_ options: AWSGlobalOptions, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let debugLog = options.debug ? DebugLog.standardError() : nil
        do {
            let configuration = try AWSClientConfiguration.resolve(options.clientOptions, environment: environment)
            service = try configuration.makeECRService(debugLog: debugLog)
        } catch {
            throw CLIFailure.runtime(error.description)
        }
        self.debugLog = debugLog
    }

    /// Runs a typed operation; failures become `CLIFailure` (exit 2).
    func perform<Operation: ECROperation>(_ operation: Operation) throws -> (Operation.Response, JSONValue) {
        do {
            return try service.performWithRaw(operation)
        } catch {
            throw Self.failure(error, operation: Operation.operationName)
        }
    }

    /// Runs an operation with a raw JSON body, following `nextToken` and joining the `resultKey`
    /// arrays of all pages, as the AWS CLI's auto-pagination does.
    func performAllPages(_ operation: String, body: [(String, JSONValue)], resultKey: String) throws -> JSONValue {
        var items: [JSONValue] = []
        var token: String?
        var seen: Set<String> = []
        var first: [(String, JSONValue)] = []
        repeat {
            var request = body
            if let token { request.append(("nextToken", .string(token))) }
            let page: JSONValue
            do { page = try service.invoke(operation, body: .object(request)) } catch {
                throw Self.failure(error, operation: operation)
            }
            if case .object(let members) = page, first.isEmpty { first = members.filter { $0.0 != "nextToken" && $0.0 != resultKey } }
            items += page[resultKey]?.arrayValue ?? []
            token = page["nextToken"]?.stringValue
            if let token, !seen.insert(token).inserted {
                throw CLIFailure.runtime("\(operation): the service repeated nextToken; stopping")
            }
        } while token?.isEmpty == false
        return .object([(resultKey, .array(items))] + first)
    }

    /// A service or transport failure names the operation; a credentials or settings failure (nothing
    /// was sent) is reported as itself: "no credentials found (tried: ...)", never as the operation's error.
    static func failure(_ error: AWSClientError, operation: String) -> CLIFailure {
        switch error {
        case .service(let service):
            CLIFailure.runtime("An error occurred (\(service.code)) when calling the \(operation) operation: \(service.message)")
        case _ where error.isLocal:
            CLIFailure.runtime(error.description)
        default:
            CLIFailure.runtime("\(operation): \(error)")
        }
    }

    /// Prints an answer as `aws --output json` does: four-space indentation; nothing for `{}`.
    static func print(_ value: JSONValue) {
        if case .object(let members) = value, members.isEmpty { return }
        FileHandle.standardOutput.write(Data((value.pretty + "\n").utf8))
    }
}
