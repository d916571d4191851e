import ArgumentParser
import Foundation
import PolicyCore
import RegistryAudit
import RegistryImport
import TerraformImport

/// `--account`, `--region`, `--organization` for `import terraform`, and for `audit` and `diff` with a
/// Terraform plan or a CloudFormation template (one set, so `audit` declares each option once; the help
/// says what each input does with it).
struct IaCLocationOptions: ParsableArguments {
    @Option(help: "The account of the resources (Terraform: default data.aws_caller_identity, else each resource's registry id or ARN; CloudFormation: AWS::AccountId).")
    var account: AccountArgument?

    @Option(help: "The Region of resources whose own Region is not given (Terraform: resources without their own or a provider Region; CloudFormation: AWS::Region).")
    var region: RegionArgument?

    @Option(help: "The organization (o-...) the accounts belong to.")
    var organization: OrganizationArgument?

    var readOptions: TerraformReadOptions {
        TerraformReadOptions(account: account?.id, region: region?.name, organization: organization?.id)
    }
}

