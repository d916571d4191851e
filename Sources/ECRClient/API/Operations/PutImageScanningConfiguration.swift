public struct PutImageScanningConfiguration: ECROperation {
    public static let operationName = "PutImageScanningConfiguration"
    public var registryId: String?
    public var repositoryName: String
    public var imageScanningConfiguration: ImageScanningConfiguration

    public init(repositoryName: String, scanOnPush: Bool, registryId: String? = nil) {
        self.repositoryName = repositoryName
        self.imageScanningConfiguration = ImageScanningConfiguration(scanOnPush: scanOnPush)
        self.registryId = registryId
    }

    public struct Response: Decodable, Sendable {
        public var registryId: String?
        public var repositoryName: String?
        public var imageScanningConfiguration: ImageScanningConfiguration?
    }
}
