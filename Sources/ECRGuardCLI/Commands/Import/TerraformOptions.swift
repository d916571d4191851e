import ArgumentParser
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport
import TerraformImport

/// `--account`, `--region`, `--organization` for `import terraform`, and for `audit` with `--terraform-plan`
/// or `--cloudformation` (one set, so `audit` declares each option once).
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

