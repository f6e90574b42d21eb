"""Monthly counts: the metric catalog, the rollup, frozen snapshots and the committee report."""
