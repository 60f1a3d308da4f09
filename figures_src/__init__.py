"""Figure scripts for ML Derived: one `plot_<what>.py` per figure, rendered by `site_build.figures`."""
