import ArgumentParser
import ECRClient
import Foundation

/// `--regions us-east-1,eu-west-1` or `--regions all`.
enum RegionSelection: ExpressibleByArgument, Sendable, Equatable {
    case all
    case list([String])

    init?(argument: String) {
        if argument == "all" { self = .all; return }
        let regions = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !regions.isEmpty, regions.allSatisfy(Self.isRegion) else { return nil }
        self = .list(regions)
    }

    static func isRegion(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count >= 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) } }
            && parts.last!.allSatisfy(\.isNumber)
    }

    /// The commercial Regions where ECR is offered, as of botocore 1.43 (endpoints.json).
    static let commercialRegions = [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "ca-central-1",
        "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
        "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]

    func regions(default region: String) -> [String] {
        switch self {
        case .all: Self.commercialRegions
        case .list(let regions): Array(Set(regions)).sorted()
        }
    }
}

/// `--accounts 111122223333,444455556666`, or `all`: every ACTIVE account of the caller's organization.
struct AccountList: ExpressibleByArgument, Sendable {
    var accounts: [String]
    var organization: Bool

    init?(argument: String) {
        if argument == "all" {
            accounts = []
            organization = true
            return
        }
        organization = false
        let accounts = argument.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !accounts.isEmpty, accounts.allSatisfy({ $0.count == 12 && $0.allSatisfy(\.isNumber) }) else { return nil }
        self.accounts = accounts
    }
}

/// What `import live` and `audit --live` read and how: shared by both commands.
struct LiveImportOptions: ParsableArguments {
    @Option(help: "Regions to read: a comma-separated list, or 'all' (the commercial Regions with ECR). Default: the configured Region.")
    var regions: RegionSelection?

    @Option(help: "Accounts to read: comma-separated 12-digit ids, or 'all' (every ACTIVE account of the caller's organization); each but the caller's is entered with AssumeRole. Default: the caller's.")
    var accounts: AccountList?

    @Option(help: "The role assumed in each account other than the caller's.")
    var roleName = "OrganizationAccountAccessRole"

    @Option(help: "External id passed to AssumeRole, when the roles require one.")
    var externalId: String?

    @Option(help: "How many reads run at once (accounts, Regions and repositories share the pool).")
    var concurrency = 8

    @Option(help: "At most this many requests per second over all threads (retries included); default unlimited.")
    var maxRate: Double?

    @Option(help: "Keep every raw answer in this directory, so 'ecrguard import snapshot DIR' can redo the import offline.")
    var snapshot: String?

    @OptionGroup(title: "AWS options") var connection: AWSConnectionOptions

    func validate() throws {
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64") }
        if let maxRate, !(maxRate > 0) { throw ValidationError("--max-rate must be a positive number of requests per second") }
    }
}
