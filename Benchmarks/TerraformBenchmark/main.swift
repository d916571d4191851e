// Terraform plan benchmark (release build): `swift run -c release terraform-benchmark [REPOSITORIES ROLES]`.
//
// Generates a plan (PlanGenerator: 2,000 repositories and 300 roles by default), then, best of 5:
// 1. read: the plan into the import model (parse + read);
// 2. audit of the plan: read + render and load (`registryInput`) + every check, matrix, replication;
// 3. audit of the same registry as a policies/ directory (the files `import terraform` writes, served
//    from memory): load + the same audit.
// The bar: 2. within 1.5x of 3. (reading the plan must not be the cost).
//
// `terraform-benchmark --write PLAN.json [REPOSITORIES ROLES]` writes the plan instead, so that
// `ecrguard audit --terraform-plan PLAN.json` can be timed end to end against `ecrguard audit DIR` on
// the same registry written by `ecrguard import terraform PLAN.json --out DIR`.
import Foundation
import PolicyChecks
import PolicyCore
import RegistryAudit
import RegistryImport
import TerraformImport

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// The same checks `ecrguard audit` runs.
let allChecks: PolicyCheck = AuditPolicyChecks.all

var arguments = Array(CommandLine.arguments.dropFirst())
var output: String?
if arguments.first == "--write", arguments.count >= 2 {
    output = arguments[1]
    arguments.removeFirst(2)
}
let repositories = arguments.count > 0 ? Int(arguments[0]) ?? 2_000 : 2_000
let roles = arguments.count > 1 ? Int(arguments[1]) ?? 300 : 300
let text = PlanGenerator(repositories: repositories, roles: roles).generate()
if let output {
    try text.write(toFile: output, atomically: false, encoding: .utf8)
    print("wrote \(output): \(repositories) repositories, \(roles) roles, \(text.utf8.count / 1024) KiB")
    exit(0)
}

if ProcessInfo.processInfo.environment["TERRAFORM_BENCHMARK_READ_ONLY"] != nil {
    for _ in 0..<20 { _ = try TerraformPlanReader.read(text: text, file: "plan.json", options: TerraformReadOptions()) }
    exit(0)
}

func best(_ runs: Int = 5, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<runs {
        let start = now()
        try body()
        best = min(best, now() - start)
    }
    return best
}

let state = try TerraformPlanReader.read(text: text, file: "plan.json", options: TerraformReadOptions())
print("plan of \(text.utf8.count / 1024) KiB: \(state.manifest.registries.map(\.repositories.count).reduce(0, +)) repositories, "
      + "\(state.manifest.principals.count) principals, \(state.policies.count) policies, \(state.gaps.count) gaps")
let read = try best { _ = try TerraformPlanReader.read(text: text, file: "plan.json", options: TerraformReadOptions()) }

let parse = try best { _ = try JSONParser.parse(text, limits: JSONLimits(maxDepth: 512, maxBytes: Int(Int32.max))) }
print(String(format: "parse alone: %.0f ms", parse * 1000))
let render = best { _ = ManifestWriter.files(for: state) }
let load = try best { _ = try state.registryInput(directory: "plan.json") }
var planResult: RegistryAuditResult?
let planAudit = try best {
    let state = try TerraformPlanReader.read(text: text, file: "plan.json", options: TerraformReadOptions())
    var result = RegistryAuditor(check: allChecks).audit(try state.registryInput(directory: "plan.json"))
    result.add(state.gaps)
    planResult = result
}

let files = ManifestWriter.files(for: state).reduce(into: [String: String]()) { $0["policies/" + $1.key] = $1.value }
var directoryResult: RegistryAuditResult?
let directoryAudit = try best {
    let input = try RegistryLoader.load(manifestText: files["policies/ecrguard.yaml"]!, manifestPath: "policies/ecrguard.yaml", directory: "policies") { path in
        guard let text = files[path] else { throw CocoaError(.fileNoSuchFile) }
        return text
    }
    directoryResult = RegistryAuditor(check: allChecks).audit(input)
}
print(String(format: "read (parse + manifest): %.0f ms; write the files in memory: %.0f ms; registryInput (write + load): %.0f ms", read * 1000, render * 1000, load * 1000))
print(String(format: "audit of the plan (read + load + audit): %.0f ms; of the policies/ directory (load + audit): %.0f ms; ratio %.2f (bar 1.5)",
             planAudit * 1000, directoryAudit * 1000, planAudit / directoryAudit))
print("findings: plan \(planResult!.findings.count), directory \(directoryResult!.findings.count); matrix cells \(planResult!.matrix.cellCount) / \(directoryResult!.matrix.cellCount)")
