import ArgumentParser

/// How an `ecrguard ecr` answer is printed: the AWS CLI's `--output` values.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument, Sendable {
    case json, text, table, yaml
    case yamlStream = "yaml-stream"

    /// The known values, for messages: `json, text, table, yaml, yaml-stream`.
    static var knownValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// The format the AWS CLI would use: `--output`, else `AWS_DEFAULT_OUTPUT`, else the profile's
    /// `output` setting, else json. A value from the environment or the profile that is not a format
    /// is a usage error (the AWS CLI fails on it too, but only after sending the request).
    static func resolve(option: OutputFormat?, environment: [String: String], profileSetting: String?) throws -> OutputFormat {
        if let option { return option }
        for (value, source) in [(environment["AWS_DEFAULT_OUTPUT"], "AWS_DEFAULT_OUTPUT"), (profileSetting, "the profile's output setting")] {
            guard let value else { continue }
            guard let format = OutputFormat(rawValue: value) else {
                throw CLIFailure.usage("\(source): unknown output format '\(value)'; use one of \(knownValues)")
            }
            return format
        }
        return .json
    }
}
