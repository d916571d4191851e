import ECRClient
import Foundation
import Registry

/// The Docker client's `config.json` (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`):
/// `credHelpers` per registry, the default `credsStore`, and inline `auths`.
struct DockerConfig {
    var credHelpers: [String: String] = [:]
    var credsStore: String?
    var auths: [String: String] = [:]

    static func path(environment: [String: String]) -> String {
        if let directory = environment["DOCKER_CONFIG"], !directory.isEmpty { return directory + "/config.json" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.docker/config.json"
    }

    static func load(environment: [String: String]) throws -> DockerConfig {
        let path = path(environment: environment)
        guard let data = FileManager.default.contents(atPath: path) else { return DockerConfig() }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CLIFailure.runtime("\(path): not a readable Docker config (JSON object expected)")
        }
        var config = DockerConfig()
        config.credHelpers = object["credHelpers"] as? [String: String] ?? [:]
        config.credsStore = object["credsStore"] as? String
        for (registry, value) in object["auths"] as? [String: Any] ?? [:] {
            if let auth = (value as? [String: Any])?["auth"] as? String { config.auths[registry] = auth }
        }
        return config
    }

    /// Credentials for `registry`, or nil when the config has none.
    func credentials(for registry: String) throws -> RegistryCredentials? {
        if let helper = credHelpers[registry] ?? credHelpers["https://" + registry] { return try Self.askHelper(helper, registry: registry) }
        for key in [registry, "https://" + registry, "http://" + registry] {
            if let auth = auths[key] {
                guard let decoded = Data(base64Encoded: auth).map({ String(decoding: $0, as: UTF8.self) }), let colon = decoded.firstIndex(of: ":") else {
                    throw CLIFailure.runtime("Docker config: the auth entry for \(registry) is not base64 user:password")
                }
                return .basic(username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
            }
        }
        if let credsStore { return try Self.askHelper(credsStore, registry: registry) }
        return nil
    }

    /// Runs `docker-credential-<helper> get` as Docker does: the server URL on stdin, JSON on stdout.
    static func askHelper(_ helper: String, registry: String) throws -> RegistryCredentials? {
        let name = "docker-credential-" + helper
        let path = (ProcessEnvironment.current()["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else { throw CLIFailure.runtime("Docker config names the credential helper \(name), which is not on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["get"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(registry.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            if String(decoding: data, as: UTF8.self).contains("credentials not found") { return nil }
            throw CLIFailure.runtime("\(name) get failed for \(registry) (exit \(process.terminationStatus))")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let user = object["Username"] as? String, let secret = object["Secret"] as? String else {
            throw CLIFailure.runtime("\(name) get: unreadable answer")
        }
        return .basic(username: user, password: secret)
    }
}
