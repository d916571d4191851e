// Report writers (issue 5) live here.
