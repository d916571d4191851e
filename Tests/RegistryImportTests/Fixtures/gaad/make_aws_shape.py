#!/usr/bin/env python3
"""Derives aws-shape-gaad.json from moto-gaad.json with the fields only real AWS gives (see README.md).
Run from this directory: python3 make_aws_shape.py"""
import json
import urllib.parse

d = json.load(open("moto-gaad.json"))


def enc(doc):
    # The API's form: RFC 3986 URL-encoded JSON (tools that store raw API answers keep it so).
    return urllib.parse.quote(json.dumps(doc), safe="")


for key, lst in [("UserDetailList", "UserPolicyList"), ("GroupDetailList", "GroupPolicyList"), ("RoleDetailList", "RolePolicyList")]:
    for e in d[key]:
        for p in e[lst]:
            p["PolicyDocument"] = enc(p["PolicyDocument"])
for p in d["Policies"]:  # AWS names its policies; moto leaves PolicyName and PolicyId out
    p["PolicyName"] = p["Arn"].split("/")[-1]
    p["PolicyId"] = "ANPA" + p["PolicyName"].upper().replace("-", "")[:17]
    for v in p["PolicyVersionList"]:
        v["Document"] = enc(v["Document"])
for u in d["UserDetailList"]:
    if u["UserName"] == "alice":  # user permission boundaries: moto drops them
        u["PermissionsBoundary"] = {"PermissionsBoundaryType": "Policy",
                                    "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/pull-only-boundary"}
    if u["UserName"] == "bob":  # a group the file does not describe
        u["GroupList"] = ["ghosts"]
for r in d["RoleDetailList"]:
    if r["RoleName"] == "developer":  # an attached AWS managed policy absent from Policies (PMapper#136)
        r["AttachedManagedPolicies"].append({"PolicyName": "AWSDeprecatedECRPolicy", "PolicyArn": "arn:aws:iam::aws:policy/AWSDeprecatedECRPolicy"})
    if r["RoleName"] == "auditor":
        r["AttachedManagedPolicies"].append({"PolicyName": "AmazonEC2ContainerRegistryReadOnly",
                                             "PolicyArn": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly"})
    if r["RoleName"] == "ci":
        r["AssumeRolePolicyDocument"] = enc(r["AssumeRolePolicyDocument"])
read_only = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": [
    "ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:GetRepositoryPolicy",
    "ecr:DescribeRepositories", "ecr:ListImages", "ecr:DescribeImages", "ecr:BatchGetImage", "ecr:GetLifecyclePolicy",
    "ecr:GetLifecyclePolicyPreview", "ecr:ListTagsForResource", "ecr:DescribeImageScanFindings"], "Resource": "*"}]}
d["Policies"].append({"PolicyName": "AmazonEC2ContainerRegistryReadOnly", "PolicyId": "ANPAIFYZPA37OOHVIH7KQ",
                      "Arn": "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", "Path": "/", "DefaultVersionId": "v3",
                      "AttachmentCount": 1, "IsAttachable": True,
                      "PolicyVersionList": [{"Document": enc(read_only), "VersionId": "v3", "IsDefaultVersion": True,
                                             "CreateDate": "2019-12-10T20:56:32Z"}]})
json.dump(d, open("aws-shape-gaad.json", "w"), indent=4)
