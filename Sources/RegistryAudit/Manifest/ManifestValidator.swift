/// Checks that need the whole manifest: duplicates and references between its parts.
struct ManifestValidator {
    let reader: YAMLReader

    func validate(_ manifest: Manifest) {
        var registries: [String: ManifestLocation] = [:]
        var registryNames: Set<String> = []
        for registry in manifest.registries {
            let key = "\(registry.account)/\(registry.region)"
            if let first = registries[key] {
                reader.error("registry \(key) is described twice (first at line \(first.line))", at: registry.location)
            }
            registries[key] = registries[key] ?? registry.location
            if !registryNames.insert(registry.name).inserted {
                reader.error("two registries are named '\(registry.name)'; names must be unique", at: registry.location)
            }
            var repositories: [String: ManifestLocation] = [:]
            for repository in registry.repositories {
                if let first = repositories[repository.name] {
                    reader.error("repository '\(repository.name)' is listed twice in registry \(registry.name) (first at line \(first.line))", at: repository.location)
                }
                repositories[repository.name] = repositories[repository.name] ?? repository.location
            }
            for rule in registry.replication {
                for destination in rule.destinations where destination.registryId == registry.account && destination.region == registry.region {
                    reader.error("a replication destination cannot be the source registry itself (\(destination.label))", at: destination.location)
                }
            }
            let destinations = registry.replication.reduce(0) { $0 + $1.destinations.count }
            if destinations > 25 {
                reader.error("a replication configuration has at most 25 destinations in total, found \(destinations)", at: registry.location)
            }
        }

        var principals: [String: ManifestLocation] = [:]
        for principal in manifest.principals {
            if let first = principals[principal.name] {
                reader.error("principal '\(principal.name)' is described twice (first at line \(first.line))", at: principal.location)
            }
            principals[principal.name] = principals[principal.name] ?? principal.location
        }

        for expectation in manifest.expectations {
            switch expectation {
            case .access(let e):
                if principals[e.principal] == nil {
                    reader.error("expectation names principal '\(e.principal)', which 'principals' does not describe", at: e.location)
                }
                e.repositories.forEach { check($0, in: manifest) }
            case .replication(let e):
                check(e.repository, in: manifest)
            }
        }
    }

    private func check(_ reference: RepositoryReference, in manifest: Manifest) {
        switch RepositoryResolver(manifest).resolve(reference) {
        case .success: break
        case .failure(let error): reader.error(error.message, at: error.location)
        }
    }
}

/// Finds the registry and repository an expectation names.
public struct RepositoryResolver: Sendable {
    let manifest: Manifest

    public init(_ manifest: Manifest) { self.manifest = manifest }

    public func resolve(_ reference: RepositoryReference) -> Result<(RegistryManifest, RepositoryManifest), ManifestError> {
        let candidates = manifest.registries.filter { reference.registry == nil || $0.name == reference.registry }
        if let name = reference.registry, candidates.isEmpty {
            return .failure(ManifestError("no registry is named '\(name)'", at: reference.location))
        }
        let matches = candidates.compactMap { registry in registry.repository(named: reference.name).map { (registry, $0) } }
        switch matches.count {
        case 1: return .success(matches[0])
        case 0: return .failure(ManifestError("no registry describes repository '\(reference.name)'", at: reference.location))
        default:
            let names = matches.map { "'\($0.0.name)'" }.joined(separator: ", ")
            return .failure(ManifestError("repository '\(reference.name)' exists in registries \(names); add 'registry:' to say which", at: reference.location))
        }
    }
}
