import ECRClient
import PolicyCore
import RegistryAudit
import RegistryImport

/// Principals of one account from its GAAD answer, through the reader and mapping `import gaad` uses:
/// the answer, already in the AWS CLI's shape, is read as a GAAD file named `live:ACCOUNT/global`.
enum LiveIdentities {
    static func state(account: String, details: JSONValue, resourcePolicies: [String]) -> ImportedState {
        let source = "live:\(account)/\(LiveCall.globalRegion)"
        let here = ManifestLocation(file: source, line: 1, column: 1)
        let read: GAADFileReader.Result
        do { read = try GAADFileReader.read(details.rendered(.compact), file: source) } catch {
            let gap = ImportGap(code: ImportDescriptors.callFailed.code, location: here, subject: "iam:GetAccountAuthorizationDetails \(account)/global",
                                message: "the answer could not be read (\(error.errors.map(\.message).joined(separator: "; "))); the account's principals are not in the manifest")
            return ImportedState(manifest: Manifest(file: RegistryLoader.manifestName, registries: [], principals: [], expectations: []),
                                 gaps: [gap], provenance: ImportProvenance(source: "live"))
        }
        let named = GAADImport.namedPrincipals(in: read.snapshot, resourcePolicies: resourcePolicies)
        let result = GAADImport(account: account, partition: "aws", namedByResourcePolicies: named).map(read.snapshot)
        // The rendered answer is no file anyone can open: its gaps point at the account.
        let gaps = (read.gaps + result.gaps).map { gap in
            var moved = gap
            moved.location = here
            return moved
        }
        var provenance = ImportProvenance(source: "live", principalsIncluded: result.principals.count, principalsLeftOut: result.leftOut)
        provenance.notes = []
        return ImportedState(manifest: Manifest(file: RegistryLoader.manifestName, registries: [], principals: result.principals, expectations: []),
                             policies: result.policies, gaps: gaps, provenance: provenance)
    }
}
