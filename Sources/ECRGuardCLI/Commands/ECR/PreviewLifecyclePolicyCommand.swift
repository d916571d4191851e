import ArgumentParser
import ECRClient
import Foundation
import JMESPath
import PolicyChecks
import PolicyCore

/// `ecrguard ecr preview-lifecycle-policy`: ECR's lifecycle preview, offline. Which images of a
/// `describe-images` listing each rule would expire (or archive), printed in the shape of
/// `get-lifecycle-policy-preview`'s answer, with `--output` and `--query` as for every ecr operation.
struct PreviewLifecyclePolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview-lifecycle-policy",
        abstract: "Preview a lifecycle policy offline over a describe-images listing (no AWS call).",
        discussion: """
        The policy is validated as ECR validates it first (findings on stderr, exit 1 when ECR would reject it).
        Rules are applied as ECR documents: lowest rulePriority first, an image is acted on by at most one rule,
        and an image whose tags matched an earlier rule is never acted on by a later one.
        """)

    @Option(name: .customLong("lifecycle-policy-text"), help: "The lifecycle policy JSON, or file://PATH.") var lifecyclePolicyText: String
    @Option(help: "The images: `aws ecr describe-images` (or `ecrguard ecr describe-images`) output, file://PATH or PATH.") var images: String
    @Option(help: "The time to preview at: ISO 8601 or epoch seconds (default: now). Age rules count days back from it.",
            transform: { text in
                guard let seconds = DateValue.parse(text) else { throw ValidationError("--now: not an ISO 8601 time or epoch seconds: \(text)") }
                return seconds
            })
    var now: Double?
    @Option(name: .customLong("repository-name"), help: "The repository the listing is of; with --manifest, a protected repository's policy is refused when it can empty it.")
    var repositoryName: String?
    @OptionGroup(title: "Gate options") var gate: ECRGateOptions
    @Option(help: "The AWS CLI's output layout: json (default), text, table, yaml, yaml-stream.") var output: OutputFormat = .json
    @Option(help: "A JMESPath expression applied to the answer before it is printed.", transform: { try JMESPath.Expression(compiling: $0) })
    var query: JMESPath.Expression?

    func run() throws {
        let (text, source) = try ParameterValue.text(lifecyclePolicyText, option: "--lifecycle-policy-text")
        let imagesPath = images.hasPrefix("file://") ? String(images.dropFirst("file://".count)) : images
        let listing: [LifecycleImage]
        do { listing = try LifecycleImageListing.read(try AuditCommand.readText(imagesPath), file: imagesPath) } catch {
            throw CLIFailure.runtime("\(error)")
        }
        let result = LifecyclePolicyReader.read(text, file: source)
        let time = now ?? Date().timeIntervalSince1970
        var findings = result.findings
        if let policy = result.policy, let repositoryName, let manifest = try GateManifest.load(gate.manifest),
           manifest.registries.contains(where: { $0.repositories.contains { $0.name == repositoryName && $0.protected } }) {
            findings += LifecycleProtection.check(policy, repository: repositoryName, file: source, images: listing, now: time)
        }
        guard let policy = result.policy else {
            try gate.gate().decide(findings, what: source)
            throw CLIFailure.gateFailed
        }
        let preview: [LifecyclePreviewResult]
        do { preview = try LifecyclePreview.evaluate(policy, images: listing, now: time) } catch {
            throw CLIFailure.runtime("\(imagesPath): \(error)")
        }
        try ResponsePrinter(format: output, query: query, terminalWidth: ResponsePrinter.standardOutputWidth())
            .print(.single(try Self.answer(preview)), operation: "GetLifecyclePolicyPreview")
        try gate.gate().decide(findings, what: source)
    }

    /// `get-lifecycle-policy-preview`'s `previewResults` and `summary`, members in the model's order.
    static func answer(_ results: [LifecyclePreviewResult]) throws -> JMESValue {
        var items: [OrderedJSON] = []
        for result in results {
            var members: [(String, OrderedJSON)] = []
            if !result.image.tags.isEmpty { members.append(("imageTags", .array(result.image.tags.map(OrderedJSON.string)))) }
            members.append(("imageDigest", .string(result.image.digest)))
            members.append(("imagePushedAt", OrderedJSON(result.image.pushedAtValue)))
            var action: [(String, OrderedJSON)] = [("type", .string(result.rule.action.rawValue.uppercased()))]
            if result.rule.action == .transition { action.append(("targetStorageClass", .string("ARCHIVE"))) }
            members.append(("action", .object(action)))
            members.append(("appliedRulePriority", .int(result.rule.priority)))
            members.append(("storageClass", .string(result.image.archived ? "ARCHIVE" : "STANDARD")))
            items.append(.object(members))
        }
        let expiring = results.filter { $0.rule.action == .expire }.count
        let transitioning = results.count - expiring
        var summary: [(String, OrderedJSON)] = [("expiringImageTotalCount", .int(expiring))]
        if transitioning > 0 {
            summary.append(("transitioningImageTotalCounts", .array([.object([("targetStorageClass", .string("ARCHIVE")), ("imageTotalCount", .int(transitioning))])])))
        }
        let value = OrderedJSON.object([("previewResults", .array(items)), ("summary", .object(summary))])
        return try JMESValue(jsonText: value.compact)
    }
}
