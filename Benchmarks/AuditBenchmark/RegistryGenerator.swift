/// Generates a large, realistic registry in memory: teams owning repositories, each repository with
/// an organization-pull policy that denies pushes except by its team's CI role; CI, developer,
/// organization-member and outside principals; replication to a second Region and a DR account.
struct RegistryGenerator {
    var repositories: Int
    var principals: Int
    var teams = 20
    /// How the repository policies differ from one another.
    var variation = PolicyVariation.sharedPerTeam

    enum PolicyVariation: String {
        /// One text per team (the usual Terraform-module shape).
        case sharedPerTeam = "shared"
        /// The team's text with a Sid of its own in each repository: texts all differ, decisions do not.
        case uniqueSids = "sids"
        /// An organization id of its own in each repository: every policy decides differently.
        case distinct
    }
    let account = "123456789012"
    let drAccount = "210987654321"
    let organization = "o-a1b2c3d4e5"

    struct Output {
        var manifest: String
        /// Policy files by path (`generated/...`).
        var files: [String: String]
    }

    func team(_ i: Int) -> String { "team" + String(i).leftPadded(2) }

    func generate() -> Output {
        var files: [String: String] = [:]
        var yaml = "version: 1\nregistries:\n"
        yaml += """
          - name: production
            account: "\(account)"
            region: us-east-1
            organization: {id: \(organization)}
            replication:
              rules:
                - destinations:
                    - {region: us-west-2, registryId: "\(account)"}
                    - {region: us-east-1, registryId: "\(drAccount)"}
                  repositoryFilters:
                    - {filter: team, filterType: PREFIX_MATCH}
            repositories:

        """
        for r in 0..<repositories {
            let t = team(r % teams)
            let name = "\(t)/service-\(String(r).leftPadded(5))"
            let path = "repositories/\(t)/service-\(String(r).leftPadded(5)).json"
            files["generated/" + path] = repositoryPolicy(team: t, index: r)
            yaml += "      - {name: \(name), policy: \(path), scanOnPush: true, imageTagMutability: IMMUTABLE}\n"
        }
        yaml += """
          - name: production-west
            account: "\(account)"
            region: us-west-2
          - name: disaster-recovery
            account: "\(drAccount)"
            region: us-east-1
            organization: {id: \(organization)}
            registryPolicy: {file: registries/dr.json, scope: V2}
        principals:

        """
        files["generated/registries/dr.json"] = """
        {"Version": "2012-10-17", "Statement": [{"Sid": "ReplicationFromProduction", "Effect": "Allow",
          "Principal": {"AWS": "arn:aws:iam::\(account):root"}, "Action": ["ecr:CreateRepository", "ecr:ReplicateImage"],
          "Resource": "arn:aws:ecr:us-east-1:\(drAccount):repository/*"}]}
        """
        files["generated/identity/developer.json"] = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability",
          "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:DescribeRepositories", "ecr:ListImages", "ecr:DescribeImages",
          "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"], "Resource": "*"}]}
        """
        files["generated/identity/deploy.json"] = """
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
          {"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "arn:aws:ecr:us-east-1:\(account):repository/*"}]}
        """
        files["generated/identity/outsider.json"] = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]}
        """
        var names: [String] = []
        for p in 0..<principals {
            let t = team((p / 10) % teams)
            let name: String, arn: String, policy: String, extra: String
            switch p % 10 {
            case 0:
                // Beyond one CI role per team (more than 10 principals a team), each further round its own name.
                let round = p / (10 * teams), suffix = round == 0 ? "" : "-\(round)"
                name = "ci-\(t)\(suffix)"; arn = "arn:aws:iam::\(account):role/\(t)-ci\(suffix)"; policy = "identity/ci-\(t).json"; extra = ""
                files["generated/" + policy] = ciPolicy(team: t)
            case 1, 2, 3:
                name = "developer-\(p)"; arn = "arn:aws:iam::\(account):role/developer-\(p)"; policy = "identity/developer.json"; extra = ""
            case 4, 5, 6, 7:
                let member = String(111_100_000_000 + p)
                name = "deploy-\(p)"; arn = "arn:aws:iam::\(member):role/deploy"; policy = "identity/deploy.json"
                extra = ", organization: {id: \(organization)}"
            default:
                let outside = String(444_400_000_000 + p)
                name = "outsider-\(p)"; arn = "arn:aws:iam::\(outside):role/admin"; policy = "identity/outsider.json"; extra = ""
            }
            names.append(name)
            yaml += "  - {name: \(name), arn: \"\(arn)\", identityPolicies: [\(policy)]\(extra)}\n"
        }
        yaml += "expectations:\n"
        for t in 0..<min(teams, principals / 10) {
            let repository = "\(team(t))/service-\(String(t).leftPadded(5))"
            yaml += "  - {principal: ci-\(team(t)), repository: \(repository), can: [push, pull], cannot: [manage-policy]}\n"
            yaml += "  - {principal: \(names[t * 10 + 9 < names.count ? t * 10 + 9 : names.count - 1]), repository: \(repository), cannot: [pull, push]}\n"
            yaml += "  - {replication: \(repository), to: {region: us-east-1, registryId: \"\(drAccount)\"}}\n"
        }
        return Output(manifest: yaml, files: files)
    }

    func repositoryPolicy(team: String, index: Int) -> String {
        let sid = variation == .uniqueSids ? "AllowPullFromOrganization\(index)" : "AllowPullFromOrganization"
        let pullOrganization = variation == .distinct ? "\(organization)\(index)" : organization
        return """
        {"Version": "2012-10-17", "Statement": [
          {"Sid": "\(sid)", "Effect": "Allow", "Principal": "*",
           "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
           "Condition": {"StringEquals": {"aws:PrincipalOrgID": "\(pullOrganization)"}}},
          {"Sid": "DenyPushExceptTeamCI", "Effect": "Deny", "Principal": "*",
           "Action": ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"],
           "Condition": {"ArnNotEquals": {"aws:PrincipalArn": "arn:aws:iam::\(account):role/\(team)-ci"}}}]}
        """
    }

    func ciPolicy(team: String) -> String {
        """
        {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
          {"Effect": "Allow", "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
            "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"],
           "Resource": "arn:aws:ecr:us-east-1:\(account):repository/\(team)/*"}]}
        """
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
