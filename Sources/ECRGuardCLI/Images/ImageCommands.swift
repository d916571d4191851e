import ArgumentParser
import Foundation
import Registry

/// `ecrguard push SOURCE REF`: an OCI image layout (`DIR` or `DIR:TAG`) or a `docker save` archive.
struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "push", abstract: "Push an image from an OCI image layout or a docker save archive.")

    @Argument(help: "An OCI image layout directory (DIR or DIR:TAG) or a docker save archive (FILE or FILE:REPO:TAG).")
    var source: String

    @Argument(help: "Where to push: REGISTRY/REPOSITORY[:TAG].")
    var reference: String

    @OptionGroup(title: "Registry access") var access: RegistryAccessOptions
    @OptionGroup(title: "Preflight") var preflight: PreflightOptions

    func run() throws {
        let session = try RegistrySession(access)
        let target = try session.parse(reference)
        try preflight.check(.push, on: target, session: session)
        let image = try ImageCommandSupport.readLocal(source)
        let client = try session.client(for: target.registry)
        let result = try ImageCommandSupport.run(explainingRefusal: { preflight.explainRefusal(.push, on: target, session: session) }) {
            try ImageTransfer.push(image, to: target, client: client, parallelism: access.parallel, progress: session.progress("push"))
        }
        print("pushed \(target) \(result.digest) (\(ImageCommandSupport.summary(result.blobs)))")
    }
}

/// `ecrguard pull REF DEST`: a new OCI image layout at DEST, written only once every blob is verified.
struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pull", abstract: "Pull an image into a new OCI image layout, every blob verified.")

    @Argument(help: "What to pull: REGISTRY/REPOSITORY[:TAG|@sha256:DIGEST].")
    var reference: String

    @Argument(help: "A directory that does not exist yet; it becomes an OCI image layout.")
    var destination: String

    @OptionGroup(title: "Registry access") var access: RegistryAccessOptions
    @OptionGroup(title: "Preflight") var preflight: PreflightOptions

    func run() throws {
        let session = try RegistrySession(access)
        let source = try session.parse(reference)
        try preflight.check(.pull, on: source, session: session)
        let client = try session.client(for: source.registry)
        let tree = try ImageCommandSupport.run(explainingRefusal: { preflight.explainRefusal(.pull, on: source, session: session) }) {
            try ImageTransfer.pull(source, client: client, into: destination, parallelism: access.parallel, progress: session.progress("pull"))
        }
        print("pulled \(source) \(tree.root.digest) into \(destination) (\(tree.blobs.count) blobs, \(tree.totalBlobBytes) bytes)")
    }
}

/// `ecrguard copy SRC DST`: registry to registry, with cross-repository mounts on the same registry.
struct CopyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "copy", abstract: "Copy an image between repositories, registries, Regions or accounts.")

    @Argument(help: "Source: REGISTRY/REPOSITORY[:TAG|@sha256:DIGEST].")
    var source: String

    @Argument(help: "Destination: REGISTRY/REPOSITORY[:TAG].")
    var destination: String

    @OptionGroup(title: "Registry access") var access: RegistryAccessOptions
    @OptionGroup(title: "Preflight (pull on the source, push on the destination)") var preflight: PreflightOptions

    func validate() throws {
        if preflight.repositoryARN != nil { throw ValidationError("--repository-arn names one repository; copy reads both from ECR hosts") }
    }

    func run() throws {
        let session = try RegistrySession(access)
        let from = try session.parse(source)
        let to = try session.parse(destination)
        try preflight.check(.pull, on: from, session: session)
        try preflight.check(.push, on: to, session: session)
        let sourceClient = try session.client(for: from.registry)
        let destinationClient = from.registry == to.registry ? sourceClient : try session.client(for: to.registry)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ecrguard-copy-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let result = try ImageCommandSupport.run(explainingRefusal: {
            preflight.explainRefusal(.pull, on: from, session: session) + preflight.explainRefusal(.push, on: to, session: session)
        }) {
            try ImageTransfer.copy(from: from, client: sourceClient, to: to, client: destinationClient, scratch: scratch,
                                   parallelism: access.parallel, progress: session.progress("copy"))
        }
        print("copied \(from) to \(to) \(result.digest) (\(ImageCommandSupport.summary(result.blobs)))")
    }
}

enum ImageCommandSupport {
    /// An OCI layout when SOURCE (before any `:TAG`) is a directory, else a docker save archive.
    static func readLocal(_ source: String) throws -> LocalImage {
        let path = source.split(separator: ":", maxSplits: 1).first.map(String.init) ?? source
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory)
            || FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        guard exists else { throw CLIFailure.runtime("\(path): no such file or directory") }
        return try run { isDirectory.boolValue ? try OCIImageLayout.read(source) : try DockerArchive.read(source) }
    }

    /// Runs a transfer; a registry error becomes exit 2 with its message, and a refusal (401/403) is
    /// followed by what the preflight can say about it.
    static func run<T>(explainingRefusal: () -> String = { "" }, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as RegistryError {
            throw CLIFailure.runtime(error.description + (error.isDenied ? explainingRefusal() : ""))
        }
    }

    static func summary(_ outcomes: [BlobDigest: BlobUploadOutcome]) -> String {
        let counts = Dictionary(grouping: outcomes.values, by: { $0 }).mapValues(\.count)
        return [BlobUploadOutcome.uploaded, .mounted, .alreadyPresent].compactMap { outcome in
            counts[outcome].map { "\($0) \(outcome.rawValue)" }
        }.joined(separator: ", ")
    }
}
