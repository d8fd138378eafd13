"""spaCy pipeline construction and the cheap pre-parse filter."""
