@testable import ECRClient
import Foundation
@testable import Registry
import TestSupport
import XCTest

/// `ecrguard push`, `pull` and `copy` against a real registry (docker-registry, htpasswd user `AWS` whose
/// password is the token moto issues), with skopeo as the independent client in both directions.
final class ImageTransferTests: MotoTestCase {
    nonisolated(unsafe) static var registries: [DockerRegistryServer] = []
    nonisolated(unsafe) static var token: String?

    override class func tearDown() {
        registries.forEach { $0.stop() }
        registries = []
        super.tearDown()
    }

    /// The password moto issues through GetAuthorizationToken (the registry's htpasswd holds it).
    func motoToken() throws -> String {
        if let token = Self.token { return token }
        let response = try moto().service().getAuthorizationToken()
        let token = try XCTUnwrap(response.authorizationData?.first?.decodedCredentials()?.password)
        Self.token = token
        return token
    }

    /// A fresh registry (its own storage) that accepts the moto token.
    func startRegistry(tls: Bool = false) throws -> DockerRegistryServer {
        let registry = try DockerRegistryServer(auth: .htpasswd(password: try motoToken()), tls: tls)
        Self.registries.append(registry)
        return registry
    }

    /// Runs ecrguard with an ECR token from moto (`--auth ecr`) against a plain-HTTP loopback registry.
    func ecrguard(_ arguments: [String], extra: [String] = ["--plain-http"]) throws -> CommandResult {
        let moto = try moto()
        return try runCommand(ecrguardPath(), arguments + extra + ["--auth", "ecr", "--endpoint-url", moto.endpoint, "--region", "us-east-1"],
                              environment: moto.environment())
    }

    func skopeo(_ arguments: [String]) throws -> CommandResult {
        try runCommand(try requireBinary("skopeo"), arguments, environment: childEnvironment([:]))
    }

    /// skopeo copies `reference` (all platforms) into a `dir:` directory, which keeps every manifest and
    /// blob byte for byte: blobs as `<hex>`, child manifests as `<hex>.manifest.json`, the top one as `manifest.json`.
    func skopeoPull(_ reference: String, into directory: URL, caBundle: String? = nil) throws {
        var tls = ["--src-tls-verify=false"]
        if let caBundle {
            // skopeo reads trusted CAs as *.crt files of a directory.
            let certificates = directory.deletingLastPathComponent().appendingPathComponent("skopeo-certs")
            try FileManager.default.createDirectory(at: certificates, withIntermediateDirectories: true)
            try Data(contentsOf: URL(fileURLWithPath: caBundle)).write(to: certificates.appendingPathComponent("ca.crt"))
            tls = ["--src-cert-dir", certificates.path]
        }
        let result = try skopeo(["copy", "--all", "--src-creds", "AWS:\(try motoToken())"] + tls + ["docker://\(reference)", "dir:\(directory.path)"])
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    /// Every blob and manifest of an OCI layout equals skopeo's copy of it, byte for byte.
    func assertSame(layout: URL, skopeoDirectory: URL, root: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let blobs = try FileManager.default.contentsOfDirectory(atPath: layout.appendingPathComponent("blobs/sha256").path)
        var compared = 0
        for hex in blobs {
            let mine = try Data(contentsOf: layout.appendingPathComponent("blobs/sha256/\(hex)"))
            let candidates = hex == root.replacingOccurrences(of: "sha256:", with: "") ? ["manifest.json"] : [hex, "\(hex).manifest.json"]
            guard let match = candidates.map({ skopeoDirectory.appendingPathComponent($0) }).first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
                XCTFail("skopeo did not fetch \(hex)", file: file, line: line)
                continue
            }
            XCTAssertEqual(mine, try Data(contentsOf: match), "blob \(hex) differs", file: file, line: line)
            compared += 1
        }
        let theirs = try FileManager.default.contentsOfDirectory(atPath: skopeoDirectory.path).filter { $0 != "version" }
        XCTAssertEqual(compared, theirs.count, "skopeo holds \(theirs.count) files, the layout \(compared)", file: file, line: line)
    }

    func testPushedOCIImageIsWhatSkopeoPulls() throws {
        let registry = try startRegistry()
        let work = try TemporaryDirectory(); defer { work.remove() }
        let layout = work.url.appendingPathComponent("layout")
        let digest = try makeImage(["oci", layout.path, "--layers", "3", "--layer-bytes", "50000"])
        let pushed = try ecrguard(["push", layout.path, "\(registry.address)/team/app:v1"])
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        XCTAssertTrue(pushed.stdout.contains("pushed \(registry.address)/team/app:v1 \(digest) (4 uploaded)"), pushed.stdout)
        let copy = work.url.appendingPathComponent("skopeo")
        try skopeoPull("\(registry.address)/team/app:v1", into: copy)
        try assertSame(layout: layout, skopeoDirectory: copy, root: digest)
        // A second push finds every blob present (HEAD) and moves no bytes.
        let again = try ecrguard(["push", layout.path, "\(registry.address)/team/app:v1"])
        XCTAssertTrue(again.stdout.contains("(4 already present)"), again.stdout + again.stderr)
    }

    func testChunkedPushOfMultiPlatformDockerListIsWhatSkopeoPulls() throws {
        let registry = try startRegistry()
        let work = try TemporaryDirectory(); defer { work.remove() }
        let layout = work.url.appendingPathComponent("layout")
        let digest = try makeImage(["oci", layout.path, "--docker", "--platforms", "linux/amd64,linux/arm64", "--layers", "2",
                                    "--layer-bytes", "2500000", "--raw", "--seed", "7"])
        // 1 MiB chunks: each 2.5 MB layer goes in three PATCH requests.
        let pushed = try ecrguard(["push", layout.path, "\(registry.address)/team/multi:v2", "--chunk-size", "1", "--parallel", "3"])
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        let copy = work.url.appendingPathComponent("skopeo")
        try skopeoPull("\(registry.address)/team/multi:v2", into: copy)
        try assertSame(layout: layout, skopeoDirectory: copy, root: digest)
        let inspect = try skopeo(["inspect", "--raw", "--tls-verify=false", "--creds", "AWS:\(try motoToken())", "docker://\(registry.address)/team/multi:v2"])
        XCTAssertEqual(BlobDigest.of(Data(inspect.stdout.utf8)).description, digest)
        XCTAssertTrue(inspect.stdout.contains(MediaType.dockerManifestList))
    }

    func testWhatSkopeoPushesEcrguardPullsByteIdentical() throws {
        let registry = try startRegistry()
        let work = try TemporaryDirectory(); defer { work.remove() }
        let layout = work.url.appendingPathComponent("layout")
        let digest = try makeImage(["oci", layout.path, "--platforms", "linux/amd64,linux/arm64", "--layers", "2", "--seed", "3"])
        let push = try skopeo(["copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", "AWS:\(try motoToken())",
                               "oci:\(layout.path):v1", "docker://\(registry.address)/from/skopeo:v1"])
        XCTAssertEqual(push.status, 0, push.stderr)
        let pulled = work.url.appendingPathComponent("pulled")
        let pull = try ecrguard(["pull", "\(registry.address)/from/skopeo:v1", pulled.path])
        XCTAssertEqual(pull.status, 0, pull.stderr)
        XCTAssertTrue(pull.stdout.contains(digest), pull.stdout)
        for hex in try FileManager.default.contentsOfDirectory(atPath: layout.appendingPathComponent("blobs/sha256").path) {
            XCTAssertEqual(try Data(contentsOf: layout.appendingPathComponent("blobs/sha256/\(hex)")),
                           try Data(contentsOf: pulled.appendingPathComponent("blobs/sha256/\(hex)")), hex)
        }
        // The pulled layout is one skopeo reads back: same digest.
        let inspect = try skopeo(["inspect", "--raw", "oci:\(pulled.path):v1"])
        XCTAssertEqual(inspect.status, 0, inspect.stderr)
        XCTAssertEqual(BlobDigest.of(Data(inspect.stdout.utf8)).description, digest)
    }

    func testDockerSaveArchiveIsPushedAsOCIImage() throws {
        let registry = try startRegistry()
        let work = try TemporaryDirectory(); defer { work.remove() }
        let archive = work.url.appendingPathComponent("image.tar")
        let info = try JSONSerialization.jsonObject(with: Data(try makeImage(["docker-archive", archive.path, "--tag", "app/x:v1", "--layers", "2"]).utf8)) as? [String: Any]
        let layers = try XCTUnwrap(info?["layers"] as? [String])
        let pushed = try ecrguard(["push", archive.path + ":app/x:v1", "\(registry.address)/team/archive:v1"])
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        let copy = work.url.appendingPathComponent("skopeo")
        try skopeoPull("\(registry.address)/team/archive:v1", into: copy)
        let manifest = try String(contentsOf: copy.appendingPathComponent("manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains(MediaType.ociManifest), manifest)
        for layer in layers {
            let hex = layer.replacingOccurrences(of: "sha256:", with: "")
            XCTAssertEqual(CryptoDigest.sha256Hex(try Data(contentsOf: copy.appendingPathComponent(hex))), hex)
        }
        XCTAssertEqual(try Data(contentsOf: copy.appendingPathComponent((info?["config"] as? String ?? "").replacingOccurrences(of: "sha256:", with: ""))).count > 0, true)
    }

    func testCorruptedBlobInRegistryIsDetectedAndNothingIsWritten() throws {
        let registry = try startRegistry()
        let work = try TemporaryDirectory(); defer { work.remove() }
        let layout = work.url.appendingPathComponent("layout")
        try makeImage(["oci", layout.path, "--layers", "1", "--layer-bytes", "20000", "--seed", "11"])
        XCTAssertEqual(try ecrguard(["push", layout.path, "\(registry.address)/team/corrupt:v1"]).status, 0)
        let manifest = try ImageManifest(bytes: try Data(contentsOf: try latestManifest(layout)), declaredType: nil, source: "test")
        let layer = try XCTUnwrap(manifest.layers.first)
        // Flip one byte of the stored layer behind the registry's back (same size).
        let stored = registry.blobDataPath(layer.digest.hex)
        var bytes = try Data(contentsOf: stored)
        bytes[bytes.count / 2] ^= 0xff
        try bytes.write(to: stored)
        let destination = work.url.appendingPathComponent("pulled")
        let pull = try ecrguard(["pull", "\(registry.address)/team/corrupt:v1", destination.path])
        XCTAssertEqual(pull.status, 2)
        XCTAssertTrue(pull.stderr.contains("blob \(layer.digest) arrived with digest sha256:"), pull.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: destination.path))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: work.url.path).sorted(), ["layout"], "no staging directory is left")
    }

    func testCorruptedLocalBlobIsNotPushed() throws {
        let registry = try startRegistry()
        let work = try TemporaryDirectory(); defer { work.remove() }
        let layout = work.url.appendingPathComponent("layout")
        try makeImage(["oci", layout.path, "--layers", "2", "--layer-bytes", "3000000", "--raw", "--seed", "12"])
        let manifest = try ImageManifest(bytes: try Data(contentsOf: try latestManifest(layout)), declaredType: nil, source: "test")
        for layer in manifest.layers {
            let path = layout.appendingPathComponent("blobs/sha256/\(layer.digest.hex)")
            var bytes = try Data(contentsOf: path)
            bytes[10] ^= 0x01
            try bytes.write(to: path)
        }
        for chunk in ["1", "8"] {   // chunked (checked before commit) and monolithic (refused with the digest)
            let pushed = try ecrguard(["push", layout.path, "\(registry.address)/team/local-corrupt:v1", "--chunk-size", chunk, "--parallel", "1"])
            XCTAssertEqual(pushed.status, 2, "chunk \(chunk): " + pushed.stdout)
            XCTAssertTrue(pushed.stderr.contains("it is corrupt and was not pushed"), pushed.stderr)
        }
        let inspect = try skopeo(["inspect", "--raw", "--tls-verify=false", "--creds", "AWS:\(try motoToken())", "docker://\(registry.address)/team/local-corrupt:v1"])
        XCTAssertNotEqual(inspect.status, 0, "no manifest may exist")
        for layer in manifest.layers {
            XCTAssertFalse(FileManager.default.fileExists(atPath: registry.blobDataPath(layer.digest.hex).path), "blob \(layer.digest) was committed")
        }
    }

    func testCopyMountsWithinARegistryAndUploadsAcrossRegistries() throws {
        let first = try startRegistry()
        let second = try startRegistry()
        let work = try TemporaryDirectory(); defer { work.remove() }
        let layout = work.url.appendingPathComponent("layout")
        let digest = try makeImage(["oci", layout.path, "--platforms", "linux/amd64,linux/arm64", "--layers", "1", "--seed", "21"])
        XCTAssertEqual(try ecrguard(["push", layout.path, "\(first.address)/src/app:v1"]).status, 0)
        let mounted = try ecrguard(["copy", "\(first.address)/src/app:v1", "\(first.address)/dst/app:v1"])
        XCTAssertEqual(mounted.status, 0, mounted.stderr)
        XCTAssertTrue(mounted.stdout.contains("\(digest) (4 mounted)"), mounted.stdout)
        let across = try ecrguard(["copy", "\(first.address)/src/app:v1", "\(second.address)/other/app:v9"])
        XCTAssertEqual(across.status, 0, across.stderr)
        XCTAssertTrue(across.stdout.contains("\(digest) (4 uploaded)"), across.stdout)
        let copy = work.url.appendingPathComponent("skopeo")
        try skopeoPull("\(second.address)/other/app:v9", into: copy)
        try assertSame(layout: layout, skopeoDirectory: copy, root: digest)
    }

    func testTLSRegistryIsTrustedOnlyThroughTheGivenCA() throws {
        let registry = try startRegistry(tls: true)
        let caBundle = try XCTUnwrap(registry.caBundle)
        let work = try TemporaryDirectory(); defer { work.remove() }
        let layout = work.url.appendingPathComponent("layout")
        let digest = try makeImage(["oci", layout.path, "--layers", "2", "--seed", "31"])
        let refused = try ecrguard(["push", layout.path, "\(registry.address)/tls/app:v1"], extra: [])
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.stderr.contains("TLS error") || refused.stderr.contains("certificate"), refused.stderr)
        let pushed = try ecrguard(["push", layout.path, "\(registry.address)/tls/app:v1"], extra: ["--ca-bundle", caBundle])
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        let pulled = work.url.appendingPathComponent("pulled")
        let pull = try ecrguard(["pull", "\(registry.address)/tls/app:v1", pulled.path], extra: ["--ca-bundle", caBundle])
        XCTAssertEqual(pull.status, 0, pull.stderr)
        let copy = work.url.appendingPathComponent("skopeo")
        try skopeoPull("\(registry.address)/tls/app:v1", into: copy, caBundle: caBundle)
        try assertSame(layout: pulled, skopeoDirectory: copy, root: digest)
    }

    func testTokenNeverAppearsInDebugOutput() throws {
        let registry = try startRegistry()
        let work = try TemporaryDirectory(); defer { work.remove() }
        let layout = work.url.appendingPathComponent("layout")
        try makeImage(["oci", layout.path, "--layers", "1", "--seed", "41"])
        let pushed = try ecrguard(["push", layout.path, "\(registry.address)/team/secret:v1", "--debug"])
        XCTAssertEqual(pushed.status, 0, pushed.stderr)
        let basic = Data("AWS:\(try motoToken())".utf8).base64EncodedString()
        for output in [pushed.stdout, pushed.stderr] {
            XCTAssertFalse(output.contains(try motoToken()))
            XCTAssertFalse(output.contains(basic))
        }
        XCTAssertTrue(pushed.stderr.contains("Authorization: \(SecretRedactor.mask)"), "the debug log shows the header, masked")
    }

    func testPlainHTTPIsRefusedForARemoteRegistry() throws {
        let work = try TemporaryDirectory(); defer { work.remove() }
        let result = try runCommand(ecrguardPath(), ["pull", "registry.example.com/app:v1", work.url.appendingPathComponent("x").path,
                                                     "--plain-http", "--auth", "anonymous"], environment: childEnvironment([:]))
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("plain HTTP is accepted only for a loopback registry"), result.stderr)
    }

    /// The manifest named by a layout's index.json.
    func latestManifest(_ layout: URL) throws -> URL {
        let index = try JSONSerialization.jsonObject(with: Data(contentsOf: layout.appendingPathComponent("index.json"))) as? [String: Any]
        let digest = try XCTUnwrap(((index?["manifests"] as? [[String: Any]])?.first?["digest"] as? String))
        return layout.appendingPathComponent("blobs/sha256/" + digest.replacingOccurrences(of: "sha256:", with: ""))
    }
}
