/// A service as the AWS CLI sees it, generated from the botocore model
/// (`Generated/ECRCLIModel.swift`, written by scripts/codegen.py beside the typed client): what the model-driven commands
/// parse arguments with, and print answers with.
struct CLIModel: Sendable {
    let targetPrefix: String
    let operations: [CLIOperation]
    /// Every table is sorted by name and searched by halves. The generator writes them sorted, so
    /// building the model is one pass that checks it: every `ecrguard ecr` call is a new process,
    /// and hashing 470 names into dictionaries was a tenth of what a call does beyond starting.
    private let shapes: [(String, CLIShape)]
    let waiters: [CLIWaiter]
    private let byCLIName: [(String, CLIOperation)]
    private let byName: [(String, CLIOperation)]

    init(targetPrefix: String, operations: [CLIOperation], shapes: [(String, CLIShape)], waiters: [CLIWaiter]) {
        self.targetPrefix = targetPrefix
        self.operations = operations
        self.shapes = Self.sortedByName(shapes)
        self.waiters = waiters
        byCLIName = Self.sortedByName(operations.map { ($0.cliName, $0) })
        byName = Self.sortedByName(operations.map { ($0.name, $0) })
    }

    func operation(cliName: String) -> CLIOperation? { Self.find(cliName, in: byCLIName) }
    func operation(named name: String) -> CLIOperation? { Self.find(name, in: byName) }

    /// The entries sorted by name, the first of equal names kept: as generated (strictly ascending),
    /// returned as they are after one pass.
    static func sortedByName<Value>(_ entries: [(String, Value)]) -> [(String, Value)] {
        var ascending = true
        for index in entries.indices.dropFirst() where !(entries[index - 1].0 < entries[index].0) {
            ascending = false
            break
        }
        if ascending { return entries }
        var seen = Set<String>()
        return entries.filter { seen.insert($0.0).inserted }.sorted { $0.0 < $1.0 }
    }

    /// The value of `name` in a table sorted by name.
    static func find<Value>(_ name: String, in table: [(String, Value)]) -> Value? {
        var low = 0, high = table.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = table[middle].0
            if candidate == name { return table[middle].1 }
            if candidate < name { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// The shape, which the generator guarantees exists for every name it writes.
    func shape(_ name: String) -> CLIShape {
        guard let shape = Self.find(name, in: shapes) else { preconditionFailure("generated model lacks shape \(name)") }
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
