"""S3-compatible object storage: our own small client (AWS Signature Version 4)."""
