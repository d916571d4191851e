print("eval-benchmark: not built yet")
