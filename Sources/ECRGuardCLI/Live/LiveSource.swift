import ECRClient
import Foundation

/// Where the answers of `import live` come from: AWS itself (`AWSLiveSource`) or a snapshot of an
/// earlier run (`SnapshotSource`). Both feed the same reader and mapping, so `import snapshot`
/// redoes an import offline exactly.
protocol LiveSource: Sendable {
    /// The raw answer (JSON or XML bytes) to page `page` (from 0) of `request`; `token` is the
    /// previous page's marker, already added to the request by the pager.
    func answer(_ request: LiveRequest, page: Int) throws(LiveCallFailure) -> Data
    /// Makes the account's credentials ready (AssumeRole into it unless it is the caller's own).
    func enter(account: String, callerAccount: String) throws(LiveCallFailure)
}

/// Follows the paging marker of each protocol: ECR `nextToken`, Organizations `NextToken`, IAM
/// `IsTruncated` + `Marker`. A repeated marker or more than `maxPages` pages stops with a failure
/// instead of looping.
/// Not `AWSPaginator`: this pages raw answers (the bytes a snapshot replays) of hand-built requests, not typed operations.
struct LivePager {
    var source: any LiveSource
    var maxPages = 10_000

    func pages(_ request: LiveRequest) throws(LiveCallFailure) -> [Data] {
        var pages: [Data] = []
        var current = request
        var seen: Set<String> = []
        while true {
            let data = try source.answer(current, page: pages.count)
            pages.append(data)
            guard let token = Self.nextToken(data, service: request.call.service), !token.isEmpty else { return pages }
            guard seen.insert(token).inserted, pages.count < maxPages else {
                throw LiveCallFailure(code: "PagingLoop", message: "the service repeated its paging marker after \(pages.count) pages; stopping", status: 0)
            }
            current = Self.withToken(request, token)
        }
    }

    static func nextToken(_ data: Data, service: LiveService) -> String? {
        switch service {
        case .iam, .sts:
            return AuthorizationDetailsXML.nextMarker(data)
        case .ecr:
            return (try? JSONValue.parse(data))?["nextToken"]?.stringValue
        case .organizations:
            return (try? JSONValue.parse(data))?["NextToken"]?.stringValue
        }
    }

    static func withToken(_ request: LiveRequest, _ token: String) -> LiveRequest {
        var next = request
        switch request.body {
        case .query(let parameters): next.body = .query(parameters + [("Marker", token)])
        case .json(let members):
            next.body = .json(members + [(request.call.service == .organizations ? "NextToken" : "nextToken", .string(token))])
        }
        return next
    }
}
