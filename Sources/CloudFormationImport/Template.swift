import RegistryAudit

/// The sections of one template the reader uses, by name.
struct Template {
    let file: String
    let root: TemplateValue
    let stackName: String
    let parameters: [String: TemplateValue]
    let mappings: TemplateValue?
    let conditions: [String: TemplateValue]
    /// In template order.
    let resources: [TemplateResource]

    init(root: TemplateValue, file: String, stackName: String) throws(TemplateSyntaxError) {
        guard root.members != nil else {
            throw TemplateSyntaxError("a template must be a mapping with a 'Resources' section, found \(root.typeDescription)", at: root.location)
        }
        self.file = file
        self.root = root
        self.stackName = stackName
        parameters = Self.named(root["Parameters"])
        mappings = root["Mappings"]
        conditions = Self.named(root["Conditions"])
        guard let resources = root["Resources"]?.members else {
            throw TemplateSyntaxError("a template must have a 'Resources' mapping", at: root["Resources"]?.location ?? root.location)
        }
        var read: [TemplateResource] = []
        for member in resources {
            guard let type = member.value["Type"]?.scalarText else {
                throw TemplateSyntaxError("resource '\(member.key)' has no 'Type'", at: member.keyLocation)
            }
            read.append(TemplateResource(logicalId: member.key, type: type, body: member.value, location: member.keyLocation))
        }
        self.resources = read
    }

    private static func named(_ section: TemplateValue?) -> [String: TemplateValue] {
        var out: [String: TemplateValue] = [:]
        for member in section?.members ?? [] where out[member.key] == nil { out[member.key] = member.value }
        return out
    }

    func resource(_ logicalId: String) -> TemplateResource? {
        resources.first { $0.logicalId == logicalId }
    }
}

/// One entry of `Resources`.
struct TemplateResource {
    let logicalId: String
    let type: String
    let body: TemplateValue
    /// Where the logical id is written.
    let location: ManifestLocation

    var properties: TemplateValue? { body["Properties"] }
    func property(_ name: String) -> TemplateValue? { properties?[name] }
}
