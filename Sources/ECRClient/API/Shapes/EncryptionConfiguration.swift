public struct EncryptionConfiguration: Codable, Sendable, Equatable {
    /// `AES256`, `KMS` or `KMS_DSSE`.
    public var encryptionType: String
    public var kmsKey: String?
    public init(encryptionType: String, kmsKey: String? = nil) {
        self.encryptionType = encryptionType
        self.kmsKey = kmsKey
    }
}
