import Foundation
import RegistryAudit

/// A value the template leaves to deployment time or to another stack, which the reader cannot
/// know: reported as `IAC_VALUE_UNKNOWN` at `location`, never replaced by a guess.
struct UnresolvedValue: Error {
    var location: ManifestLocation
    var message: String

    init(_ message: String, at location: ManifestLocation) {
        self.message = message
        self.location = location
    }
}

/// Evaluates CloudFormation's intrinsic functions and conditions over one template, as CloudFormation
/// does at deployment: `Ref`, `Fn::GetAtt`, `Fn::Sub` (both forms), `Fn::Join`, `Fn::Select`,
/// `Fn::Split`, `Fn::If` with `Conditions` (`Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`,
/// `Condition`), `Fn::FindInMap`, `Fn::ImportValue`, `AWS::NoValue`, pseudo parameters and dynamic
/// references (`{{resolve:ssm:...}}`). Values only known after deployment or from outside the
/// template (`--import`) throw `UnresolvedValue`.
final class IntrinsicResolver {
    let template: Template
    let options: CloudFormationOptions
    /// Names the reader made up for resources CloudFormation would name, by logical id (for notes).
    private(set) var generatedNames: [String: String] = [:]
    private var conditionValues: [String: Bool] = [:]
    private var conditionsInProgress: Set<String> = []
    private var namesInProgress: Set<String> = []

    init(template: Template, options: CloudFormationOptions) {
        self.template = template
        self.options = options
    }

    // MARK: Values

    /// The value with every intrinsic function evaluated; nil where it is `AWS::NoValue` (a map
    /// member or list element whose value is nil is left out, as CloudFormation does).
    func resolve(_ value: TemplateValue) throws(UnresolvedValue) -> TemplateValue? {
        if let (name, argument) = value.intrinsic {
            return try call(name, argument, at: value.location)
        }
        switch value.kind {
        case .string(let text):
            guard text.contains("{{resolve:") else { return value }
            return TemplateValue(.string(try dynamicReferences(in: text, at: value.location)), at: value.location)
        case .number, .bool, .null:
            return value
        case .list(let elements):
            var out: [TemplateValue] = []
            for element in elements { if let resolved = try resolve(element) { out.append(resolved) } }
            return TemplateValue(.list(out), at: value.location)
        case .map(let members):
            var out: [TemplateMember] = []
            for member in members {
                if let resolved = try resolve(member.value) { out.append(TemplateMember(key: member.key, keyLocation: member.keyLocation, value: resolved)) }
            }
            return TemplateValue(.map(out), at: value.location)
        }
    }

    /// A value that must resolve to text (numbers and booleans as written).
    func string(_ value: TemplateValue, _ what: String) throws(UnresolvedValue) -> String {
        guard let resolved = try resolve(value) else {
            throw UnresolvedValue("\(what) is AWS::NoValue where a value is required", at: value.location)
        }
        guard let text = resolved.scalarText else {
            throw UnresolvedValue("\(what) must be text, found \(resolved.typeDescription)", at: value.location)
        }
        return text
    }

    /// A value that must resolve to a list of text.
    func strings(_ value: TemplateValue, _ what: String) throws(UnresolvedValue) -> [String] {
        guard let resolved = try resolve(value) else { return [] }
        guard let elements = resolved.elements else {
            throw UnresolvedValue("\(what) must be a list, found \(resolved.typeDescription)", at: value.location)
        }
        var out: [String] = []
        for element in elements {
            guard let text = element.scalarText else {
                throw UnresolvedValue("elements of \(what) must be text, found \(element.typeDescription)", at: element.location)
            }
            out.append(text)
        }
        return out
    }

    private func call(_ name: String, _ argument: TemplateValue, at location: ManifestLocation) throws(UnresolvedValue) -> TemplateValue? {
        switch name {
        case "Ref":
            return try ref(try string(argument, "the argument of Ref"), at: location)
        case "Fn::GetAtt":
            let (logicalId, attribute) = try getAttArguments(argument)
            return TemplateValue(.string(try attributeValue(logicalId, attribute, at: location)), at: location)
        case "Fn::Sub":
            return TemplateValue(.string(try sub(argument, at: location)), at: location)
        case "Fn::Join":
            let (delimiter, list) = try pair(argument, "Fn::Join", "[delimiter, [values]]")
            let separator = try string(delimiter, "the delimiter of Fn::Join")
            return TemplateValue(.string(try strings(list, "the values of Fn::Join").joined(separator: separator)), at: location)
        case "Fn::Select":
            let (indexValue, list) = try pair(argument, "Fn::Select", "[index, [values]]")
            let indexText = try string(indexValue, "the index of Fn::Select")
            guard let elements = try resolve(list)?.elements else {
                throw UnresolvedValue("the values of Fn::Select must be a list", at: list.location)
            }
            guard let index = Int(indexText), elements.indices.contains(index) else {
                throw UnresolvedValue("Fn::Select index \(indexText) is outside the list of \(elements.count) values", at: indexValue.location)
            }
            return elements[index]
        case "Fn::Split":
            let (delimiter, source) = try pair(argument, "Fn::Split", "[delimiter, text]")
            let separator = try string(delimiter, "the delimiter of Fn::Split")
            guard !separator.isEmpty else { throw UnresolvedValue("the delimiter of Fn::Split must not be empty", at: delimiter.location) }
            let text = try string(source, "the text of Fn::Split")
            let parts = text.components(separatedBy: separator).map { TemplateValue(.string($0), at: location) }
            return TemplateValue(.list(parts), at: location)
        case "Fn::If":
            guard let items = argument.elements, items.count == 3, let conditionName = items[0].scalarText else {
                throw UnresolvedValue("Fn::If takes [condition name, value if true, value if false]", at: location)
            }
            return try resolve(try condition(conditionName, at: items[0].location) ? items[1] : items[2])
        case "Fn::FindInMap":
            return try findInMap(argument, at: location)
        case "Fn::ImportValue":
            let export = try string(argument, "the export name of Fn::ImportValue")
            guard let value = options.imports[export] else {
                throw UnresolvedValue("Fn::ImportValue '\(export)' is the output of another stack; pass --import \(export)=VALUE", at: location)
            }
            return TemplateValue(.string(value), at: location)
        default:
            throw UnresolvedValue("\(name) is not evaluated by ecrguard; the value is known only at deployment", at: location)
        }
    }

    private func pair(_ argument: TemplateValue, _ function: String, _ shape: String) throws(UnresolvedValue) -> (TemplateValue, TemplateValue) {
        guard let items = argument.elements, items.count == 2 else {
            throw UnresolvedValue("\(function) takes \(shape), found \(argument.typeDescription)", at: argument.location)
        }
        return (items[0], items[1])
    }

    // MARK: Ref and GetAtt

    private func ref(_ name: String, at location: ManifestLocation) throws(UnresolvedValue) -> TemplateValue? {
        if name == "AWS::NoValue" { return nil }
        if name.hasPrefix("AWS::") {
            return TemplateValue(.string(try pseudoParameter(name, at: location)), at: location)
        }
        if let definition = template.parameters[name] {
            return try parameter(name, definition, at: location)
        }
        if let resource = template.resource(name) {
            return TemplateValue(.string(try referenceValue(resource, at: location)), at: location)
        }
        throw UnresolvedValue("Ref names '\(name)', which is neither a parameter nor a resource of the template", at: location)
    }

    private func pseudoParameter(_ name: String, at location: ManifestLocation) throws(UnresolvedValue) -> String {
        switch name {
        case "AWS::AccountId": return options.account
        case "AWS::Region": return options.region
        case "AWS::Partition": return options.partition
        case "AWS::URLSuffix": return options.urlSuffix
        case "AWS::StackName": return template.stackName
        case "AWS::StackId":
            return "arn:\(options.partition):cloudformation:\(options.region):\(options.account):stack/\(template.stackName)/GENERATED"
        default:
            throw UnresolvedValue("\(name) is known only at deployment", at: location)
        }
    }

    private func parameter(_ name: String, _ definition: TemplateValue, at location: ManifestLocation) throws(UnresolvedValue) -> TemplateValue {
        let type = definition["Type"]?.scalarText ?? "String"
        let given = options.parameters[name] ?? definition["Default"]?.scalarText
        guard var text = given else {
            throw UnresolvedValue("parameter '\(name)' has no value and no Default; pass --parameter \(name)=VALUE", at: location)
        }
        if type.hasPrefix("AWS::SSM::Parameter::Value<") {
            guard let value = options.imports["ssm:" + text] else {
                throw UnresolvedValue("parameter '\(name)' is read from SSM parameter '\(text)' at deployment; pass --import ssm:\(text)=VALUE", at: location)
            }
            text = value
        }
        if let allowed = definition["AllowedValues"]?.elements?.compactMap(\.scalarText), !allowed.isEmpty, !type.hasPrefix("List<"),
           type != "CommaDelimitedList", !allowed.contains(text) {
            throw UnresolvedValue("parameter '\(name)' is not one of its AllowedValues; CloudFormation would reject the stack", at: location)
        }
        if type == "CommaDelimitedList" || type.hasPrefix("List<") || type.hasPrefix("AWS::SSM::Parameter::Value<List<") {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
                TemplateValue(.string($0.trimmingCharacters(in: .whitespaces)), at: location)
            }
            return TemplateValue(.list(parts), at: location)
        }
        return TemplateValue(.string(text), at: location)
    }

    private func getAttArguments(_ argument: TemplateValue) throws(UnresolvedValue) -> (String, String) {
        if let text = argument.scalarText, let dot = text.firstIndex(of: ".") {
            return (String(text[..<dot]), String(text[text.index(after: dot)...]))
        }
        if let items = argument.elements, items.count == 2, let logicalId = items[0].scalarText {
            return (logicalId, try string(items[1], "the attribute name of Fn::GetAtt"))
        }
        throw UnresolvedValue("Fn::GetAtt takes 'LogicalId.Attribute' or [LogicalId, Attribute]", at: argument.location)
    }

    /// What `Ref` returns for a resource: names for repositories, roles, users and groups, the ARN
    /// for managed policies. Other resource types are known only after deployment.
    func referenceValue(_ resource: TemplateResource, at location: ManifestLocation) throws(UnresolvedValue) -> String {
        switch resource.type {
        case "AWS::ECR::Repository", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group":
            return try physicalName(resource)
        case "AWS::IAM::ManagedPolicy":
            return try arn(of: resource)
        case "AWS::ECR::RegistryPolicy", "AWS::ECR::ReplicationConfiguration", "AWS::ECR::RegistryScanningConfiguration":
            return options.account
        default:
            throw UnresolvedValue("Ref \(resource.logicalId) (\(resource.type)) is known only after deployment", at: location)
        }
    }

    func attributeValue(_ logicalId: String, _ attribute: String, at location: ManifestLocation) throws(UnresolvedValue) -> String {
        guard let resource = template.resource(logicalId) else {
            throw UnresolvedValue("Fn::GetAtt names '\(logicalId)', which is not a resource of the template", at: location)
        }
        switch (resource.type, attribute) {
        case ("AWS::ECR::Repository", "Arn"), ("AWS::IAM::Role", "Arn"), ("AWS::IAM::User", "Arn"), ("AWS::IAM::Group", "Arn"),
             ("AWS::IAM::ManagedPolicy", "PolicyArn"):
            return try arn(of: resource)
        case ("AWS::ECR::Repository", "RepositoryUri"):
            return "\(options.account).dkr.ecr.\(options.region).\(options.urlSuffix)/\(try physicalName(resource))"
        default:
            throw UnresolvedValue("Fn::GetAtt \(logicalId).\(attribute) (\(resource.type)) is known only after deployment", at: location)
        }
    }

    /// The ARN of a repository, role, user, group or managed policy of the template.
    func arn(of resource: TemplateResource) throws(UnresolvedValue) -> String {
        let name = try physicalName(resource)
        let partition = options.partition
        switch resource.type {
        case "AWS::ECR::Repository": return "arn:\(partition):ecr:\(options.region):\(options.account):repository/\(name)"
        case "AWS::IAM::Role": return "arn:\(partition):iam::\(options.account):role\(try path(of: resource))\(name)"
        case "AWS::IAM::User": return "arn:\(partition):iam::\(options.account):user\(try path(of: resource))\(name)"
        case "AWS::IAM::Group": return "arn:\(partition):iam::\(options.account):group\(try path(of: resource))\(name)"
        case "AWS::IAM::ManagedPolicy": return "arn:\(partition):iam::\(options.account):policy\(try path(of: resource))\(name)"
        default: throw UnresolvedValue("the ARN of \(resource.logicalId) (\(resource.type)) is known only after deployment", at: resource.location)
        }
    }

    /// `Path` of an IAM resource, `/` when absent.
    func path(of resource: TemplateResource) throws(UnresolvedValue) -> String {
        guard let value = resource.property("Path") else { return "/" }
        return try string(value, "Path of \(resource.logicalId)")
    }

    /// The property CloudFormation takes a resource's name from.
    static func nameProperty(of type: String) -> String? {
        switch type {
        case "AWS::ECR::Repository": "RepositoryName"
        case "AWS::IAM::Role": "RoleName"
        case "AWS::IAM::User": "UserName"
        case "AWS::IAM::Group": "GroupName"
        case "AWS::IAM::ManagedPolicy": "ManagedPolicyName"
        default: nil
        }
    }

    /// The resource's name as written, or the stable placeholder `<stack>-<LogicalId>-GENERATED`
    /// where CloudFormation would generate one (lowercase for repositories, whose names must be).
    func physicalName(_ resource: TemplateResource) throws(UnresolvedValue) -> String {
        if let property = Self.nameProperty(of: resource.type), let value = resource.property(property) {
            guard namesInProgress.insert(resource.logicalId).inserted else {
                throw UnresolvedValue("the name of \(resource.logicalId) refers to itself", at: value.location)
            }
            defer { namesInProgress.remove(resource.logicalId) }
            if let resolved = try resolve(value) {
                guard let text = resolved.scalarText else {
                    throw UnresolvedValue("\(property) of \(resource.logicalId) must be text, found \(resolved.typeDescription)", at: value.location)
                }
                return text
            }
        }
        var name = "\(template.stackName)-\(resource.logicalId)-GENERATED"
        if resource.type == "AWS::ECR::Repository" { name = name.lowercased() }
        generatedNames[resource.logicalId] = name
        return name
    }

    // MARK: Sub

    private func sub(_ argument: TemplateValue, at location: ManifestLocation) throws(UnresolvedValue) -> String {
        var text: String
        var variables: [String: TemplateValue] = [:]
        if let items = argument.elements {
            guard items.count == 2, let body = items[0].scalarText, let map = items[1].members else {
                throw UnresolvedValue("Fn::Sub takes a string or [string, {variables}]", at: location)
            }
            text = body
            for member in map { variables[member.key] = member.value }
        } else if let body = argument.scalarText {
            text = body
        } else {
            throw UnresolvedValue("Fn::Sub takes a string or [string, {variables}], found \(argument.typeDescription)", at: location)
        }
        var out = ""
        while let open = text.range(of: "${") {
            out += text[..<open.lowerBound]
            let rest = text[open.upperBound...]
            guard let close = rest.firstIndex(of: "}") else {
                out += text[open.lowerBound...]
                text = ""
                break
            }
            let name = String(rest[..<close])
            if name.hasPrefix("!") {
                out += "${" + name.dropFirst() + "}"
            } else if let value = variables[name] {
                out += try string(value, "the Fn::Sub variable '\(name)'")
            } else if !name.hasPrefix("AWS::"), let dot = name.firstIndex(of: ".") {
                out += try attributeValue(String(name[..<dot]), String(name[name.index(after: dot)...]), at: location)
            } else {
                guard let value = try ref(name.trimmingCharacters(in: .whitespaces), at: location), let piece = value.scalarText else {
                    throw UnresolvedValue("the Fn::Sub variable '\(name)' is not text", at: location)
                }
                out += piece
            }
            text = String(rest[rest.index(after: close)...])
        }
        out += text
        return try dynamicReferences(in: out, at: location)
    }

    /// `{{resolve:ssm:NAME}}` and the like, replaced by their `--import` values.
    private func dynamicReferences(in text: String, at location: ManifestLocation) throws(UnresolvedValue) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{resolve:") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let reference = String(rest[open.upperBound..<close.lowerBound])
            guard let value = options.imports[reference] else {
                throw UnresolvedValue("the dynamic reference {{resolve:\(reference)}} is read at deployment; pass --import \(reference)=VALUE", at: location)
            }
            out += value
            rest = rest[close.upperBound...]
        }
        return out + rest
    }

    // MARK: Mappings

    private func findInMap(_ argument: TemplateValue, at location: ManifestLocation) throws(UnresolvedValue) -> TemplateValue? {
        guard let items = argument.elements, items.count == 3 else {
            throw UnresolvedValue("Fn::FindInMap takes [map name, top-level key, second-level key]", at: location)
        }
        let mapName = try string(items[0], "the map name of Fn::FindInMap")
        let topKey = try string(items[1], "the top-level key of Fn::FindInMap")
        let secondKey = try string(items[2], "the second-level key of Fn::FindInMap")
        guard let map = template.mappings?[mapName] else {
            throw UnresolvedValue("Fn::FindInMap names mapping '\(mapName)', which 'Mappings' does not define", at: location)
        }
        guard let top = map[topKey] else {
            throw UnresolvedValue("mapping '\(mapName)' has no key '\(topKey)'", at: location)
        }
        guard let value = top[secondKey] else {
            throw UnresolvedValue("mapping '\(mapName)' has no key '\(topKey)'.'\(secondKey)'", at: location)
        }
        return try resolve(value)
    }

    // MARK: Conditions

    /// The value of a condition of the `Conditions` section (each evaluated once).
    func condition(_ name: String, at location: ManifestLocation) throws(UnresolvedValue) -> Bool {
        if let known = conditionValues[name] { return known }
        guard let definition = template.conditions[name] else {
            throw UnresolvedValue("condition '\(name)' is not defined in 'Conditions'", at: location)
        }
        guard conditionsInProgress.insert(name).inserted else {
            throw UnresolvedValue("condition '\(name)' depends on itself", at: definition.location)
        }
        defer { conditionsInProgress.remove(name) }
        let value = try evaluate(definition)
        conditionValues[name] = value
        return value
    }

    private func evaluate(_ expression: TemplateValue) throws(UnresolvedValue) -> Bool {
        if let members = expression.members, members.count == 1, members[0].key == "Condition", let name = members[0].value.scalarText {
            return try condition(name, at: members[0].value.location)
        }
        guard let (name, argument) = expression.intrinsic else {
            if case .bool(let b) = expression.kind { return b }
            throw UnresolvedValue("a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or Condition", at: expression.location)
        }
        switch name {
        case "Fn::Equals":
            let (a, b) = try pair(argument, "Fn::Equals", "[value, value]")
            return try comparable(a) == comparable(b)
        case "Fn::And", "Fn::Or":
            guard let items = argument.elements, (2...10).contains(items.count) else {
                throw UnresolvedValue("\(name) takes a list of 2 to 10 conditions", at: argument.location)
            }
            var results: [Bool] = []
            for item in items { results.append(try evaluate(item)) }
            return name == "Fn::And" ? results.allSatisfy { $0 } : results.contains(true)
        case "Fn::Not":
            guard let items = argument.elements, items.count == 1 else {
                throw UnresolvedValue("Fn::Not takes a list of one condition", at: argument.location)
            }
            return !(try evaluate(items[0]))
        default:
            throw UnresolvedValue("\(name) cannot be used as a condition", at: expression.location)
        }
    }

    private func comparable(_ value: TemplateValue) throws(UnresolvedValue) -> String {
        guard let resolved = try resolve(value) else { return "" }
        if let text = resolved.scalarText { return text }
        return resolved.json.rendered(.canonical)
    }
}
