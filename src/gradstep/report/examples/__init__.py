"""The lessons' ten worked examples, one module each; each ``run(ctx)`` runs the library
and returns an :class:`~gradstep.report.results.ExampleResult` with its checks."""
