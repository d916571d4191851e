import Foundation

/// `credential_process`: runs the command and reads `{"Version": 1, "AccessKeyId", "SecretAccessKey",
/// "SessionToken", "Expiration"}` from its stdout. The output is never echoed in errors.
public struct ProcessCredentialSource: CredentialSource {
    public let name = "credential_process"
    public var command: String

    public init(command: String) { self.command = command }

    public func load(now: Date) throws(AWSClientError) -> AWSCredentials? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .credentials("credential_process could not start: \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .credentials("credential_process exited with status \(process.terminationStatus)")
        }
        guard let json = try? JSONValue.parse(data) else {
            throw .credentials("credential_process printed something that is not JSON")
        }
        if let version = json["Version"]?.doubleValue, version != 1 {
            throw .credentials("credential_process returned unsupported Version \(version)")
        }
        guard let key = json["AccessKeyId"]?.stringValue, let secret = json["SecretAccessKey"]?.stringValue else {
            throw .credentials("credential_process output lacks AccessKeyId or SecretAccessKey")
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: json["SessionToken"]?.stringValue,
                              expiration: json["Expiration"]?.stringValue.flatMap(ISOTimestamp.parse), source: name)
    }
}
