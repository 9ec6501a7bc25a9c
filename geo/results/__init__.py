"""From zone parameters to results: one zone, the grid cache of the sliders, two zones compared."""
