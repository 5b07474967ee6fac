"""Report files for a period: the XLSX laid out like the official form with a chart, and the
per-ticket CSV. Codes, types, channels, dates and statuses only: no citizen data."""
