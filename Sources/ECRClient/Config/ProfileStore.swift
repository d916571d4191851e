import Foundation

/// Profiles from the shared `config` file (`[profile NAME]`, `[default]`) merged with the shared
/// `credentials` file (`[NAME]`), whose values win, as in the AWS CLI.
public struct ProfileStore: Sendable, Equatable {
    public var config: SharedConfigFile
    public var credentials: SharedConfigFile

    public init(config: SharedConfigFile = SharedConfigFile(), credentials: SharedConfigFile = SharedConfigFile()) {
        self.config = config
        self.credentials = credentials
    }

    /// Reads the files named by `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`, or `~/.aws/config`
    /// and `~/.aws/credentials`.
    public static func load(environment: [String: String]) -> ProfileStore {
        let home = environment["HOME"] ?? NSHomeDirectory()
        func expand(_ path: String) -> String { path.hasPrefix("~/") ? home + path.dropFirst() : path }
        let configPath = environment["AWS_CONFIG_FILE"].map(expand) ?? home + "/.aws/config"
        let credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"].map(expand) ?? home + "/.aws/credentials"
        return ProfileStore(config: .load(path: configPath), credentials: .load(path: credentialsPath))
    }

    /// The merged settings of one profile, or nil when neither file has it.
    public func profile(_ name: String) -> [String: String]? {
        let configSection = name == "default"
            ? (config.sections["default"] ?? config.sections["profile default"])
            : config.sections["profile \(name)"]
        let credentialsSection = credentials.sections[name]
        if configSection == nil && credentialsSection == nil { return nil }
        return (configSection ?? [:]).merging(credentialsSection ?? [:]) { _, fromCredentials in fromCredentials }
    }

    /// `[sso-session X]`, `[services X]` and other named sections of the config file.
    public func section(_ kind: String, _ name: String) -> [String: String]? {
        config.sections["\(kind) \(name)"]
    }
}
