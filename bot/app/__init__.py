"""The application shell: settings, the one composition root, channel wiring, runtime,
scheduler and the `pakn` command line."""
