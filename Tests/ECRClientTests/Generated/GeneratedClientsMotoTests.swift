@testable import ECRClient
import Foundation
import XCTest

/// The generated ECR, Organizations, IAM and STS clients against moto_server with signature
/// verification on (INITIAL_NO_AUTH_ACTION_COUNT=3): the first three calls, made with the generated
/// IAM client, create a user, its access key and an allow-all policy; every later call is checked.
final class GeneratedClientsMotoTests: MotoTestCase {
    override class var motoEnvironment: [String: String] { ["INITIAL_NO_AUTH_ACTION_COUNT": "3"] }

    nonisolated(unsafe) static var key: AWSCredentials?

    private func executor(_ credentials: AWSCredentials) throws -> AWSRequestExecutor {
        AWSRequestExecutor(transport: try CurlTransport(options: TransportOptions(connectTimeout: 2, totalTimeout: 20)),
                           credentials: StaticCredentialProvider(credentials), retry: RetryPolicy(maxAttempts: 1))
    }

    /// Clients for this server, resolved as the CLI resolves them (AWS_ENDPOINT_URL_<SERVICE>).
    private func clients(_ credentials: AWSCredentials) throws -> (ecr: ECR, iam: IAM, sts: STS, organizations: Organizations) {
        let server = try moto()
        let configuration = try AWSClientConfiguration.resolve(AWSClientOptions(), environment: [
            "AWS_REGION": "eu-west-1", "AWS_ENDPOINT_URL_ECR": server.endpoint, "AWS_ENDPOINT_URL_IAM": server.endpoint,
            "AWS_ENDPOINT_URL_STS": server.endpoint, "AWS_ENDPOINT_URL_ORGANIZATIONS": server.endpoint,
            "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
        ])
        let executor = try executor(credentials)
        return (try configuration.ecr(executor: executor), try configuration.iam(executor: executor),
                try configuration.sts(executor: executor), try configuration.organizations(executor: executor))
    }

    private func accessKey() throws -> AWSCredentials {
        if let key = Self.key { return key }
        let iam = try clients(AWSCredentials(accessKeyId: "bootstrap", secretAccessKey: "bootstrap")).iam
        _ = try iam.createUser(IAM.CreateUserRequest(userName: "ci"))
        let created = try iam.createAccessKey(IAM.CreateAccessKeyRequest(userName: "ci"))
        _ = try iam.putUserPolicy(IAM.PutUserPolicyRequest(userName: "ci", policyName: "all",
                                                           policyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#))
        let key = AWSCredentials(accessKeyId: try XCTUnwrap(created.accessKey?.accessKeyId), secretAccessKey: try XCTUnwrap(created.accessKey?.secretAccessKey))
        Self.key = key
        return key
    }

    func testGlobalServicesAreSignedForUsEast1() throws {
        let configuration = try AWSClientConfiguration.resolve(AWSClientOptions(), environment: ["AWS_REGION": "eu-west-1", "AWS_CONFIG_FILE": "/nonexistent"])
        XCTAssertEqual(try configuration.endpoint(.iam).url.absoluteString, "https://iam.amazonaws.com")
        XCTAssertEqual(try configuration.endpoint(.iam).signingRegion, "us-east-1")
        XCTAssertEqual(try configuration.endpoint(.organizations).url.absoluteString, "https://organizations.us-east-1.amazonaws.com")
        XCTAssertEqual(try configuration.endpoint(.sts).url.absoluteString, "https://sts.eu-west-1.amazonaws.com")
        XCTAssertEqual(try configuration.endpoint(.sts).signingRegion, "eu-west-1")
    }

    func testECROperations() throws {
        let ecr = try clients(try accessKey()).ecr
        let name = unique("generated")
        let created = try ecr.createRepository(ECR.CreateRepositoryRequest(repositoryName: name, tags: [ECR.Tag(key: "team", value: "a")],
                                                                          imageTagMutability: .immutable))
        XCTAssertEqual(created.repository?.repositoryName, name)
        XCTAssertEqual(created.repository?.imageTagMutability, .immutable)
        let described = try ecr.describeRepositories(.init(repositoryNames: [name]))
        XCTAssertEqual(described.repositories?.map(\.repositoryName), [name])
        XCTAssertNotNil(described.repositories?.first?.createdAt?.wireValue)

        let policy = #"{"Version":"2012-10-17","Statement":[{"Sid":"pull","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"ecr:BatchGetImage"}]}"#
        _ = try ecr.setRepositoryPolicy(ECR.SetRepositoryPolicyRequest(repositoryName: name, policyText: policy))
        let read = try ecr.getRepositoryPolicy(.init(repositoryName: name))
        XCTAssertEqual(try JSONValue.parse(try XCTUnwrap(read.policyText)), try JSONValue.parse(policy))
        XCTAssertEqual(read.jsonValue().objectKeys, ["registryId", "repositoryName", "policyText"])

        _ = try ecr.putImageTagMutability(ECR.PutImageTagMutabilityRequest(repositoryName: name, imageTagMutability: .mutable))
        XCTAssertEqual(try ecr.describeRepositories(.init(repositoryNames: [name])).repositories?.first?.imageTagMutability, .mutable)
        let arn = try XCTUnwrap(created.repository?.repositoryArn)
        XCTAssertEqual(try ecr.listTagsForResource(.init(resourceArn: arn)).tags, [ECR.Tag(key: "team", value: "a")])
        XCTAssertEqual(try ecr.describeRegistry().registryId, "123456789012")

        XCTAssertThrowsError(try ecr.getRepositoryPolicy(.init(repositoryName: unique("missing")))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, ECR.ErrorCode.repositoryNotFoundException.rawValue)
        }
        _ = try ecr.deleteRepository(ECR.DeleteRepositoryRequest(repositoryName: name, force: true))
    }

    func testOrganizationsCreateListRootsAndPagedAccounts() throws {
        let organizations = try clients(try accessKey()).organizations
        let created = try organizations.createOrganization(.init(featureSet: .all))
        XCTAssertEqual(created.organization?.featureSet, .all)
        XCTAssertEqual(try organizations.describeOrganization().organization?.id, created.organization?.id)
        let roots = try organizations.listRoots()
        XCTAssertEqual(roots.roots?.count, 1)
        XCTAssertTrue(roots.roots?.first?.id?.hasPrefix("r-") ?? false)
        for index in 0..<2 {
            _ = try organizations.createAccount(Organizations.CreateAccountRequest(email: "a\(index)@example.com", accountName: "member-\(index)"))
        }
        let pages = try organizations.listAccountsPaginator(.init(maxResults: 1)).allPages()
        XCTAssertEqual(pages.count, 3, "one account per page: the management account and two members")
        XCTAssertEqual(Set(pages.flatMap { $0.accounts ?? [] }.compactMap(\.name)).isSuperset(of: ["member-0", "member-1"]), true)
        XCTAssertNil(pages.last?.nextToken)

        // Printed as the AWS CLI prints the same answer (model order, JoinedTimestamp as sent).
        let server = try moto(needsAWSCLI: true)
        let key = try accessKey()
        let credentials = ["AWS_ACCESS_KEY_ID": key.accessKeyId, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey]
        let theirs = try server.aws(["organizations", "list-accounts", "--no-paginate"], environment: credentials)
        XCTAssertEqual(theirs.status, 0, theirs.stderr)
        XCTAssertEqual(try organizations.listAccounts().jsonValue().compact, try JSONValue.parse(theirs.stdout).compact)
        let rootsPrinted = try server.aws(["organizations", "list-roots", "--no-paginate"], environment: credentials)
        XCTAssertEqual(try organizations.listRoots().jsonValue().compact, try JSONValue.parse(rootsPrinted.stdout).compact)
    }

    func testIAMRolesPoliciesAndAuthorizationDetails() throws {
        let iam = try clients(try accessKey()).iam
        let roleName = unique("role")
        let trust = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        let role = try iam.createRole(IAM.CreateRoleRequest(roleName: roleName, assumeRolePolicyDocument: trust, description: "generated client",
                                                            tags: [IAM.Tag(key: "team", value: "platform")]))
        XCTAssertEqual(role.role?.roleName, roleName)
        let read = try iam.getRole(.init(roleName: roleName))
        XCTAssertEqual(read.role?.arn, role.role?.arn)
        XCTAssertEqual(read.role?.tags, [IAM.Tag(key: "team", value: "platform")])
        XCTAssertNotNil(read.role?.createDate?.wireValue)

        let policy = try iam.createPolicy(IAM.CreatePolicyRequest(policyName: unique("policy"),
                                                                  policyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:*","Resource":"*"}]}"#))
        let policyArn = try XCTUnwrap(policy.policy?.arn)
        _ = try iam.createPolicyVersion(IAM.CreatePolicyVersionRequest(policyArn: policyArn,
                                                                       policyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"ecr:*","Resource":"*"}]}"#,
                                                                       setAsDefault: true))
        let version = try iam.getPolicyVersion(.init(policyArn: policyArn, versionId: "v2"))
        XCTAssertEqual(version.policyVersion?.isDefaultVersion, true)
        let document = try XCTUnwrap(version.policyVersion?.document?.removingPercentEncoding)
        XCTAssertTrue(document.contains(#""Deny""#), document)
        _ = try iam.attachRolePolicy(IAM.AttachRolePolicyRequest(roleName: roleName, policyArn: policyArn))

        let pages = try iam.getAccountAuthorizationDetailsPaginator(.init(filter: [.role, .localManagedPolicy])).allPages()
        let roles = pages.flatMap { $0.roleDetailList ?? [] }
        let detail = try XCTUnwrap(roles.first { $0.roleName == roleName })
        XCTAssertEqual(detail.attachedManagedPolicies?.map(\.policyArn), [policyArn])
        let policies = pages.flatMap { $0.policies ?? [] }
        XCTAssertEqual(policies.first { $0.arn == policyArn }?.policyVersionList?.count, 2)
        XCTAssertNil(pages.flatMap { $0.userDetailList ?? [] }.first, "the filter leaves users out")

        XCTAssertThrowsError(try iam.getRole(.init(roleName: unique("missing")))) { error in
            XCTAssertEqual((error as? AWSClientError)?.code, IAM.ErrorCode.noSuchEntityException.rawValue)
        }
    }

    /// The same GetAccountAuthorizationDetails answer printed by the AWS CLI and by ecrguard's shapes:
    /// model order, timestamps as sent, policy documents URL-decoded and parsed as botocore does.
    func testAuthorizationDetailsPrintAsTheAWSCLIPrintsThem() throws {
        let key = try accessKey()
        let server = try moto(needsAWSCLI: true)
        let iam = try clients(key).iam
        let roleName = unique("printed")
        _ = try iam.createRole(IAM.CreateRoleRequest(roleName: roleName, assumeRolePolicyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}"#))
        _ = try iam.putRolePolicy(IAM.PutRolePolicyRequest(roleName: roleName, policyName: "inline",
                                                           policyDocument: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ecr:Get*","Resource":"*"}]}"#))
        let theirs = try server.aws(["iam", "get-account-authorization-details", "--no-paginate"],
                                    environment: ["AWS_ACCESS_KEY_ID": key.accessKeyId, "AWS_SECRET_ACCESS_KEY": key.secretAccessKey])
        XCTAssertEqual(theirs.status, 0, theirs.stderr)
        let ours = try iam.getAccountAuthorizationDetails().jsonValue()
        XCTAssertEqual(ours.compact, try JSONValue.parse(theirs.stdout).compact)
        let role = try XCTUnwrap(ours["RoleDetailList"]?.arrayValue?.first { $0["RoleName"] == .string(roleName) })
        XCTAssertEqual(role["RolePolicyList"]?.arrayValue?.first?["PolicyDocument"]?["Statement"]?.arrayValue?.first?["Action"], .string("ecr:Get*"))
    }

    func testSTSCallerIdentityAndAssumeRole() throws {
        let key = try accessKey()
        let sts = try clients(key).sts
        let identity = try sts.getCallerIdentity()
        XCTAssertEqual(identity.arn, "arn:aws:iam::123456789012:user/ci")
        XCTAssertEqual(identity.account, "123456789012")
        let theirs = try moto(needsAWSCLI: true).aws(["sts", "get-caller-identity"], environment: ["AWS_ACCESS_KEY_ID": key.accessKeyId,
                                                                                                 "AWS_SECRET_ACCESS_KEY": key.secretAccessKey])
        XCTAssertEqual(identity.jsonValue().compact, try JSONValue.parse(theirs.stdout).compact)

        let assumed = try sts.assumeRole(STS.AssumeRoleRequest(roleArn: "arn:aws:iam::210987654321:role/auditor", roleSessionName: "ecrguard", durationSeconds: 900))
        let credentials = try XCTUnwrap(assumed.credentials)
        XCTAssertTrue(credentials.accessKeyId?.hasPrefix("ASIA") ?? false, "\(credentials)")
        XCTAssertNotNil(credentials.expiration?.wireValue)
        XCTAssertEqual(assumed.assumedRoleUser?.arn, "arn:aws:sts::210987654321:assumed-role/auditor/ecrguard")
        XCTAssertFalse("\(credentials)".contains(try XCTUnwrap(credentials.secretAccessKey)))
    }

    /// Every protocol's requests are really checked: a wrong secret is refused by each service.
    func testWrongSecretIsRejectedForEveryProtocol() throws {
        let key = try accessKey()
        let wrong = try clients(AWSCredentials(accessKeyId: key.accessKeyId, secretAccessKey: key.secretAccessKey + "x"))
        let calls: [(String, () throws -> Void)] = [
            ("ECR", { _ = try wrong.ecr.describeRegistry() }),
            ("IAM", { _ = try wrong.iam.listRoles() }),
            ("STS", { _ = try wrong.sts.getCallerIdentity() }),
            ("Organizations", { _ = try wrong.organizations.listRoots() }),
        ]
        for (service, call) in calls {
            XCTAssertThrowsError(try call(), service) { error in
                XCTAssertEqual((error as? AWSClientError)?.code, "SignatureDoesNotMatch", service)
            }
        }
    }
}
