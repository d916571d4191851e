import PolicyCore

/// Findings about the registry configuration itself (replication, repository settings), reported
/// against the manifest lines that configure them.
struct RegistryFindings {
    let input: RegistryInput

    func findings(routes: [ReplicationRoute], issues: [ReplicationIssue]) -> [Finding] {
        let lines = LineIndex(input.manifestText)
        func finding(_ descriptor: RuleDescriptor, at location: ManifestLocation, path: String, message: String, remediation: String?) -> Finding {
            Finding(code: descriptor.code, severity: descriptor.severity, category: descriptor.category, file: location.file,
                    span: lines.span(at: location), path: path, message: message, remediation: remediation)
        }
        var result: [Finding] = []
        var reported: Set<String> = []
        for route in routes where route.status != .arrives {
            // One finding per destination of a rule, naming every repository it affects.
            let key = "\(route.source.account)/\(route.source.region)#\(route.rule.index)#\(route.destination.label)"
            guard reported.insert(key).inserted else { continue }
            let affected = routes.filter { "\($0.source.account)/\($0.source.region)#\($0.rule.index)#\($0.destination.label)" == key }.map(\.repository.name)
            let path = "registries[\(route.source.name)].replication.rules[\(route.rule.index)].destinations[\(route.destination.label)]"
            if route.status == .failsSilently {
                result.append(finding(AuditDescriptors.replicationWillFail, at: route.destination.location, path: path,
                                      message: "replication of \(affected.joined(separator: ", ")) to \(route.destination.label) will fail silently: \(route.reason)",
                                      remediation: "In registry \(route.destination.label), attach a registry permission policy allowing {\"AWS\": \"\(route.source.accountRootARN)\"} the actions ecr:ReplicateImage and ecr:CreateRepository on arn:\(route.source.partition):ecr:\(route.destination.region):\(route.destination.registryId):repository/*, or create the repositories there first."))
            } else {
                result.append(finding(AuditDescriptors.replicationDestinationUnknown, at: route.destination.location, path: path,
                                      message: "cannot tell whether replication of \(affected.joined(separator: ", ")) to \(route.destination.label) will work: \(route.reason)",
                                      remediation: "Describe registry \(route.destination.label) in the manifest with its registry permission policy so ecrguard can check it."))
            }
        }
        for issue in issues {
            result.append(finding(AuditDescriptors.replicationFilterMatchesNothing, at: issue.location,
                                  path: "replication.rules.repositoryFilters", message: issue.message,
                                  remediation: "Fix the prefix (filters match the start of repository names, case-sensitively) or remove the filter."))
        }
        for principal in input.manifest.principals where principal.serviceControlPoliciesNotCollected {
            let rule = ImportDescriptors.scpsNotCollected
            result.append(finding(rule, at: principal.location, path: "principals[\(principal.name)].serviceControlPolicies",
                                  message: "the service control policies of principal '\(principal.name)' (\(principal.identity)) were not collected; it is simulated as if no SCP restricted it, so a Deny in an SCP would not be seen",
                                  remediation: rule.remediation))
        }
        for registry in input.manifest.registries {
            for repository in registry.repositories where !repository.scanOnPush {
                result.append(finding(AuditDescriptors.scanOnPushDisabled, at: repository.location,
                                      path: "registries[\(registry.name)].repositories[\(repository.name)]",
                                      message: "repository \(registry.name)/\(repository.name) does not scan images on push, so vulnerabilities in new images go unnoticed",
                                      remediation: "Add 'scanOnPush: true' to the repository (or configure registry-level enhanced scanning)."))
            }
        }
        return result
    }
}

/// Turns line:column positions into spans with UTF-8 offsets.
struct LineIndex {
    private let lineStarts: [Int]
    private let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 10 { starts.append(i + 1) }
        lineStarts = starts
    }

    func span(at location: ManifestLocation) -> SourceSpan {
        guard location.line - 1 < lineStarts.count else { return SourceSpan(at: SourcePosition(line: location.line, column: location.column, offset: bytes.count)) }
        var offset = lineStarts[location.line - 1]
        var column = 1
        while column < location.column, offset < bytes.count, bytes[offset] != 10 {
            offset += 1
            while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
            column += 1
        }
        var end = offset
        while end < bytes.count, bytes[end] != 10, bytes[end] != 13 { end += 1 }
        let endColumn = column + String(decoding: bytes[offset..<end], as: UTF8.self).unicodeScalars.count
        return SourceSpan(start: SourcePosition(line: location.line, column: column, offset: offset),
                          end: SourcePosition(line: location.line, column: endColumn, offset: end))
    }
}
