/// A service as the AWS CLI sees it, generated from the botocore model
/// (`Generated/ECRCLIModel.swift`, written by scripts/codegen.py beside the typed client): what the model-driven commands
/// parse arguments with, and print answers with.
struct CLIModel: Sendable {
    let targetPrefix: String
    let operations: [CLIOperation]
    let shapes: [String: CLIShape]
    let waiters: [CLIWaiter]
    private let byCLIName: [String: CLIOperation]
    private let byName: [String: CLIOperation]

    init(targetPrefix: String, operations: [CLIOperation], shapes: [(String, CLIShape)], waiters: [CLIWaiter]) {
        self.targetPrefix = targetPrefix
        self.operations = operations
        self.shapes = Dictionary(shapes, uniquingKeysWith: { first, _ in first })
        self.waiters = waiters
        byCLIName = Dictionary(operations.map { ($0.cliName, $0) }, uniquingKeysWith: { first, _ in first })
        byName = Dictionary(operations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func operation(cliName: String) -> CLIOperation? { byCLIName[cliName] }
    func operation(named name: String) -> CLIOperation? { byName[name] }

    /// The shape, which the generator guarantees exists for every name it writes.
    func shape(_ name: String) -> CLIShape {
        guard let shape = shapes[name] else { preconditionFailure("generated model lacks shape \(name)") }
        return shape
    }
}

struct CLIOperation: Sendable {
    var name: String
    var cliName: String
    var input: String?
    var output: String?
    var documentation: String
    var paginator: CLIPaginator?
}

struct CLIPaginator: Sendable {
    var inputToken: String
    var outputToken: String
    var limitKey: String
    /// Dotted paths (`imageScanFindings.findings`) of the lists joined across pages.
    var resultKeys: [String]
    var nonAggregateKeys: [String]
}

struct CLIMember: Sendable {
    var name: String
    var shape: String
    var documentation: String
    init(_ name: String, _ shape: String, _ documentation: String) {
        self.name = name
        self.shape = shape
        self.documentation = documentation
    }
}

enum CLIShape: Sendable {
    case string(enumValues: [String])
    case integer, double, boolean, timestamp, blob
    case list(member: String)
    case map(key: String, value: String)
    case structure(members: [CLIMember], required: [String])

    var isScalar: Bool {
        switch self {
        case .list, .map, .structure: false
        default: true
        }
    }
}

struct CLIWaiter: Sendable {
    struct Acceptor: Sendable {
        var state: String
        /// A JMESPath expression over the answer.
        var argument: String
        var expected: String
    }
    var name: String
    var cliName: String
    var operation: String
    /// Seconds between attempts.
    var delay: Int
    var maxAttempts: Int
    var description: String
    var acceptors: [Acceptor]
}
