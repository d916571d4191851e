print("ecr-benchmark: not built yet")
