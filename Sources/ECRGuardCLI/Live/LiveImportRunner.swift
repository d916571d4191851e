import ECRClient
import Foundation

/// Runs the reads of `import live` (or replays a snapshot) and says what it cost.
struct LiveImportRun {
    var read: LiveRead
    /// HTTP requests sent, retries included (0 for a replay).
    var requestsSent: Int
    var seconds: TimeInterval
}

enum LiveImportRunner {
    /// `organization`: every ACTIVE account of the organization (also `--accounts all`); `region`: the Region
    /// STS is called in and the default of `--regions` (default: the first of `--regions`, else the configured one).
    static func live(_ options: LiveImportOptions, organization: Bool = false, region: String? = nil,
                     environment: [String: String] = ProcessEnvironment.current()) throws -> LiveImportRun {
        let started = Date()
        let debugLog = options.connection.debug ? DebugLog.standardError() : nil
        let configuration: AWSClientConfiguration
        let aws: AWSLiveSource
        do {
            var firstRegion: String?
            if case .list(let regions) = options.regions { firstRegion = regions.first }
            configuration = try AWSClientConfiguration.resolve(options.connection.clientOptions(region: region ?? firstRegion), environment: environment)
            aws = try AWSLiveSource(configuration: configuration, roleName: options.roleName, externalId: options.externalId,
                                    maxRate: options.maxRate, debugLog: debugLog)
        } catch {
            throw CLIFailure.runtime(error.description)
        }
        var source: any LiveSource = aws
        var recorder: SnapshotRecorder?
        if let snapshot = options.snapshot {
            let created = try SnapshotRecorder(inner: aws, directory: URL(fileURLWithPath: snapshot))
            recorder = created
            source = created
        }
        let organizationWide = organization || options.accounts?.organization == true
        let plan = LiveReadPlan(accounts: organizationWide ? nil : options.accounts?.accounts, organizationWide: organizationWide,
                                regions: (options.regions ?? .list([configuration.region])).regions(default: configuration.region),
                                concurrency: options.concurrency)
        let read: LiveRead
        do { read = try LiveReader(source: source, progress: ProgressBar(label: "import live")).read(plan) } catch let error as LiveImportError {
            throw CLIFailure.runtime(error.description)
        }
        try recorder?.finish(plan)
        return LiveImportRun(read: read, requestsSent: aws.requestsSent, seconds: Date().timeIntervalSince(started))
    }

    static func replay(snapshot: String, concurrency: Int = 8) throws -> LiveImportRun {
        let started = Date()
        let source: SnapshotSource
        do { source = try SnapshotSource(directory: URL(fileURLWithPath: snapshot)) } catch let error as SnapshotError {
            throw CLIFailure.runtime(error.description)
        }
        let plan = LiveReadPlan(accounts: source.accounts, organizationWide: source.organizationWide, regions: source.regions, concurrency: concurrency)
        let read: LiveRead
        do { read = try LiveReader(source: source).read(plan) } catch let error as LiveImportError {
            throw CLIFailure.runtime(error.description)
        }
        return LiveImportRun(read: read, requestsSent: 0, seconds: Date().timeIntervalSince(started))
    }
}
