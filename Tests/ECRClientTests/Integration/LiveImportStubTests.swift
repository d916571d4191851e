@testable import ECRClient
import Foundation
import XCTest

/// `ecrguard import live` against a loopback stub of IAM, STS, Organizations and ECR
/// (Servers/stub_live_server.py) for what moto cannot do: paging markers, URL-encoded documents,
/// managed policies missing from GAAD, throttling, AccessDenied, V1/V2 scope, pull-through cache rules.
final class LiveImportStubTests: XCTestCase {
    nonisolated(unsafe) static var management: ServerProcess?
    nonisolated(unsafe) static var member: ServerProcess?
    nonisolated(unsafe) static var startError: String?

    static let script = repositoryRoot.appendingPathComponent("Tests/ECRClientTests/Servers/stub_live_server.py").path

    override class func setUp() {
        super.setUp()
        guard let python = ServerProcess.which("python3") else { startError = "python3 missing"; return }
        do {
            management = try ServerProcess(executable: python, arguments: [script, "PORT"], readyPath: nil)
            member = try ServerProcess(executable: python, arguments: [script, "PORT", "--member"], readyPath: nil)
        } catch { startError = "\(error)" }
    }

    override class func tearDown() {
        management?.stop()
        member?.stop()
        super.tearDown()
    }

    private func stub(_ which: ServerProcess?) throws -> ServerProcess {
        _ = try requireBinary("python3")
        guard let which else { XCTFail("stub did not start: \(Self.startError ?? "?")"); throw ServerError("no stub") }
        return which
    }

    private func ecrguard(_ arguments: [String], _ stub: ServerProcess) throws -> CommandResult {
        try runCommand(ecrguardPath(), arguments, environment: childEnvironment([
            "AWS_ACCESS_KEY_ID": "AKIASTUBCALLER", "AWS_SECRET_ACCESS_KEY": "stub-caller-secret", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": stub.baseURL,
        ]))
    }

    private func counts(_ stub: ServerProcess) throws -> [String: Int] {
        let response = try CurlTransport().send(HTTPRequest(method: "GET", endpoint: URL(string: stub.baseURL + "/counts")!))
        var counts: [String: Int] = [:]
        if case .object(let members) = try JSONValue.parse(response.body) {
            for (key, value) in members { counts[key] = Int(value.doubleValue ?? 0) }
        }
        return counts
    }

    /// import-report.json's gaps as "code location subject".
    private func gaps(_ directory: URL) throws -> [String] {
        let report = try JSONValue.parse(Data(contentsOf: directory.appendingPathComponent("import-report.json")))
        return (report["gaps"]?.arrayValue ?? []).map {
            "\($0["code"]?.stringValue ?? "") \($0["file"]?.stringValue ?? "") \($0["subject"]?.stringValue ?? "")"
        }
    }

    func testOrganizationImportThroughPagingThrottlingAndDenial() throws {
        let server = try stub(Self.management)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.url.appendingPathComponent("policies")
        _ = try CurlTransport().send(HTTPRequest(method: "POST", endpoint: URL(string: server.baseURL + "/reset")!))
        let result = try ecrguard(["import", "live", "--organization", "--regions", "us-east-1,us-west-2", "--out", out.path,
                                   "--snapshot", dir.url.appendingPathComponent("snapshot").path], server)
        // Written, and incomplete (one account could not be entered): exit 1.
        XCTAssertEqual(result.status, 1, result.stderr + result.stdout)
        XCTAssertTrue(result.stdout.contains("high IMPORT_ACCESS_DENIED"), result.stdout)
        XCTAssertFalse(result.stderr.contains("reads"), "no progress bar when stderr is not a terminal: \(result.stderr)")
        let manifest = try String(contentsOf: out.appendingPathComponent("ecrguard.yaml"), encoding: .utf8)

        // Repositories over two DescribeRepositories pages; a repository without a policy stays without one.
        XCTAssertTrue(manifest.contains("- name: app-a\n        policy: repositories/111111111111/us-east-1/app-a.json"), manifest)
        XCTAssertTrue(manifest.contains("- name: app-b\n        scanOnPush: true"), manifest)
        XCTAssertTrue(manifest.contains("- name: team/app-c\n        policy: repositories/111111111111/us-east-1/team/app-c.json\n        scanOnPush: false"), manifest)
        // REGISTRY_POLICY_SCOPE V1 in us-east-1; pull-through cache rules over two pages with the ECR-to-ECR fields.
        XCTAssertTrue(manifest.contains("file: registries/111111111111-us-east-1.json\n      scope: V1"), manifest)
        XCTAssertTrue(manifest.contains("customRoleArn: \"arn:aws:iam::111111111111:role/ptc\""), manifest)
        XCTAssertTrue(manifest.contains("upstreamRepositoryPrefix: library"), manifest)
        XCTAssertTrue(manifest.contains("ecrRepositoryPrefix: quay"), manifest)
        // The member account, read after two ThrottlingExceptions, with its OU path.
        XCTAssertTrue(manifest.contains("- name: reader-app"), manifest)
        XCTAssertTrue(manifest.contains("ouPath: o-stubstubst/r-stub/ou-stub-aaaaaaaa/"), manifest)

        // A creation template's repository policy cannot be a repository of the manifest: the report says so.
        let importReport = try JSONValue.parse(Data(contentsOf: out.appendingPathComponent("import-report.json")))
        XCTAssertTrue((importReport["notes"]?.arrayValue ?? []).contains { $0.stringValue?.contains("creation template 'team'") == true }, "\(importReport)")

        // The account AssumeRole could not enter is a high finding with its account and call, nothing else is.
        let found = try gaps(out).filter { !$0.contains("GetAccountAuthorizationDetails") }
        XCTAssertEqual(found, ["IMPORT_ACCESS_DENIED live:333333333333/global sts:AssumeRole 333333333333/global"])

        let calls = try counts(server)
        XCTAssertEqual(calls["111111111111 us-east-1 GetAccountAuthorizationDetails"], 3, "one throttled answer retried, then two pages")
        XCTAssertEqual(calls["222222222222 us-east-1 DescribeRepositories"], 3, "two ThrottlingExceptions retried")
        XCTAssertEqual(calls["111111111111 us-east-1 GetPolicy"], 2, "the boundary and the AWS managed policy GAAD left out")
        XCTAssertEqual(calls["111111111111 us-east-1 ListAccounts"], 2, "two pages of accounts")

        // The audit of the import fails the default gate on the denial.
        let audit = try ecrguard(["audit", out.path, "--out", dir.url.appendingPathComponent("reports").path], server)
        XCTAssertEqual(audit.status, 1, audit.stdout + audit.stderr)
        XCTAssertTrue(audit.stdout.contains("IMPORT_ACCESS_DENIED"), audit.stdout)

        // The snapshot redoes the import offline, byte for byte.
        let replay = dir.url.appendingPathComponent("replay")
        let offline = try runCommand(ecrguardPath(), ["import", "snapshot", dir.url.appendingPathComponent("snapshot").path, "--out", replay.path],
                                     environment: childEnvironment([:]))
        XCTAssertEqual(offline.status, 1, offline.stderr)
        for file in ["ecrguard.yaml", "import-report.json", "repositories/111111111111/us-east-1/team/app-c.json", "registries/111111111111-us-east-1.json"] {
            XCTAssertEqual(try Data(contentsOf: replay.appendingPathComponent(file)), try Data(contentsOf: out.appendingPathComponent(file)), file)
        }
        // docs/import-role.json allows every call the import made (AssumeRole is the caller's own permission).
        let index = try JSONValue.parse(Data(contentsOf: dir.url.appendingPathComponent("snapshot/snapshot.json")))
        let made = Set((index["entries"]?.arrayValue ?? []).compactMap { entry -> String? in
            guard let call = entry["call"], let service = call["service"]?.stringValue, let operation = call["operation"]?.stringValue else { return nil }
            return "\(service):\(operation)"
        }).subtracting(["sts:AssumeRole"])
        let role = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/import-role.json"), encoding: .utf8)
        XCTAssertGreaterThan(made.count, 15)
        for call in made.sorted() { XCTAssertTrue(role.contains("\"\(call)\""), "docs/import-role.json lacks \(call)") }

        // A second import of the unchanged accounts changes no byte.
        let before = try Data(contentsOf: out.appendingPathComponent("ecrguard.yaml"))
        let again = try ecrguard(["import", "live", "--organization", "--regions", "us-east-1,us-west-2", "--out", out.path], server)
        XCTAssertEqual(again.status, 1, again.stderr)
        XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent("ecrguard.yaml")), before)
    }

    /// From a member account the organization's policies cannot be read: a denial with its call, never "no SCPs".
    func testMemberAccountCannotReadTheOrganization() throws {
        let server = try stub(Self.member)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let out = dir.url.appendingPathComponent("policies")
        let result = try ecrguard(["import", "live", "--out", out.path], server)
        XCTAssertEqual(result.status, 1, result.stderr + result.stdout)
        XCTAssertTrue(result.stdout.contains("SCPs not collected for 1 principal"), result.stdout)
        let found = try gaps(out)
        XCTAssertTrue(found.contains("IMPORT_ACCESS_DENIED live:222222222222/global organizations:ListRoots 222222222222/global"), "\(found)")
    }

    /// `audit --live` imports and audits in one step; the denial is a high finding, so the default gate fails.
    func testAuditLiveFailsTheGateOnADenial() throws {
        let server = try stub(Self.management)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let kept = dir.url.appendingPathComponent("import").path
        let result = try ecrguard(["audit", "--live", "--accounts", "all", "--regions", "us-east-1", "--keep-import", kept,
                                   "--out", dir.url.appendingPathComponent("reports").path, "--format", "json"], server)
        XCTAssertEqual(result.status, 1, result.stderr)
        let report = try JSONValue.parse(result.stdout)
        XCTAssertEqual(report["verdict"]?.stringValue, "fail")
        let denial = try XCTUnwrap(report["findings"]?.arrayValue?.first { $0["code"]?.stringValue == "IMPORT_ACCESS_DENIED" })
        XCTAssertEqual(denial["file"]?.stringValue, "live:333333333333/global")
        XCTAssertEqual(denial["severity"]?.stringValue, "high")
        XCTAssertTrue(denial["message"]?.stringValue?.contains("sts:AssumeRole 333333333333/global") == true, "\(denial)")
        XCTAssertTrue(FileManager.default.fileExists(atPath: kept + "/ecrguard.yaml"))
        XCTAssertTrue(result.stderr.contains("IMPORT_ACCESS_DENIED"), result.stderr)
    }

    /// A team manifest of account 222222222222 that differs from the live account: the registry is
    /// named, it has a repository the account lacks, the reader's identity policy allows no pull, and
    /// an expectation says the reader cannot pull.
    private func teamManifest(in dir: TemporaryDirectory, _ server: ServerProcess) throws -> URL {
        let team = dir.url.appendingPathComponent("team")
        let imported = try ecrguard(["import", "live", "--accounts", "222222222222", "--regions", "us-east-1", "--out", team.path], server)
        XCTAssertEqual(imported.status, 0, imported.stdout + imported.stderr)
        try FileManager.default.removeItem(at: team.appendingPathComponent("import-report.json"))
        let identity = team.appendingPathComponent("identity/222222222222/role/reader.inline.pull.json")
        try Data(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#.utf8).write(to: identity)
        let manifestURL = team.appendingPathComponent("ecrguard.yaml")
        var manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let repositories = "    repositories:\n      - name: reader-app"
        XCTAssertTrue(manifest.contains(repositories), manifest)
        manifest = manifest.replacingOccurrences(of: repositories, with: """
                name: production
                repositories:
                  - name: internal-tools
                    scanOnPush: true
                  - name: reader-app
            """)
        manifest += "\nexpectations:\n  - principal: 222222222222/role/reader\n    repository: reader-app\n    cannot: [pull]\n"
        try Data(manifest.utf8).write(to: manifestURL)
        return team
    }

    /// `audit DIR --live`: the live account laid over the team's manifest. The live principal replaces the
    /// manifest's (its identity policy allows the pull), so the team's expectation fails; the team's
    /// registry name and its other repository stay; DIR is not written; the kept import audits the same.
    func testAuditLiveOverDIRJudgesTheAccountByDIRsExpectations() throws {
        let server = try stub(Self.management)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let team = try teamManifest(in: dir, server)
        let reports = dir.url.appendingPathComponent("reports").path
        let alone = try ecrguard(["audit", team.path, "--out", reports], server)
        XCTAssertEqual(alone.status, 0, alone.stdout + alone.stderr)
        let before = try FileManager.default.subpathsOfDirectory(atPath: team.path).sorted()
        let manifestBefore = try Data(contentsOf: team.appendingPathComponent("ecrguard.yaml"))

        let kept = dir.url.appendingPathComponent("kept").path
        let live = try ecrguard(["audit", team.path, "--live", "--accounts", "222222222222", "--regions", "us-east-1",
                                 "--keep-import", kept, "--out", reports, "--format", "json"], server)
        XCTAssertEqual(live.status, 1, live.stdout + live.stderr)
        let report = try JSONValue.parse(live.stdout)
        XCTAssertEqual(report["expectationCounts"]?["failed"]?.doubleValue, 1)
        let expectation = try XCTUnwrap(report["expectations"]?.arrayValue?.first)
        XCTAssertEqual(expectation["repository"]?.stringValue, "production/reader-app")
        XCTAssertEqual(expectation["passed"]?.boolValue, false)
        let repositories = Set((report["accessMatrix"]?.arrayValue ?? []).compactMap { $0["repository"]?.stringValue })
        XCTAssertEqual(repositories, ["production/internal-tools", "production/reader-app"])
        let inputs = (report["metadata"]?["inputs"]?.arrayValue ?? []).compactMap(\.stringValue)
        XCTAssertTrue(inputs.contains(team.appendingPathComponent("ecrguard.yaml").path), "\(inputs)")
        // The summary on standard error counts what the account has, not the layered manifest.
        XCTAssertTrue(live.stderr.contains("1 registries, 1 repositories"), live.stderr)

        XCTAssertEqual(try FileManager.default.subpathsOfDirectory(atPath: team.path).sorted(), before)
        XCTAssertEqual(try Data(contentsOf: team.appendingPathComponent("ecrguard.yaml")), manifestBefore)
        let again = try ecrguard(["audit", kept, "--out", reports], server)
        XCTAssertEqual(again.status, 1, again.stdout + again.stderr)
        XCTAssertTrue(again.stdout.contains("Expectations: 0 passed, 1 failed"), again.stdout)
    }

    /// A DIR whose own import could not read everything keeps failing when the live account is laid
    /// over it; a DIR that cannot be read stops the audit before any request; --keep-import never writes DIR.
    func testAuditLiveOverDIRFailsClosed() throws {
        let server = try stub(Self.management)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let reports = dir.url.appendingPathComponent("reports").path
        let organization = dir.url.appendingPathComponent("organization").path
        let imported = try ecrguard(["import", "live", "--accounts", "all", "--regions", "us-east-1", "--out", organization], server)
        XCTAssertEqual(imported.status, 1, imported.stdout + imported.stderr)
        let layered = try ecrguard(["audit", organization, "--live", "--accounts", "222222222222", "--regions", "us-east-1",
                                    "--out", reports, "--format", "json"], server)
        XCTAssertEqual(layered.status, 1, layered.stdout + layered.stderr)
        let denial = try JSONValue.parse(layered.stdout)["findings"]?.arrayValue?.first { $0["code"]?.stringValue == "IMPORT_ACCESS_DENIED" }
        XCTAssertEqual(denial?["file"]?.stringValue, "live:333333333333/global", layered.stdout)

        let broken = dir.url.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Data("version: 1\nregistries:\n  - account: [\n".utf8).write(to: broken.appendingPathComponent("ecrguard.yaml"))
        let requestsBefore = try counts(server).values.reduce(0, +)
        let unreadable = try ecrguard(["audit", broken.path, "--live", "--accounts", "222222222222", "--regions", "us-east-1", "--out", reports], server)
        XCTAssertEqual(unreadable.status, 2, unreadable.stdout + unreadable.stderr)
        XCTAssertTrue(unreadable.stderr.contains(broken.appendingPathComponent("ecrguard.yaml").path + ":"), unreadable.stderr)
        XCTAssertEqual(try counts(server).values.reduce(0, +), requestsBefore, "no request may be sent for an unreadable DIR")

        // DIR itself (however spelt), a directory inside it, or one that holds it: refused before anything is read.
        let alias = dir.url.appendingPathComponent("alias").path
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: organization)
        for keep in [organization + "/.", alias, organization + "/live/new", dir.url.path] {
            let refused = try ecrguard(["audit", organization, "--live", "--keep-import", keep, "--out", reports], server)
            XCTAssertEqual(refused.status, 64, keep + ": " + refused.stderr)
            XCTAssertTrue(refused.stderr.contains("--keep-import must be outside DIR"), refused.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: organization + "/live"))
    }

    /// `diff DIR --live`: nothing changes against an import of the same account; a grant the manifest
    /// lacks and the account has is new access on the live side (exit 1).
    func testDiffLiveShowsWhatTheAccountHasThatTheManifestDoesNot() throws {
        let server = try stub(Self.management)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let base = dir.url.appendingPathComponent("base")
        let imported = try ecrguard(["import", "live", "--accounts", "222222222222", "--regions", "us-east-1", "--out", base.path], server)
        XCTAssertEqual(imported.status, 0, imported.stdout + imported.stderr)
        let same = try ecrguard(["diff", base.path, "--live", "--accounts", "222222222222", "--regions", "us-east-1", "--format", "json"], server)
        XCTAssertEqual(same.status, 0, same.stdout + same.stderr)

        // In the manifest the role's identity policies allow nothing: the live account lets it pull.
        let identity = base.appendingPathComponent("identity")
        let files = try FileManager.default.subpathsOfDirectory(atPath: identity.path).filter { $0.hasSuffix(".json") }
        XCTAssertFalse(files.isEmpty)
        for file in files {
            try Data(#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#.utf8)
                .write(to: identity.appendingPathComponent(file))
        }
        let drift = try ecrguard(["diff", base.path, "--live", "--accounts", "222222222222", "--regions", "us-east-1"], server)
        XCTAssertEqual(drift.status, 1, drift.stdout + drift.stderr)
        XCTAssertTrue(drift.stdout.contains("reader-app"), drift.stdout)
        XCTAssertTrue(drift.stdout.contains("pull"), drift.stdout)
    }

    /// --max-rate holds over all threads: N requests at R per second take at least (N - R) / R seconds.
    func testMaxRateSpacesRequests() throws {
        let server = try stub(Self.management)
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let started = Date()
        let result = try ecrguard(["import", "live", "--accounts", "222222222222", "--regions", "us-west-2", "--max-rate", "5",
                                   "--concurrency", "8", "--out", dir.url.appendingPathComponent("p").path], server)
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertEqual(result.status, 0, result.stderr)
        let words = result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" })
        let requests = try XCTUnwrap(words.firstIndex(of: "requests,").flatMap { Int(words[$0 - 1]) }, result.stdout)
        XCTAssertGreaterThan(requests, 10)
        XCTAssertGreaterThanOrEqual(elapsed, Double(requests - 5) / 5 - 0.2, "\(requests) requests in \(elapsed) s at --max-rate 5")
    }
}
