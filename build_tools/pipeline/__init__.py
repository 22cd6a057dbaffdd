"""The build: jobs keyed by their inputs, run in forked workers, published together."""
