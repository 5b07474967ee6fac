"""Vietnamese FAQ matching: load FAQ files, normalise citizens' questions, find the entry meant."""
