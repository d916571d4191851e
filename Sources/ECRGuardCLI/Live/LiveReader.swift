import ECRClient
import Foundation

/// What to read: which accounts (nil: the caller's, or every ACTIVE account with `organizationWide`)
/// and Regions, and how many reads may run at once.
struct LiveReadPlan: Sendable {
    var accounts: [String]?
    var organizationWide: Bool
    var regions: [String]
    var concurrency: Int
}

/// A failure that stops the whole import (the caller cannot be identified, the account list cannot be read).
struct LiveImportError: Error, CustomStringConvertible {
    var description: String
}

/// Reads IAM, Organizations and ECR through a `LiveSource`: first who the caller is and its
/// organization, then a bounded pool over (account, service) and (account, Region, ECR) units, each
/// repository policy a job of its own. Every failed call is kept with its account, Region and
/// operation; nothing unread is ever reported as empty.
final class LiveReader: @unchecked Sendable {
    let source: any LiveSource
    let progress: ProgressBar?
    private let lock = NSLock()
    private var failures: [LiveFailure] = []
    private var pagesRead = 0
    private var callCounts: [String: Int] = [:]
    private var accounts: [String: AccountRead] = [:]
    private var parents: [String: Result<String, LiveCallFailure>] = [:]
    private var targetPolicies: [String: Result<[String], LiveCallFailure>] = [:]
    private var policies: [String: OrganizationPolicyRead] = [:]

    init(source: any LiveSource, progress: ProgressBar? = nil) {
        self.source = source
        self.progress = progress
    }

    func read(_ plan: LiveReadPlan) throws -> LiveRead {
        let caller = try callerIdentity()
        var organization: OrganizationRead?
        var organizationGap: LiveFailure?
        do { organization = try readOrganization(caller: caller.account) } catch let failure as LiveFailure { organizationGap = failure }
        let accountIds = try accountsToRead(plan, caller: caller.account)
        for account in accountIds { accounts[account] = AccountRead(account: account, entered: false, registries: []) }

        let found = organization
        let pool = WorkPool(width: plan.concurrency) { [progress] done, known in progress?.update(fraction: known == 0 ? 1 : Double(done) / Double(known), detail: "\(done)/\(known) reads") }
        for account in accountIds {
            pool.add { [self] pool in
                guard enter(account, caller: caller.account) else { return }
                pool.add { [self] _ in readIdentity(account) }
                for region in plan.regions {
                    pool.add { [self] pool in readRegistry(account, region: region, pool: pool) }
                }
            }
        }
        // The organization's reads in one job, account after account: each OU and policy is read once.
        if let found, found.rootId != nil {
            pool.add { [self] _ in
                for account in accountIds {
                    readPlacement(account, caller: caller.account, organization: found)
                }
            }
        }
        pool.run()
        progress?.clear()

        if var found = organization {
            found.policies = policies
            organization = found
        }
        return LiveRead(callerAccount: caller.account, callerARN: caller.arn, organization: organization, organizationGap: organizationGap,
                        accounts: accountIds.sorted().compactMap { accounts[$0] }.map(Self.sortedRegistries),
                        regions: plan.regions, failures: failures.sorted { ($0.call, $0.failure.code) < ($1.call, $1.failure.code) },
                        pagesRead: pagesRead, callCounts: callCounts)
    }

    private static func sortedRegistries(_ account: AccountRead) -> AccountRead {
        var sorted = account
        sorted.registries.sort { $0.region < $1.region }
        return sorted
    }

    // MARK: calls

    /// All pages of one call; a failure is recorded and rethrown.
    func pages(_ request: LiveRequest) throws(LiveFailure) -> [Data] {
        do {
            let pages = try LivePager(source: source).pages(request)
            counted(request.call, pages.count)
            return pages
        } catch {
            let failure = LiveFailure(call: request.call, failure: error)
            locked { failures.append(failure) }
            throw failure
        }
    }

    func json(_ request: LiveRequest) throws(LiveFailure) -> JSONValue {
        guard let page = try pages(request).first else { return .object([]) }
        return try parse(page, request.call)
    }

    /// Every page's JSON.
    func jsonPages(_ request: LiveRequest) throws(LiveFailure) -> [JSONValue] {
        var result: [JSONValue] = []
        for page in try pages(request) { result.append(try parse(page, request.call)) }
        return result
    }

    private func parse(_ data: Data, _ call: LiveCall) throws(LiveFailure) -> JSONValue {
        do { return try JSONValue.parse(data) } catch {
            let failure = LiveFailure(call: call, failure: LiveCallFailure(code: "MalformedResponse", message: "\(error)", status: 0))
            locked { failures.append(failure) }
            throw failure
        }
    }

    /// A call whose "not found" error means "there is none" (a repository without a policy).
    func optionalJSON(_ request: LiveRequest, notFound: String) throws(LiveFailure) -> JSONValue? {
        do throws(LiveCallFailure) {
            let pages = try LivePager(source: source).pages(request)
            counted(request.call, pages.count)
            guard let page = pages.first else { return nil }
            return try? parse(page, request.call)
        } catch {
            if error.code == notFound { return nil }
            let failure = LiveFailure(call: request.call, failure: error)
            locked { failures.append(failure) }
            throw failure
        }
    }

    private func counted(_ call: LiveCall, _ pages: Int) {
        locked {
            pagesRead += pages
            callCounts["\(call.service.rawValue):\(call.operation)", default: 0] += pages
        }
    }

    func record(_ failure: LiveFailure) { locked { failures.append(failure) } }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func update(_ account: String, _ change: (inout AccountRead) -> Void) {
        locked {
            var value = accounts[account] ?? AccountRead(account: account, entered: false, registries: [])
            change(&value)
            accounts[account] = value
        }
    }

    // MARK: caller, organization, accounts

    private func callerIdentity() throws -> (account: String, arn: String) {
        let call = LiveCall(account: "caller", service: .sts, operation: "GetCallerIdentity")
        let data: Data
        do { data = try LivePager(source: source).pages(.query(call)).first ?? Data() } catch {
            throw LiveImportError(description: "cannot identify the caller (sts:GetCallerIdentity): \(error)")
        }
        counted(call, 1)
        let read: (account: String, arn: String)?
        do { read = try AuthorizationDetailsXML.callerIdentity(data) } catch {
            throw LiveImportError(description: "cannot read the answer to sts:GetCallerIdentity: \(error)")
        }
        guard let identity = read else {
            throw LiveImportError(description: "cannot read the answer to sts:GetCallerIdentity: no account or ARN in it")
        }
        return identity
    }

    /// nil when the caller's account is in no organization.
    private func readOrganization(caller: String) throws -> OrganizationRead? {
        let describe = LiveCall(account: caller, service: .organizations, operation: "DescribeOrganization")
        let answer: JSONValue?
        do { answer = try optionalJSON(.json(describe), notFound: "AWSOrganizationsNotInUseException") }
        guard let answer else { return nil }
        guard let id = answer["Organization"]?["Id"]?.stringValue,
              let management = answer["Organization"]?["MasterAccountId"]?.stringValue else {
            let failure = LiveFailure(call: describe, failure: LiveCallFailure(code: "MalformedResponse", message: "no Organization.Id", status: 0))
            record(failure)
            throw failure
        }
        var organization = OrganizationRead(id: id, managementAccount: management, rootId: nil, scpEnabled: false, rcpEnabled: false, policies: [:])
        let roots = try jsonPages(.json(LiveCall(account: caller, service: .organizations, operation: "ListRoots")))
        guard let root = roots.flatMap({ $0["Roots"]?.arrayValue ?? [] }).first, let rootId = root["Id"]?.stringValue else {
            let failure = LiveFailure(call: LiveCall(account: caller, service: .organizations, operation: "ListRoots"),
                                      failure: LiveCallFailure(code: "MalformedResponse", message: "no root in the answer", status: 0))
            record(failure)
            throw failure
        }
        organization.rootId = rootId
        let enabled = Set((root["PolicyTypes"]?.arrayValue ?? []).filter { $0["Status"]?.stringValue == "ENABLED" }.compactMap { $0["Type"]?.stringValue })
        organization.scpEnabled = enabled.contains("SERVICE_CONTROL_POLICY")
        organization.rcpEnabled = enabled.contains("RESOURCE_CONTROL_POLICY")
        return organization
    }

    private func accountsToRead(_ plan: LiveReadPlan, caller: String) throws -> [String] {
        if let accounts = plan.accounts { return Array(Set(accounts)).sorted() }
        guard plan.organizationWide else { return [caller] }
        do {
            let pages = try jsonPages(.json(LiveCall(account: caller, service: .organizations, operation: "ListAccounts")))
            return pages.flatMap { $0["Accounts"]?.arrayValue ?? [] }
                .filter { ($0["Status"]?.stringValue ?? "ACTIVE") == "ACTIVE" }
                .compactMap { $0["Id"]?.stringValue }.sorted()
        } catch {
            throw LiveImportError(description: "--organization: cannot list the organization's accounts (\(error.failure))")
        }
    }

    private func enter(_ account: String, caller: String) -> Bool {
        do {
            try source.enter(account: account, callerAccount: caller)
            update(account) { $0.entered = true }
            return true
        } catch {
            record(LiveFailure(call: LiveCall(account: account, service: .sts, operation: "AssumeRole"), failure: error))
            return false
        }
    }

    // MARK: organization placement

    private func readPlacement(_ account: String, caller: String, organization: OrganizationRead) {
        guard let rootId = organization.rootId else { return }
        var chain: [String] = [account]
        var current = account
        while current != rootId {
            guard chain.count < 10, let parent = parent(of: current, caller: caller) else { return }
            chain.append(parent)
            current = parent
        }
        let targets = Array(chain.reversed())
        let scps = organization.scpEnabled ? levels(targets, type: "SERVICE_CONTROL_POLICY", caller: caller) : []
        let rcps = organization.rcpEnabled ? levels(targets, type: "RESOURCE_CONTROL_POLICY", caller: caller) : []
        update(account) { $0.placement = AccountPlacement(targets: targets, serviceControlPolicies: scps, resourceControlPolicies: rcps) }
    }

    private func parent(of child: String, caller: String) -> String? {
        if let known = locked({ parents[child] }) { return try? known.get() }
        let call = LiveCall(account: caller, service: .organizations, operation: "ListParents", subject: child)
        let result: Result<String, LiveCallFailure>
        do {
            let pages = try jsonPages(.json(call, [("ChildId", .string(child))]))
            if let id = pages.flatMap({ $0["Parents"]?.arrayValue ?? [] }).first?["Id"]?.stringValue {
                result = .success(id)
            } else {
                let failure = LiveCallFailure(code: "MalformedResponse", message: "no parent of \(child)", status: 0)
                record(LiveFailure(call: call, failure: failure))
                result = .failure(failure)
            }
        } catch {
            result = .failure(error.failure)
        }
        locked { parents[child] = result }
        return try? result.get()
    }

    /// The policy ids of each target, root first; nil when any level could not be read.
    private func levels(_ targets: [String], type: String, caller: String) -> [[String]]? {
        var levels: [[String]] = []
        for target in targets {
            guard let ids = attached(to: target, type: type, caller: caller) else { return nil }
            levels.append(ids)
        }
        return levels
    }

    private func attached(to target: String, type: String, caller: String) -> [String]? {
        let key = "\(target) \(type)"
        if let known = locked({ targetPolicies[key] }) { return try? known.get() }
        let call = LiveCall(account: caller, service: .organizations, operation: "ListPoliciesForTarget", subject: "\(target)/\(type)")
        var result: Result<[String], LiveCallFailure>
        do {
            let pages = try jsonPages(.json(call, [("TargetId", .string(target)), ("Filter", .string(type))]))
            let ids = pages.flatMap { $0["Policies"]?.arrayValue ?? [] }.compactMap { $0["Id"]?.stringValue }.sorted()
            result = .success(ids)
            for id in ids where !describe(id, caller: caller) {
                result = .failure(LiveCallFailure(code: "PolicyUnread", message: "policy \(id) could not be read", status: 0))
            }
        } catch {
            result = .failure(error.failure)
        }
        locked { targetPolicies[key] = result }
        return try? result.get()
    }

    /// Reads a policy's content once; false when it could not be read.
    private func describe(_ id: String, caller: String) -> Bool {
        if locked({ policies[id] != nil }) { return true }
        let call = LiveCall(account: caller, service: .organizations, operation: "DescribePolicy", subject: id)
        guard let answer = try? json(.json(call, [("PolicyId", .string(id))])) else { return false }
        guard let content = answer["Policy"]?["Content"]?.stringValue else {
            record(LiveFailure(call: call, failure: LiveCallFailure(code: "MalformedResponse", message: "no Policy.Content", status: 0)))
            return false
        }
        let summary = answer["Policy"]?["PolicySummary"]
        let policy = OrganizationPolicyRead(id: id, name: summary?["Name"]?.stringValue ?? id,
                                            type: summary?["Type"]?.stringValue ?? "", content: content)
        locked { policies[id] = policy }
        return true
    }
}
