import ECRClient
import Foundation

extension LiveReader {
    /// One registry: its settings in one job, then one job per repository policy.
    func readRegistry(_ account: String, region: String, pool: WorkPool) {
        @Sendable func call(_ operation: String, _ subject: String? = nil) -> LiveCall {
            LiveCall(account: account, region: region, service: .ecr, operation: operation, subject: subject)
        }
        var registry = RegistryRead(account: account, region: region, repositoryPolicies: [:])
        registry.registry = try? json(.json(call("DescribeRegistry")))
        if case .success(let text) = policyText(.json(call("GetRegistryPolicy")), notFound: "RegistryPolicyNotFoundException") {
            registry.registryPolicy = .some(text)
        }
        registry.policyScope = (try? json(.json(call("GetAccountSetting"), [("name", .string("REGISTRY_POLICY_SCOPE"))])))?["value"]?.stringValue
        registry.pullThroughCacheRules = (try? jsonPages(.json(call("DescribePullThroughCacheRules"))))?
            .flatMap { $0["pullThroughCacheRules"]?.arrayValue ?? [] }
        registry.scanningConfiguration = try? json(.json(call("GetRegistryScanningConfiguration")))
        registry.creationTemplates = (try? jsonPages(.json(call("DescribeRepositoryCreationTemplates"))))?
            .flatMap { $0["repositoryCreationTemplates"]?.arrayValue ?? [] }
        registry.repositories = (try? jsonPages(.json(call("DescribeRepositories"), [("maxResults", .int(1000))])))?
            .flatMap { $0["repositories"]?.arrayValue ?? [] }
        let names = (registry.repositories ?? []).compactMap { $0["repositoryName"]?.stringValue }
        update(account) { $0.registries.append(registry) }
        for name in names {
            pool.add { [self] _ in
                let request = LiveRequest.json(call("GetRepositoryPolicy", name), [("repositoryName", .string(name))])
                if case .success(let text) = policyText(request, notFound: "RepositoryPolicyNotFoundException") {
                    setRepositoryPolicy(account, region, name, .some(text))
                }
            }
        }
    }

    /// The `policyText` of a Get…Policy answer: nil when the service says there is none; a failure
    /// (recorded) when the call failed or the answer has no text.
    private func policyText(_ request: LiveRequest, notFound: String) -> Result<String?, LiveFailure> {
        do {
            guard let answer = try optionalJSON(request, notFound: notFound) else { return .success(nil) }
            guard let text = answer["policyText"]?.stringValue else {
                let failure = LiveFailure(call: request.call, failure: LiveCallFailure(code: "MalformedResponse", message: "no policyText in the answer", status: 0))
                record(failure)
                return .failure(failure)
            }
            return .success(text)
        } catch {
            return .failure(error)
        }
    }

    private func setRepositoryPolicy(_ account: String, _ region: String, _ name: String, _ policy: String??) {
        update(account) { read in
            guard let index = read.registries.firstIndex(where: { $0.region == region }) else { return }
            read.registries[index].repositoryPolicies[name] = policy
        }
    }
}
