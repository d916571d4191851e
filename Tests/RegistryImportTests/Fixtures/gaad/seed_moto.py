#!/usr/bin/env python3
"""Seeds a moto_server IAM backend (account 123456789012) with the principals of the bundled
policies/ and a few more, for `aws iam get-account-authorization-details` to produce
moto-gaad.json (see README.md in this directory for the exact commands).

Usage: seed_moto.py ENDPOINT_URL     (e.g. http://127.0.0.1:5123, a fresh moto_server)
Only boto3 (a moto dependency) is needed; the policies are read from the repository's policies/.
"""
import json
import pathlib
import sys

import boto3

ROOT = pathlib.Path(__file__).resolve().parents[4]


def policy(name):
    return (ROOT / "policies" / "identity" / name).read_text()


def doc(statements):
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def main(endpoint):
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    trust = doc([{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}])

    # The bundled policies/ principals of account 123456789012: ci (inline), developer (managed).
    iam.create_role(RoleName="ci", AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName="ci", PolicyName="ci-push", PolicyDocument=policy("ci-push.json"))
    power = iam.create_policy(PolicyName="developer-power-user", Path="/teams/", PolicyDocument=policy("developer-power-user.json"))
    iam.create_role(RoleName="developer", AssumeRolePolicyDocument=trust)
    iam.attach_role_policy(RoleName="developer", PolicyArn=power["Policy"]["Arn"])

    # A managed policy shared by two roles, with two versions (the second is the default).
    pull = iam.create_policy(PolicyName="ecr-pull", PolicyDocument=doc([
        {"Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}]))
    iam.create_policy_version(PolicyArn=pull["Policy"]["Arn"], SetAsDefault=True, PolicyDocument=doc([
        {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}]))
    for name, path in [("deploy-a", "/deploy/"), ("deploy-b", "/deploy/")]:
        iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=trust)
        iam.attach_role_policy(RoleName=name, PolicyArn=pull["Policy"]["Arn"])

    # A role with a permission boundary that allows only pulls.
    boundary = iam.create_policy(PolicyName="pull-only-boundary", PolicyDocument=doc([
        {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}]))
    iam.create_role(RoleName="bounded", AssumeRolePolicyDocument=trust, PermissionsBoundary=boundary["Policy"]["Arn"])
    iam.put_role_policy(RoleName="bounded", PolicyName="ecr-all", PolicyDocument=doc([{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]))

    # Grants through NotAction and a wildcard; a role that cannot touch ECR.
    iam.create_role(RoleName="admin-except-iam", AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName="admin-except-iam", PolicyName="not-iam", PolicyDocument=doc([{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]))
    iam.create_role(RoleName="auditor", AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName="auditor", PolicyName="describe", PolicyDocument=doc([{"Effect": "Allow", "Action": "ecr:Describe*", "Resource": "*"}]))
    iam.create_role(RoleName="logs-writer", AssumeRolePolicyDocument=trust)
    iam.put_role_policy(RoleName="logs-writer", PolicyName="logs", PolicyDocument=doc([
        {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"},
        {"Effect": "Deny", "Action": "ecr:*", "Resource": "*"}]))

    # A user in a group: group inline + group managed policy flattened into the user.
    iam.create_group(GroupName="developers", Path="/teams/")
    iam.put_group_policy(GroupName="developers", PolicyName="pull", PolicyDocument=doc([
        {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "Resource": "*"}]))
    iam.attach_group_policy(GroupName="developers", PolicyArn=power["Policy"]["Arn"])
    iam.create_user(UserName="alice", Path="/people/")
    iam.add_user_to_group(GroupName="developers", UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="own-repo", PolicyDocument=doc([
        {"Effect": "Allow", "Action": "ecr:PutImage", "Resource": "arn:aws:ecr:us-east-1:123456789012:repository/alice-*"}]))
    iam.create_user(UserName="bob")  # no policies at all: left out

    # A service-linked role: left out and counted.
    iam.create_service_linked_role(AWSServiceName="replication.ecr.amazonaws.com")


if __name__ == "__main__":
    main(sys.argv[1])
