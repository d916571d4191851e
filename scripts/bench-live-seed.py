#!/usr/bin/env python3
"""Seeds moto_server for the `import live` benchmark: one account, REPOS repositories (each with a
repository policy: the organization may pull; every 50th also names one role) in us-east-1 and ROLES
roles (each with an inline policy; every tenth can use ECR).

Usage: bench-live-seed.py ENDPOINT REPOS ROLES
"""
import json
import sys

import boto3

endpoint, repos, roles = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
ecr, iam = boto3.client("ecr", **kw), boto3.client("iam", **kw)
trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
for i in range(repos):
    name = f"team-{i % 20}/service-{i:04d}"
    ecr.create_repository(repositoryName=name)
    statements = [{"Sid": "OrgPull", "Effect": "Allow", "Principal": "*", "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                   "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}]
    if i % 50 == 0 and roles:
        statements.append({"Sid": "Push", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::123456789012:role/role-{(i * 7) % roles:04d}"},
                           "Action": ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]})
    ecr.set_repository_policy(repositoryName=name, policyText=json.dumps({"Version": "2012-10-17", "Statement": statements}))
for i in range(roles):
    iam.create_role(RoleName=f"role-{i:04d}", AssumeRolePolicyDocument=trust)
    action = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:PutImage"] if i % 10 == 0 else ["s3:GetObject"]
    iam.put_role_policy(RoleName=f"role-{i:04d}", PolicyName="inline", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]}))
print(f"seeded {repos} repositories and {roles} roles")
