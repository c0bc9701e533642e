"""Reports of sweeps: the results table, statistics, figures, HTML and Markdown."""
