"""Report stage: the accuracy, paper and material-map tables, the accuracy maps and their
figures, from the network stage's metrics and the surrogate stage's device records."""
