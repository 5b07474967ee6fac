"""The Zalo Official Account channel (Open API v3): webhook in, consultation messages out."""
