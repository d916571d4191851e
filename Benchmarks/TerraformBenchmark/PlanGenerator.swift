import PolicyCore

/// Writes a `terraform show -json` plan (compact, one line, as Terraform prints it) for a large
/// registry: repositories created through a `for_each` module (`module.repository["team07/service-00042"]`),
/// each with an aws_iam_policy_document repository policy (one text per team: organization pull,
/// pushes denied except the team's CI role); CI roles with a managed policy per team attached through
/// `aws_iam_policy.ci[each.key].arn` (unknown until apply), developer roles sharing one policy; a
/// registry policy and replication. Account from `data.aws_caller_identity`, Region from the provider.
struct PlanGenerator {
    var repositories: Int
    var roles: Int
    var teams = 20
    let account = "123456789012"
    let drAccount = "210987654321"
    let organization = "o-a1b2c3d4e5"

    func team(_ i: Int) -> String { "team" + pad(i, 2) }
    func pad(_ i: Int, _ width: Int) -> String { let s = String(i); return String(repeating: "0", count: max(0, width - s.count)) + s }
    func q(_ s: String) -> String { OrderedJSON.quoted(s) }

    /// One planned resource, its change and nothing else (configuration is written once per block).
    struct Resource {
        var address: String
        var module: String?
        var type: String
        var name: String
        var index: String?
        /// Compact JSON object text of the planned values.
        var values: String
        /// Compact JSON object text of after_unknown.
        var unknown: String
    }

    func generate() -> String {
        var root: [Resource] = []
        var module: [Resource] = []
        for r in 0..<repositories {
            let t = team(r % teams)
            let key = "\(t)/service-\(pad(r, 5))"
            let prefix = "module.repository[\(q(key))]"
            module.append(Resource(address: "\(prefix).aws_ecr_repository.this", module: prefix, type: "aws_ecr_repository", name: "this", index: nil,
                                   values: #"{"encryption_configuration":[{"encryption_type":"AES256","kms_key":""}],"force_delete":null,"image_scanning_configuration":[{"scan_on_push":true}],"image_tag_mutability":"IMMUTABLE","name":\#(q(key)),"tags":null,"timeouts":null}"#,
                                   unknown: #"{"arn":true,"encryption_configuration":[{}],"id":true,"image_scanning_configuration":[{}],"registry_id":true,"repository_url":true,"tags_all":true}"#))
            module.append(Resource(address: "\(prefix).aws_ecr_repository_policy.this", module: prefix, type: "aws_ecr_repository_policy", name: "this", index: nil,
                                   values: #"{"policy":\#(q(repositoryPolicy(team: t))),"repository":\#(q(key))}"#,
                                   unknown: #"{"id":true,"registry_id":true}"#))
        }
        for t in 0..<teams {
            let name = team(t)
            root.append(Resource(address: "aws_iam_policy.ci[\(q(name))]", type: "aws_iam_policy", name: "ci", index: q(name),
                                 values: #"{"description":null,"name":"\#(name)-ci-push","path":"/","policy":\#(q(ciPolicy(team: name))),"tags":null}"#,
                                 unknown: #"{"arn":true,"attachment_count":true,"id":true,"name_prefix":true,"policy_id":true,"tags_all":true}"#))
        }
        root.append(Resource(address: "aws_iam_policy.developer", type: "aws_iam_policy", name: "developer", index: nil,
                             values: #"{"description":null,"name":"developer-pull","path":"/","policy":\#(q(developerPolicy)),"tags":null}"#,
                             unknown: #"{"arn":true,"attachment_count":true,"id":true,"name_prefix":true,"policy_id":true,"tags_all":true}"#))
        let trust = #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(account):root"}}],"Version":"2012-10-17"}"#
        for r in 0..<roles {
            let isCI = r < teams
            let key = isCI ? team(r) : "developer-\(pad(r, 4))"
            let roleName = isCI ? "\(key)-ci" : key
            let kind = isCI ? "ci" : "developer"
            root.append(Resource(address: "aws_iam_role.\(kind)[\(q(key))]", type: "aws_iam_role", name: kind, index: q(key),
                                 values: #"{"assume_role_policy":\#(q(trust)),"description":null,"force_detach_policies":false,"max_session_duration":3600,"name":\#(q(roleName)),"path":"/","permissions_boundary":null,"tags":null}"#,
                                 unknown: #"{"arn":true,"create_date":true,"id":true,"inline_policy":true,"managed_policy_arns":true,"name_prefix":true,"tags_all":true,"unique_id":true}"#))
            root.append(Resource(address: "aws_iam_role_policy_attachment.\(kind)[\(q(key))]", type: "aws_iam_role_policy_attachment", name: kind, index: q(key),
                                 values: #"{"role":\#(q(roleName))}"#, unknown: #"{"id":true,"policy_arn":true}"#))
        }
        root.append(Resource(address: "aws_ecr_registry_policy.this", type: "aws_ecr_registry_policy", name: "this", index: nil,
                             values: #"{"policy":\#(q(#"{"Statement":[{"Action":["ecr:CreateRepository","ecr:ReplicateImage"],"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::\#(drAccount):root"},"Resource":"arn:aws:ecr:us-east-1:\#(account):repository/*","Sid":"ReplicationFromDR"}],"Version":"2012-10-17"}"#))}"#,
                             unknown: #"{"id":true,"registry_id":true}"#))
        root.append(Resource(address: "aws_ecr_replication_configuration.this", type: "aws_ecr_replication_configuration", name: "this", index: nil,
                             values: #"{"replication_configuration":[{"rule":[{"destination":[{"region":"us-west-2","registry_id":"\#(account)"},{"region":"us-east-1","registry_id":"\#(drAccount)"}],"repository_filter":[{"filter":"team","filter_type":"PREFIX_MATCH"}]}]}]}"#,
                             unknown: #"{"id":true,"registry_id":true,"replication_configuration":[{"rule":[{"destination":[{},{}],"repository_filter":[{}]}]}]}"#))

        func planned(_ r: Resource) -> String {
            #"{"address":\#(q(r.address)),"mode":"managed","type":"\#(r.type)","name":"\#(r.name)",\#(r.index.map { #""index":\#($0),"# } ?? "")"provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":\#(r.values),"sensitive_values":{}}"#
        }
        func change(_ r: Resource) -> String {
            #"{"address":\#(q(r.address)),\#(r.module.map { #""module_address":\#(q($0)),"# } ?? "")"mode":"managed","type":"\#(r.type)","name":"\#(r.name)",\#(r.index.map { #""index":\#($0),"# } ?? "")"provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":\#(r.values),"after_unknown":\#(r.unknown),"before_sensitive":false,"after_sensitive":{}}}"#
        }
        let children = Dictionary(grouping: module, by: { $0.module! })
        let childModules = children.keys.sorted().map { key in
            #"{"resources":[\#(children[key]!.map(planned).joined(separator: ","))],"address":\#(q(key))}"#
        }
        let configuration = """
        {"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws","version_constraint":">= 5.0.0","expressions":{"region":{"constant_value":"us-east-1"}}}},\
        "root_module":{"resources":[\
        {"address":"aws_ecr_registry_policy.this","mode":"managed","type":"aws_ecr_registry_policy","name":"this","provider_config_key":"aws","expressions":{"policy":{}},"schema_version":0},\
        {"address":"aws_ecr_replication_configuration.this","mode":"managed","type":"aws_ecr_replication_configuration","name":"this","provider_config_key":"aws","expressions":{"replication_configuration":[{"rule":[{"destination":[{"region":{"constant_value":"us-west-2"},"registry_id":{"references":["data.aws_caller_identity.current.account_id","data.aws_caller_identity.current"]}},{"region":{"constant_value":"us-east-1"},"registry_id":{"constant_value":"\(drAccount)"}}],"repository_filter":[{"filter":{"constant_value":"team"},"filter_type":{"constant_value":"PREFIX_MATCH"}}]}]}]},"schema_version":0},\
        {"address":"aws_iam_policy.ci","mode":"managed","type":"aws_iam_policy","name":"ci","provider_config_key":"aws","expressions":{"name":{"references":["each.key"]},"policy":{"references":["each.key"]}},"schema_version":0,"for_each_expression":{"references":["local.teams"]}},\
        {"address":"aws_iam_policy.developer","mode":"managed","type":"aws_iam_policy","name":"developer","provider_config_key":"aws","expressions":{"name":{"constant_value":"developer-pull"},"policy":{}},"schema_version":0},\
        {"address":"aws_iam_role.ci","mode":"managed","type":"aws_iam_role","name":"ci","provider_config_key":"aws","expressions":{"assume_role_policy":{"references":["data.aws_caller_identity.current.account_id","data.aws_caller_identity.current"]},"name":{"references":["each.key"]}},"schema_version":0,"for_each_expression":{"references":["local.teams"]}},\
        {"address":"aws_iam_role.developer","mode":"managed","type":"aws_iam_role","name":"developer","provider_config_key":"aws","expressions":{"assume_role_policy":{"references":["data.aws_caller_identity.current.account_id","data.aws_caller_identity.current"]},"name":{"references":["each.key"]}},"schema_version":0,"for_each_expression":{"references":["local.developers"]}},\
        {"address":"aws_iam_role_policy_attachment.ci","mode":"managed","type":"aws_iam_role_policy_attachment","name":"ci","provider_config_key":"aws","expressions":{"policy_arn":{"references":["aws_iam_policy.ci","each.key"]},"role":{"references":["aws_iam_role.ci","each.key"]}},"schema_version":0,"for_each_expression":{"references":["local.teams"]}},\
        {"address":"aws_iam_role_policy_attachment.developer","mode":"managed","type":"aws_iam_role_policy_attachment","name":"developer","provider_config_key":"aws","expressions":{"policy_arn":{"references":["aws_iam_policy.developer.arn","aws_iam_policy.developer"]},"role":{"references":["aws_iam_role.developer","each.key"]}},"schema_version":0,"for_each_expression":{"references":["local.developers"]}},\
        {"address":"data.aws_caller_identity.current","mode":"data","type":"aws_caller_identity","name":"current","provider_config_key":"aws","schema_version":0}],\
        "module_calls":{"repository":{"source":"./modules/repository","for_each_expression":{"references":["local.repositories"]},"expressions":{"name":{"references":["each.key"]},"team":{"references":["each.value.team","each.value"]}},\
        "module":{"resources":[\
        {"address":"aws_ecr_repository.this","mode":"managed","type":"aws_ecr_repository","name":"this","provider_config_key":"aws","expressions":{"image_tag_mutability":{"constant_value":"IMMUTABLE"},"name":{"references":["var.name"]},"image_scanning_configuration":[{"scan_on_push":{"constant_value":true}}]},"schema_version":0},\
        {"address":"aws_ecr_repository_policy.this","mode":"managed","type":"aws_ecr_repository_policy","name":"this","provider_config_key":"aws","expressions":{"policy":{"references":["data.aws_iam_policy_document.repository.json","data.aws_iam_policy_document.repository"]},"repository":{"references":["aws_ecr_repository.this.name","aws_ecr_repository.this"]}},"schema_version":0}],\
        "variables":{"name":{},"team":{}}}}}}}
        """
        let prior = #"{"format_version":"1.0","terraform_version":"1.11.4","values":{"root_module":{"resources":[{"address":"data.aws_caller_identity.current","mode":"data","type":"aws_caller_identity","name":"current","provider_name":"registry.terraform.io/hashicorp/aws","schema_version":0,"values":{"account_id":"\#(account)","arn":"arn:aws:iam::\#(account):user/terraform","id":"\#(account)","user_id":"AIDAEXAMPLE"},"sensitive_values":{}}]}}}"#
        let all = root + module
        return #"{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{"root_module":{"resources":[\#(root.map(planned).joined(separator: ","))],"child_modules":[\#(childModules.joined(separator: ","))]}},"resource_changes":[\#(all.map(change).joined(separator: ","))],"prior_state":\#(prior),"configuration":\#(configuration),"timestamp":"2026-12-04T00:00:00Z","applyable":true,"complete":true,"errored":false}"#
            + "\n"
    }

    /// aws_iam_policy_document JSON (two-space indentation).
    func repositoryPolicy(team: String) -> String {
        """
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Sid": "AllowPullFromOrganization",
              "Effect": "Allow",
              "Action": [
                "ecr:BatchCheckLayerAvailability",
                "ecr:BatchGetImage",
                "ecr:GetDownloadUrlForLayer"
              ],
              "Principal": "*",
              "Condition": {
                "StringEquals": {
                  "aws:PrincipalOrgID": "\(organization)"
                }
              }
            },
            {
              "Sid": "DenyPushExceptTeamCI",
              "Effect": "Deny",
              "Action": [
                "ecr:CompleteLayerUpload",
                "ecr:InitiateLayerUpload",
                "ecr:PutImage",
                "ecr:UploadLayerPart"
              ],
              "Principal": "*",
              "Condition": {
                "ArnNotEquals": {
                  "aws:PrincipalArn": "arn:aws:iam::\(account):role/\(team)-ci"
                }
              }
            }
          ]
        }
        """
    }

    func ciPolicy(team: String) -> String {
        #"{"Statement":[{"Action":"ecr:GetAuthorizationToken","Effect":"Allow","Resource":"*"},{"Action":["ecr:BatchCheckLayerAvailability","ecr:BatchGetImage","ecr:CompleteLayerUpload","ecr:GetDownloadUrlForLayer","ecr:InitiateLayerUpload","ecr:PutImage","ecr:UploadLayerPart"],"Effect":"Allow","Resource":"arn:aws:ecr:us-east-1:\#(account):repository/\#(team)/*"}],"Version":"2012-10-17"}"#
    }

    var developerPolicy: String {
        #"{"Statement":[{"Action":["ecr:BatchGetImage","ecr:DescribeImages","ecr:DescribeRepositories","ecr:GetAuthorizationToken","ecr:GetDownloadUrlForLayer","ecr:ListImages"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}"#
    }
}
