/// A generated registry whose policy files are of every kind the audit treats differently, for
/// comparing audits that share the work out differently (`--jobs`): distinct texts of different
/// sizes (and so different costs), texts many repositories share (checked once and re-pointed),
/// shared texts naming `Resource` (checked every time), and files that are not JSON policies at
/// all (a duplicated non-JSON text, distinct JSON arrays, distinct truncated objects), which fail closed.
public enum MixedRegistryFixture {
    public static let account = "123456789012"
    public static let organization = "o-a1b2c3d4e5"

    /// The manifest (`<directory>/ecrguard.yaml`) and every policy file by path under `directory`.
    public static func generate(repositories: Int, directory: String = ".") -> (manifest: String, files: [String: String]) {
        var files: [String: String] = [:]
        func path(_ name: String) -> String { directory == "." ? name : directory + "/" + name }
        var yaml = """
        version: 1
        registries:
          - name: production
            account: "\(account)"
            region: us-east-1
            organization: {id: \(organization)}
            registryPolicy: {file: registry.json, scope: V2}
            repositories:

        """
        files[path("registry.json")] = """
        {"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*",
          "Action": ["ecr:ReplicateImage", "ecr:CreateRepository"], "Resource": "arn:aws:ecr:us-east-1:\(account):repository/*"}]}
        """
        for r in 0..<repositories {
            let name = "team\(r % 4)/service-\(r)"
            let file = "repositories/service-\(r).json"
            files[path(file)] = repositoryPolicy(r)
            yaml += "      - {name: \(name), policy: \(file), scanOnPush: \(r % 5 != 0)}\n"
        }
        yaml += "principals:\n"
        for p in 0..<12 {
            let policy = p % 4 == 3 ? "identity/broken.json" : "identity/role-\(p % 6).json"
            files[path(policy)] = p % 4 == 3 ? #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow""#
                : #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecr:BatchGetImage", "ecr:PutImage\#(p % 2 == 0 ? "" : "*")"], "Resource": "arn:aws:ecr:us-east-1:\#(account):repository/team\#(p % 4)/*"}]}"#
            yaml += "  - {name: role-\(p), arn: \"arn:aws:iam::\(account):role/role-\(p)\", identityPolicies: [\(policy)]}\n"
        }
        yaml += "  - {name: outsider, arn: \"arn:aws:iam::444455556666:role/admin\", identityPolicies: [identity/role-0.json]}\n"
        yaml += "expectations:\n"
        yaml += "  - {principal: role-0, repository: team0/service-4, can: [pull], cannot: [manage-policy]}\n"
        yaml += "  - {principal: outsider, repository: team1/service-1, cannot: [pull, push]}\n"
        return (yaml, files)
    }

    /// Repository `r`'s policy: one of the shared texts, a file that is no JSON policy, or a text of
    /// its own with 1 to 5 statements (some public, some with wildcards).
    static func repositoryPolicy(_ r: Int) -> String {
        switch r {
        case _ where r % 17 == 3:
            return "this is not JSON {"
        case _ where r % 17 == 4:
            return #"["not", "a", "policy", \#(r)]"#
        case _ where r % 19 == 2:
            return #"{"Version": "2012-10-17", "Statement": [{"Sid": "Cut\#(r)", "Effect": "Allow""#
        case _ where r % 6 == 0:
            return #"{"Version": "2012-10-17", "Statement": [{"Sid": "Everyone", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}"#
        case _ where r % 6 == 1:
            return #"{"Version": "2012-10-17", "Statement": [{"Sid": "Org", "Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "\#(organization)"}}}]}"#
        default:
            var statements: [String] = []
            for s in 0...(r % 5) {
                let principal = (r + s) % 3 == 0 ? #""*""# : #"{"AWS": "arn:aws:iam::\#(100_000_000_000 + r * 7 + s):root"}"#
                let action = (r + s) % 4 == 0 ? #""ecr:*""# : #"["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:PutImage"]"#
                let condition = s % 2 == 0 ? #", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "\#(organization)\#(r)"}}"# : ""
                statements.append(#"{"Sid": "S\#(s)", "Effect": "\#(s == 3 ? "Deny" : "Allow")", "Principal": \#(principal), "Action": \#(action)\#(condition)}"#)
            }
            return #"{"Version": "2012-10-17", "Statement": [\#(statements.joined(separator: ",\n  "))]}"#
        }
    }
}
