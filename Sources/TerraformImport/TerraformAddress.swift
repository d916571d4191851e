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
    static func segments(_ text: String) -> [(name: String, key: String?)]? {
        var result: [(name: String, key: String?)] = []
        var name = ""
        var key: String?
        var inKey = false
        var inQuote = false
        var escaped = false
        for ch in text {
            if inKey {
                if inQuote {
                    key!.append(ch)
                    if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == "\"" { inQuote = false }
                } else if ch == "\"" {
                    key!.append(ch); inQuote = true
                } else if ch == "]" {
                    inKey = false
                } else {
                    key!.append(ch)
                }
                continue
            }
            switch ch {
            case ".":
                guard !name.isEmpty else { return nil }
                result.append((name, key)); name = ""; key = nil
            case "[":
                guard !name.isEmpty, key == nil else { return nil }
                inKey = true; key = ""
            default:
                guard key == nil else { return nil }
                name.append(ch)
            }
        }
        guard !inKey, !name.isEmpty else { return nil }
        result.append((name, key))
        return result
    }
}
