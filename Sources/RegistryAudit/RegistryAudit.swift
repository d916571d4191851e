// The registry manifest and audit analysis (issue 5) live here.
