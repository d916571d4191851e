import PolicyCore
import RegistryAudit

/// Reads the resources of one template into `StackContents`.
struct TemplateReader {
    let template: Template
    let options: CloudFormationOptions
    let resolver: IntrinsicResolver

    init(template: Template, options: CloudFormationOptions) {
        self.template = template
        self.options = options
        resolver = IntrinsicResolver(template: template, options: options)
    }

    func read(into contents: inout StackContents) {
        var ignored: [String: Int] = [:]
        for resource in template.resources {
            guard isCreated(resource, contents: &contents) else { continue }
            switch resource.type {
            case "AWS::ECR::Repository": repository(resource, &contents)
            case "AWS::ECR::RegistryPolicy": registryPolicy(resource, &contents)
            case "AWS::ECR::ReplicationConfiguration": replication(resource, &contents)
            case "AWS::ECR::PullThroughCacheRule": pullThroughCache(resource, &contents)
            case "AWS::ECR::RegistryScanningConfiguration":
                contents.notes.append("\(template.file): \(resource.logicalId) (AWS::ECR::RegistryScanningConfiguration) is not part of the access model and was not audited")
            case "AWS::ECR::RepositoryCreationTemplate": creationTemplate(resource, &contents)
            case "AWS::IAM::Role": entity(resource, .role, &contents)
            case "AWS::IAM::User": entity(resource, .user, &contents)
            case "AWS::IAM::Group": entity(resource, .group, &contents)
            case "AWS::IAM::Policy", "AWS::IAM::RolePolicy", "AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy": inlinePolicy(resource, &contents)
            case "AWS::IAM::ManagedPolicy": managedPolicy(resource, &contents)
            case "AWS::IAM::UserToGroupAddition": groupAddition(resource, &contents)
            case "AWS::Organizations::Policy": organizationPolicy(resource, &contents)
            default: ignored[resource.type, default: 0] += 1
            }
        }
        for (type, count) in ignored.sorted(by: { $0.key < $1.key }) {
            contents.notes.append("\(template.file): \(count) \(type) resource\(count == 1 ? "" : "s") not part of the access model")
        }
        for (logicalId, name) in resolver.generatedNames.sorted(by: { $0.key < $1.key }) {
            contents.notes.append("\(template.file): \(logicalId) has no explicit name; CloudFormation generates one at deployment, written here as '\(name)'")
        }
    }

    // MARK: Helpers

    func subject(_ resource: TemplateResource, _ property: String? = nil) -> String {
        "Resources.\(resource.logicalId)" + (property.map { ".Properties.\($0)" } ?? "")
    }

    /// Whether the resource's `Condition` holds; an unknown condition is a gap and the resource is
    /// left out (it may or may not exist).
    func isCreated(_ resource: TemplateResource, contents: inout StackContents) -> Bool {
        guard let condition = resource.body["Condition"] else { return true }
        do throws(UnresolvedValue) {
            guard let name = condition.scalarText else { throw UnresolvedValue("a resource's Condition must name a condition", at: condition.location) }
            return try resolver.condition(name, at: condition.location)
        } catch {
            contents.gap("\(resource.logicalId) is created only if its condition holds, which is not known: \(error.message)", at: error.location, subject: subject(resource))
            return false
        }
    }

    /// Runs `body`; an unresolved value becomes a gap about `what` and nil.
    func attempt<T>(_ contents: inout StackContents, _ subject: String, _ body: () throws(UnresolvedValue) -> T) -> T? {
        do throws(UnresolvedValue) {
            return try body()
        } catch {
            contents.gap(error.message, at: error.location, subject: subject)
            return nil
        }
    }

    /// An optional property resolved (nil when absent or `AWS::NoValue`).
    func resolved(_ resource: TemplateResource, _ property: String) throws(UnresolvedValue) -> TemplateValue? {
        guard let value = resource.property(property) else { return nil }
        return try resolver.resolve(value)
    }

    /// A policy document (object or JSON string) as the policy file's text; nil when absent.
    func policy(_ value: TemplateValue?, origin: String, path: String, _ contents: inout StackContents) -> PolicyReference? {
        guard let value else { return nil }
        guard let resolved = attempt(&contents, origin, { () throws(UnresolvedValue) in try resolver.resolve(value) }) else { return nil }
        guard let resolved else { return nil }
        let text: String
        var sourceMap: [String: ManifestLocation] = [:]
        switch resolved.kind {
        case .string(let json):
            // A JSON string: pretty-printed when it parses; kept as written when not, so the audit
            // reports the syntax error in the policy file.
            if let node = try? JSONParser.parse(json) {
                text = OrderedJSON(node).rendered(.policy) + "\n"
                sourceMap = Self.literalSourceMap(of: value, resolved: node)
            } else {
                text = json
            }
        case .map:
            text = resolved.json.rendered(.policy) + "\n"
            sourceMap = resolved.sourceMap
        default:
            contents.gap("a policy document must be a mapping or a JSON string, found \(resolved.typeDescription)", at: value.location, subject: origin)
            return nil
        }
        contents.policies[path] = TemplatePolicy(text: text, origin: origin, location: value.location, sourceMap: sourceMap)
        return PolicyReference(path: path, location: value.location)
    }

    /// For a policy written as JSON in a YAML literal block (`|`, also under `!Sub`): where each part
    /// is in the template, read from the block as written (its `${...}` still in place). Empty when
    /// the written text is not JSON of the same shape as the resolved policy.
    static func literalSourceMap(of value: TemplateValue, resolved: JSONNode) -> [String: ManifestLocation] {
        var written = value
        if let (name, argument) = value.intrinsic, name == "Fn::Sub" {
            written = argument.elements?.first ?? argument
        }
        guard let block = written.literalBlock, let raw = written.scalarText, let node = try? JSONParser.parse(raw) else { return [:] }
        var map: [String: ManifestLocation] = [:]
        var resolvedPaths: Set<String> = []
        func walk(_ node: JSONNode, _ path: String, record: Bool) {
            if record {
                map[path] = block.location(file: value.location.file, line: node.span.start.line, column: node.span.start.column)
            } else {
                resolvedPaths.insert(path)
            }
            switch node.kind {
            case .object(let members):
                for member in members { walk(member.value, JSONNode.appending(key: member.key, to: path), record: record) }
            case .array(let elements):
                for (index, element) in elements.enumerated() { walk(element, path + "[\(index)]", record: record) }
            default: break
            }
        }
        walk(node, "", record: true)
        walk(resolved, "", record: false)
        guard Set(map.keys) == resolvedPaths else { return [:] }
        map[""] = value.location
        return map
    }

    static func pathName(_ path: String, _ name: String) -> String {
        String(path.drop { $0 == "/" }) + name
    }
}
