import ECRClient
import PolicyCore
import RegistryAudit
import RegistryImport

/// Principals of one account from its GAAD answer (the AWS CLI's shape), through the mapping
/// `import gaad` uses.
enum LiveIdentities {
    static func state(account: String, details: JSONValue, resourcePolicies: [String]) -> ImportedState {
        // Until the GAAD mapping is on main, the principals are not mapped: said as a gap, never dropped silently.
        ImportedState(manifest: Manifest(file: RegistryLoader.manifestName, registries: [], principals: [], expectations: []),
                      gaps: [ImportGap(code: ImportDescriptors.callFailed.code, location: LiveStateMapper.location(account, LiveCall.globalRegion),
                                       subject: "iam:GetAccountAuthorizationDetails \(account)/global",
                                       message: "the account's principals were read but not mapped into the manifest")],
                      provenance: ImportProvenance(source: "live"))
    }
}
