/// A resource instance address as Terraform writes it in plan and state JSON:
/// `module.ecr["api"].module.inner[0].data.aws_iam_policy_document.repository[0]`.
///
/// `modulePath` names the module instance (`module.ecr["api"].module.inner[0]`, empty at the root);
/// `configModule` drops the instance keys (`module.ecr.module.inner`), which is how the plan's
/// `configuration` section names modules; `configAddress` is the module-relative address without the
/// instance key (`data.aws_iam_policy_document.repository`), as `configuration` names resources.
public struct TerraformAddress: Sendable, Hashable, CustomStringConvertible {
    public var modulePath: String
    public var configModule: String
    public var isData: Bool
    public var type: String
    public var name: String
    /// The `count` index (`0`) or `for_each` key (`"api"`) as written, brackets removed; nil without one.
    public var instanceKey: String?
    /// The module instances from the root down (`module.ecr["api"]`, `module.inner[0]`).
    public var moduleInstances: [String]

    /// Parses an address; nil when it is not a resource address.
    public init?(_ text: String) {
        guard let segments = Self.segments(text) else { return nil }
        var modules: [(name: String, key: String?)] = []
        var i = 0
        while i + 1 < segments.count, segments[i].name == "module", segments[i].key == nil {
            modules.append((segments[i + 1].name, segments[i + 1].key))
            i += 2
        }
        var isData = false
        if i < segments.count, segments[i].name == "data", segments[i].key == nil { isData = true; i += 1 }
        guard segments.count - i == 2, segments[i].key == nil else { return nil }
        self.moduleInstances = modules.map { "module.\($0.name)" + ($0.key.map { "[\($0)]" } ?? "") }
        self.modulePath = moduleInstances.joined(separator: ".")
        self.configModule = modules.map { "module.\($0.name)" }.joined(separator: ".")
        self.isData = isData
        self.type = segments[i].name
        self.name = segments[i + 1].name
        self.instanceKey = segments[i + 1].key
    }

    /// `data.TYPE.NAME` or `TYPE.NAME`, relative to the module, without an instance key.
    public var configAddress: String { (isData ? "data." : "") + type + "." + name }

    /// The absolute address of every instance of this resource (no instance key).
    public var resourceAddress: String { Self.join(modulePath, configAddress) }

    public var description: String { resourceAddress + (instanceKey.map { "[\($0)]" } ?? "") }

    /// `prefix.rest`, or `rest` at the root.
    static func join(_ prefix: String, _ rest: String) -> String { prefix.isEmpty ? rest : prefix + "." + rest }

    /// Splits at dots outside brackets and quotes; each segment is a name with an optional `[key]`.
    /// Works on UTF-8 bytes (a large plan has thousands of addresses).
    static func segments(_ text: String) -> [(name: String, key: String?)]? {
        let bytes = Array(text.utf8)
        var result: [(name: String, key: String?)] = []
        var i = 0
        func string(_ from: Int, _ to: Int) -> String { String(decoding: bytes[from..<to], as: UTF8.self) }
        while i < bytes.count {
            let nameStart = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "."), bytes[i] != UInt8(ascii: "["), bytes[i] != UInt8(ascii: "]") { i += 1 }
            guard i > nameStart else { return nil }
            let name = string(nameStart, i)
            var key: String?
            if i < bytes.count, bytes[i] == UInt8(ascii: "[") {
                let keyStart = i + 1
                i += 1
                var inQuote = false
                var escaped = false
                while i < bytes.count {
                    let b = bytes[i]
                    if inQuote {
                        if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inQuote = false }
                    } else if b == UInt8(ascii: "\"") {
                        inQuote = true
                    } else if b == UInt8(ascii: "]") {
                        break
                    }
                    i += 1
                }
                guard i < bytes.count else { return nil }
                key = string(keyStart, i)
                i += 1
            }
            result.append((name, key))
            if i < bytes.count {
                guard bytes[i] == UInt8(ascii: "."), i + 1 < bytes.count else { return nil }
                i += 1
            }
        }
        return result.isEmpty ? nil : result
    }
}
