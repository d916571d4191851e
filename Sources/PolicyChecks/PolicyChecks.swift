// The check rules (issue 4) live here.
