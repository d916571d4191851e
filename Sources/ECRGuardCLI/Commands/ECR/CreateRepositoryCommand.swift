import ArgumentParser
import ECRClient

struct CreateRepositoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-repository", abstract: "Create a repository.")

    @OptionGroup var aws: AWSGlobalOptions
    @Option(name: .customLong("repository-name")) var repositoryName: String
    @Option(name: .customLong("registry-id")) var registryId: String?
    @Option(name: .customLong("image-tag-mutability"), help: "MUTABLE or IMMUTABLE.") var imageTagMutability: String?
    @Option(name: .customLong("image-scanning-configuration"), help: "scanOnPush=true|false, or JSON.") var imageScanningConfiguration: String?
    @Option(name: .customLong("encryption-configuration"), help: "encryptionType=AES256|KMS[,kmsKey=ARN], or JSON.") var encryptionConfiguration: String?
    @Option(name: .customLong("tags"), parsing: .upToNextOption, help: "Key=k,Value=v ... or a JSON array.") var tags: [String] = []

    func validate() throws {
        if let imageTagMutability, !["MUTABLE", "IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION", "MUTABLE_WITH_EXCLUSION"].contains(imageTagMutability) {
            throw ValidationError("--image-tag-mutability must be MUTABLE or IMMUTABLE")
        }
    }

    func run() throws {
        var body: [(String, JSONValue)] = [("repositoryName", .string(repositoryName))]
        if let registryId { body.append(("registryId", .string(registryId))) }
        if let imageTagMutability { body.append(("imageTagMutability", .string(imageTagMutability))) }
        if let imageScanningConfiguration {
            let value = try ParameterValue.structure(imageScanningConfiguration, option: "--image-scanning-configuration")
            guard value["scanOnPush"]?.boolValue != nil else {
                throw CLIFailure.usage("--image-scanning-configuration: expected scanOnPush=true or scanOnPush=false")
            }
            body.append(("imageScanningConfiguration", value))
        }
        if let encryptionConfiguration {
            let value = try ParameterValue.structure(encryptionConfiguration, option: "--encryption-configuration")
            guard value["encryptionType"]?.stringValue != nil else {
                throw CLIFailure.usage("--encryption-configuration: expected encryptionType=AES256 or encryptionType=KMS,kmsKey=ARN")
            }
            body.append(("encryptionConfiguration", value))
        }
        if !tags.isEmpty { body.append(("tags", try Self.parseTags(tags))) }
        let session = try ECRSession(aws)
        let answer = try session.invoke("CreateRepository", body: .object(body))
        try session.print(answer, operation: "CreateRepository")
    }

    /// `Key=team,Value=a Key=env,Value=prod` or one JSON array `[{"Key":..,"Value":..}]`.
    static func parseTags(_ values: [String]) throws -> JSONValue {
        if values.count == 1, values[0].trimmingCharacters(in: .whitespaces).hasPrefix("[") || values[0].hasPrefix("file://") {
            let parsed = try ParameterValue.structure(values[0], option: "--tags")
            guard parsed.arrayValue != nil else { throw CLIFailure.usage("--tags: expected a JSON array") }
            return parsed
        }
        return .array(try values.map { value in
            let tag = try ParameterValue.structure(value, option: "--tags")
            guard tag["Key"]?.stringValue != nil else { throw CLIFailure.usage("--tags: expected Key=K,Value=V, got '\(value)'") }
            return tag
        })
    }
}
