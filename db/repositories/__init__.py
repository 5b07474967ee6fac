"""Repositories: domain values in and out, SQL inside, never a commit."""
