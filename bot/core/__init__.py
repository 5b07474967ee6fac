"""The conversation core: knows no chat platform, no database engine and no HTTP stack."""
