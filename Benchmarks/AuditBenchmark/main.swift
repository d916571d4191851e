print("audit-benchmark: not built yet")
