/// The version sent in the user agent.
public enum ECRClientVersion {
    public static let current = "0.1.0"
}
