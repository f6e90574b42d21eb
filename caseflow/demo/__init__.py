"""Demo data: the demo set ``make run`` loads, and demo data at volume for the benchmarks."""
