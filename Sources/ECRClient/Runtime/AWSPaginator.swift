import Foundation

/// One entry of a service's paginators-1.json: the request member that takes the token, the answer
/// member that holds the next one, the page-size member, the member that says more pages follow
/// (IAM's `IsTruncated`) and the members that hold the items (joined across pages when printing,
/// as botocore's `build_full_result` joins them).
public struct AWSPaginatorInfo: Sendable, Equatable {
    public var inputToken: String
    public var outputToken: String
    public var limitKey: String?
    public var moreResults: String?
    public var resultKeys: [String]

    public init(inputToken: String, outputToken: String, limitKey: String?, moreResults: String?, resultKeys: [String]) {
        self.inputToken = inputToken
        self.outputToken = outputToken
        self.limitKey = limitKey
        self.moreResults = moreResults
        self.resultKeys = resultKeys
    }
}

/// Follows an operation's token from page to page: stops when the answer has no token (or an empty
/// one, or `moreResults` is false), and fails when the service sends a token it sent before (a loop).
/// `import live` has its own `LivePager`: it pages raw answers a snapshot replays byte for byte, not typed outputs.
public struct AWSPaginator<Input, Output> {
    public let operation: String
    public var input: Input
    let inputToken: WritableKeyPath<Input, String?>
    let outputToken: KeyPath<Output, String?>
    let moreResults: KeyPath<Output, Bool?>?
    let send: (Input) throws(AWSClientError) -> Output

    public init(operation: String, input: Input, inputToken: WritableKeyPath<Input, String?>, outputToken: KeyPath<Output, String?>,
                moreResults: KeyPath<Output, Bool?>?, send: @escaping (Input) throws(AWSClientError) -> Output) {
        self.operation = operation
        self.input = input
        self.inputToken = inputToken
        self.outputToken = outputToken
        self.moreResults = moreResults
        self.send = send
    }

    /// Calls `body` with each page in order until the last one, or until `body` returns false.
    public func forEachPage(_ body: (Output) -> Bool) throws(AWSClientError) {
        var request = input
        var seen: Set<String> = []
        while true {
            let page = try send(request)
            guard body(page) else { return }
            if let moreResults, page[keyPath: moreResults] != true { return }
            guard let token = page[keyPath: outputToken], !token.isEmpty else { return }
            guard seen.insert(token).inserted else {
                throw .malformedResponse(operation: operation, detail: "the service repeated the pagination token; stopping")
            }
            request[keyPath: inputToken] = token
        }
    }

    /// Every page, in order.
    public func allPages() throws(AWSClientError) -> [Output] {
        var pages: [Output] = []
        try forEachPage { pages.append($0); return true }
        return pages
    }
}
