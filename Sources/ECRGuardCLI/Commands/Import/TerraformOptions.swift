import ArgumentParser
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport
import TerraformImport

/// `--account`, `--region`, `--organization` for `import terraform` and `audit --terraform-plan`.
struct TerraformLocationOptions: ParsableArguments {
    @Option(help: "The account of every resource in the plan (default: data.aws_caller_identity, else each resource's registry id or ARN).")
    var account: AccountArgument?

    @Option(help: "The Region of resources whose own and provider Region the plan does not give.")
    var region: RegionArgument?

    @Option(help: "The organization (o-...) the plan's accounts belong to.")
    var organization: OrganizationArgument?

    var readOptions: TerraformReadOptions {
        TerraformReadOptions(account: account?.id, region: region?.name, organization: organization?.id)
    }
}

/// `audit --terraform-plan` takes `--account` and `--region` from the location options it shares with
/// `--cloudformation` (one set of names per command); this adds what only a plan needs.
struct TerraformAuditOptions: ParsableArguments {
    @Option(name: .customLong("terraform-plan"), help: "Audit a Terraform plan or state (`terraform show -json` output), laid over DIR when given; what it cannot resolve fails the gate.")
    var plan: String?

    @Option(help: "The organization (o-...) a Terraform plan's or CloudFormation stack's accounts belong to.")
    var organization: OrganizationArgument?

    /// The reader's options: `--account` and `--region` as given for the audit.
    func readOptions(account: String?, region: String?) -> TerraformReadOptions {
        TerraformReadOptions(account: account, region: region, organization: organization?.id)
    }
}
