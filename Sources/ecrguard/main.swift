import ECRGuardCLI

ECRGuard.runMain()
