"""Figure scripts for ML Derived: one `plot_<what>.py` per figure, rendered by `site_build.figures`.

To see every figure in both themes as the site shows them: `python -m site_build.figures`.
"""
