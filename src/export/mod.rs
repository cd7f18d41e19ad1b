//! Export: write tagged sentences to files people open (JSON lines, CSV, HTML).
