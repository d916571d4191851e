import ArgumentParser
import Foundation
import PolicyCore
import Registry

/// `ecrguard preflight CAPABILITY REF`: the explanation `push` and `pull` give before transferring, on its
/// own (for CI, before a push), and for replication that does not arrive: `replicate` with
/// `--preflight-as arn:aws:iam::SOURCE_ACCOUNT:root` and the destination's registry policy.
struct PreflightCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Would the policies allow this push, pull or replication? Names each refused action's statement or missing Allow, and the fix.",
        discussion: """
        ecrguard preflight push 123456789012.dkr.ecr.us-east-1.amazonaws.com/app --preflight-as arn:aws:iam::123456789012:role/ci \\
          --identity-policy ci.json --repository-policy repo.json
        ecrguard preflight replicate 210987654321.dkr.ecr.eu-west-1.amazonaws.com/app --preflight-as arn:aws:iam::123456789012:root \\
          --registry-policy destination-registry.json
        Exit codes: 0 allowed, 1 denied, 2 bad input, 64 usage error.
        """)

    enum Checked: String, CaseIterable, ExpressibleByArgument {
        case push, pull, replicate
        var capability: Capability {
            switch self {
            case .push: .push
            case .pull: .pull
            case .replicate: .replicate
            }
        }
    }

    @Argument(help: "push, pull or replicate (the destination side of cross-account replication).")
    var capability: Checked

    @Argument(help: "The repository: REGISTRY/REPOSITORY (an ECR host, or any host with --repository-arn).")
    var reference: String

    @OptionGroup(title: "Preflight") var preflight: PreflightOptions
    @OptionGroup(title: "Registry access (for --live)") var access: RegistryAccessOptions

    func validate() throws {
        if preflight.preflightAs == nil { throw ValidationError("give --preflight-as PRINCIPAL_ARN (for replicate: arn:aws:iam::SOURCE_ACCOUNT:root)") }
    }

    func run() throws {
        let session = try RegistrySession(access)
        let target = try session.parse(reference.contains(":") || reference.contains("@") ? reference : reference + ":latest")
        if let text = try preflight.explanation(capability.capability, on: target, session: session) {
            print(text)
            throw CLIFailure.gateFailed
        }
        print("preflight: \(capability.rawValue) by \(preflight.preflightAs ?? "") on \(try preflight.repositoryARN(for: target)): ALLOWED")
    }
}
