print("check-benchmark: not built yet")
