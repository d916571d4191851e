print("parse-benchmark: not built yet")
