// The ECR client (issue 6) lives here.
