import ECRClient
import Foundation
import JMESPath

/// One `ecrguard ecr` invocation: resolves configuration, owns the client, prints answers the way the
/// AWS CLI does, and turns failures into exit code 2 with the AWS error code and message.
struct ECRSession {
    /// The generated ECR client (Sources/ECRClient/Generated/ECR).
    let ecr: ECR
    let debugLog: DebugLog?
    let printer: ResponsePrinter

    /// Resolves the client and the output format before anything is sent, so a bad `--output`
    /// setting fails without calling ECR.
    init(_ options: ECRCallSettings, environment: [String: String] = ProcessEnvironment.current()) throws {
        let debugLog = options.client.debug ? DebugLog.standardError() : nil
        let configuration: AWSClientConfiguration
        do {
            configuration = try AWSClientConfiguration.resolve(options.client, environment: environment)
            ecr = try configuration.makeECR(debugLog: debugLog)
        } catch {
            throw CLIFailure.runtime(error.description)
        }
        let format = try OutputFormat.resolve(option: options.output, environment: environment,
                                              profileSetting: configuration.store.profile(configuration.profileName)?["output"])
        printer = ResponsePrinter(format: format, query: options.query, terminalWidth: ResponsePrinter.standardOutputWidth())
        self.debugLog = debugLog
    }

    /// Runs one generated operation (`session.call("DescribeRegistry") { try $0.describeRegistry() }`);
    /// failures become `CLIFailure` (exit 2).
    func call<Response>(_ operation: String, _ body: (ECR) throws(AWSClientError) -> Response) throws -> Response {
        do { return try body(ecr) } catch {
            throw Self.failure(error, operation: operation)
        }
    }

    /// Sends a JSON body built from the command line; the answer comes back read into the operation's
    /// output shape (`ECR.invoke`), so it prints in the model's member order as the AWS CLI prints it.
    func invoke(_ operation: String, body: JSONValue) throws -> JSONValue {
        do { return try ecr.invoke(operation, body: body) } catch {
            throw Self.failure(error, operation: operation)
        }
    }

    /// Runs an operation with a JSON body, following `nextToken` through all pages, as the AWS
    /// CLI's auto-pagination does; each page is read into the output shape; `print` joins the
    /// `resultKey` arrays or prints page by page.
    func performAllPages(_ operation: String, body: [(String, JSONValue)], resultKey: String) throws -> ECRAnswer {
        var pages: [JMESValue] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            var request = body
            if let token { request.append(("nextToken", .string(token))) }
            let page = try invoke(operation, body: .object(request))
            pages.append(try Self.jmesValue(page))
            token = page["nextToken"]?.stringValue
            if let token, !seen.insert(token).inserted {
                throw CLIFailure.runtime("\(operation): the service repeated nextToken; stopping")
            }
        } while token?.isEmpty == false
        return .pages(pages, resultKey: resultKey)
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

    /// Prints the answer of `operation` as the AWS CLI does with the same `--query` and `--output`
    /// (the operation names the table's title): the shape's members in the model's order.
    func print(_ response: some JSONShapeEncodable, operation: String) throws {
        try print(.single(Self.jmesValue(response.jsonValue())), operation: operation)
    }

    func print(_ answer: ECRAnswer, operation: String) throws {
        try printer.print(answer, operation: operation)
    }

    /// The answer as JMESPath's value, read as Python's `json` reads it (integers and floats apart).
    private static func jmesValue(_ value: JSONValue) throws -> JMESValue {
        do { return try JMESValue(jsonText: value.compact) } catch {
            throw CLIFailure.runtime("cannot read the answer: \(error)")
        }
    }
}
