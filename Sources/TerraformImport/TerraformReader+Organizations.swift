import PolicyCore
import RegistryAudit

/// AWS Organizations: service and resource control policies and their attachments.
///
/// A plan names the policies it manages and the targets it attaches them to, but not the other
/// policies attached at each level of the organization (FullAWSAccess, policies managed elsewhere),
/// so it cannot give a principal its complete per-level SCP lists. Each attachment is therefore a gap
/// (`IAC_UNSUPPORTED`) naming the policy and target: the manifest's `serviceControlPolicies` (and
/// registry RCPs) stay the team's to write (a plan laid over a manifest keeps them), and the gate does
/// not pass as if the change to them had been checked.
extension TerraformReader {
    mutating func readOrganizations() {
        var kinds: [String: String] = [:]
        for resource in resources("aws_organizations_policy") {
            guard let type = string(resource, "type") ?? nil else { continue }
            let kind = type == "SERVICE_CONTROL_POLICY" ? "service control policy" : type == "RESOURCE_CONTROL_POLICY" ? "resource control policy" : nil
            guard let kind else { continue }
            kinds[resource.address.resourceAddress] = kind
            if case .known(let node) = resource.value("id"), let id = node.stringValue { kinds[id] = kind }
            // An unknown document is a gap even before it is attached.
            _ = string(resource, "content")
        }
        for resource in resources("aws_organizations_policy_attachment") {
            var kind: String?
            var policyName = "a policy"
            switch resource.value("policy_id") {
            case .known(let node):
                policyName = node.stringValue ?? policyName
                kind = node.stringValue.flatMap { kinds[$0] }
            case .unknown, .absent:
                let targets = document.referencedResources(resource.references("policy_id"), from: resource, type: "aws_organizations_policy",
                                                           among: resources("aws_organizations_policy"))
                if targets.count == 1 {
                    policyName = targets[0].addressText
                    kind = kinds[targets[0].address.resourceAddress]
                } else {
                    kind = "service or resource control policy"
                }
            }
            guard let kind else { continue }
            let target: String = {
                if case .known(let node) = resource.value("target_id"), let id = node.stringValue { return id }
                return TerraformDocument.mostSpecific(document.dependencies(of: resource, attribute: "target_id")).joined(separator: ", ")
            }()
            gap("IAC_UNSUPPORTED", resource, subject: resource.addressText,
                "\(resource.addressText) attaches \(kind) \(policyName) to \(target.isEmpty ? "a target known only after apply" : target); a plan does not hold every policy attached at each level of the organization, so control policies are not applied from it: list them per level in the manifest")
        }
    }
}
