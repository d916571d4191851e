// Terraform plan benchmark (release build): `swift run -c release terraform-benchmark [REPOSITORIES ROLES]`.
//
// Generates a plan (PlanGenerator: 2,000 repositories and 300 roles by default) and times reading it
// into the manifest (parse + read), best of 5.
//
// `terraform-benchmark --write PLAN.json [REPOSITORIES ROLES]` writes the plan instead, so that
// `ecrguard audit --terraform-plan PLAN.json` can be timed end to end against `ecrguard audit DIR` on
// the same registry written by `ecrguard import terraform PLAN.json --out DIR`.
import Foundation
import RegistryImport
import TerraformImport

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

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
var best = Double.infinity
var summary = ""
for _ in 0..<5 {
    let start = now()
    let state = try TerraformPlanReader.read(text: text, file: "plan.json", options: TerraformReadOptions())
    best = min(best, now() - start)
    summary = "\(state.manifest.registries.map(\.repositories.count).reduce(0, +)) repositories, \(state.manifest.principals.count) principals, \(state.policies.count) policies, \(state.gaps.count) gaps"
}
print("plan of \(text.utf8.count / 1024) KiB: \(summary)")
print(String(format: "read (parse + manifest), best of 5: %.1f ms", best * 1000))
