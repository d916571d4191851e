public struct ImageScanningConfiguration: Codable, Sendable, Equatable {
    public var scanOnPush: Bool
    public init(scanOnPush: Bool) { self.scanOnPush = scanOnPush }
}
