/// Order-preserving de-duplication, case-insensitive, as IAM compares actions.
enum ActionList {
    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0.lowercased()).inserted }
    }
}
