import ECRClient
import Foundation

extension LiveReader {
    /// IAM of one account: every page of `GetAccountAuthorizationDetails` (no filter), then
    /// `GetPolicy` + `GetPolicyVersion` for each managed policy a principal attaches or uses as its
    /// boundary that the answer left out (deprecated AWS managed policies, boundary-only policies).
    func readIdentity(_ account: String) {
        let call = LiveCall(account: account, service: .iam, operation: "GetAccountAuthorizationDetails")
        guard let pages = try? pages(.query(call, [("MaxItems", "1000")])) else { return }
        var details: JSONValue
        do { details = try AuthorizationDetailsXML.merge(pages: pages) } catch {
            record(LiveFailure(call: call, failure: LiveCallFailure(code: "MalformedResponse", message: error.description, status: 0)))
            return
        }
        let present = Set((details["Policies"]?.arrayValue ?? []).compactMap { $0["Arn"]?.stringValue })
        var fetched: [JSONValue] = []
        for arn in AuthorizationDetailsXML.referencedPolicyARNs(details).subtracting(present).sorted() {
            if let policy = managedPolicy(arn, account: account) { fetched.append(policy) }
        }
        details = AuthorizationDetailsXML.appendPolicies(details, fetched)
        update(account) { $0.authorizationDetails = details }
    }

    private func managedPolicy(_ arn: String, account: String) -> JSONValue? {
        let getPolicy = LiveCall(account: account, service: .iam, operation: "GetPolicy", subject: arn)
        guard let policyPage = try? pages(.query(getPolicy, [("PolicyArn", arn)])).first else { return nil }
        guard let version = AuthorizationDetailsXML.defaultVersion(getPolicy: policyPage) else {
            record(LiveFailure(call: getPolicy, failure: LiveCallFailure(code: "MalformedResponse", message: "no DefaultVersionId", status: 0)))
            return nil
        }
        let getVersion = LiveCall(account: account, service: .iam, operation: "GetPolicyVersion", subject: arn)
        guard let versionPage = try? pages(.query(getVersion, [("PolicyArn", arn), ("VersionId", version)])).first else { return nil }
        do { return try AuthorizationDetailsXML.managedPolicy(getPolicy: policyPage, getPolicyVersion: versionPage) } catch {
            record(LiveFailure(call: getVersion, failure: LiveCallFailure(code: "MalformedResponse", message: error.description, status: 0)))
            return nil
        }
    }
}
